import { describe, expect, it } from 'vitest';
import { hashApiKey } from '@llm/core';
import { loadGatewayConfig } from './gateway-config-load.js';

const env = { OPENAI_API_KEY: 'sk-openai-test', ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/' };

function fields(text: string, options: Parameters<typeof loadGatewayConfig>[0] = {}): string[] {
  try {
    loadGatewayConfig({ text, env, ...options });
  } catch (err) {
    return (err as { details: { fields: string[] } }).details.fields;
  }
  throw new Error('expected the config to be refused');
}

describe('loadGatewayConfig', () => {
  it('starts with no file from the environment, on loopback without keys', () => {
    const config = loadGatewayConfig({ env });
    expect(Object.keys(config.upstreams)).toEqual(['openai', 'anthropic']);
    expect(config.upstreams.anthropic).toEqual({ apiKey: 'sk-ant-test', baseUrl: 'http://127.0.0.1:9/' });
    expect(config.authRequired).toBe(false);
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080, maxBodySize: 4 * 1024 * 1024, maxProviderModels: 256 });
  });

  it('takes ${VAR} from the environment and hashes keys written in the file', () => {
    const config = loadGatewayConfig({
      env: { ...env, TEAM: 'sk-team-0123456789abcdef' },
      text: 'providers:\n  openai: { apiKey: "${OPENAI_API_KEY}" }\nkeys:\n  - { id: team, key: "${TEAM}", budget: { usd: 3 } }\nserver: { port: 9000, host: "${HOST:-127.0.0.1}" }\n',
      now: new Date('2025-01-01T00:00:00Z'),
    });
    expect(config.upstreams).toEqual({ openai: { apiKey: 'sk-openai-test' } });
    expect(config.keyRecords).toEqual([{ id: 'team', hash: hashApiKey('sk-team-0123456789abcdef'), budget: { usd: 3, period: 'month', window: 'calendar' }, createdAt: '2025-01-01T00:00:00.000Z' }]);
    expect(config.authRequired).toBe(true);
    expect(config.server.port).toBe(9000);
  });

  it('names every bad field, unknown ones at any depth included', () => {
    const all = fields(`
server: { port: -1, extra: 1, maxProviderModels: 0 }
defaults: { retry: { maxRetries: 99, jitter: true }, timeouts: { firstChunk: never } }
providers: { azure: {} }
models:
  x: { fallback: [], model: openai:gpt-4o }
  y: "no-colon"
keys: [{ id: "bad id", hash: "md5:1" }]
`).join('\n');
    for (const f of ['server.port', 'server.maxProviderModels', 'server', 'extra', 'defaults.retry.maxRetries', 'defaults.retry.jitter', 'defaults.timeouts.firstChunk', 'providers.azure', 'models.x', 'models.y.model', 'keys[0].id', 'keys[0].hash']) expect(all).toContain(f);
  });

  it('takes a PostgreSQL pool size (10 by default) and refuses one that is not a positive whole number', () => {
    expect(loadGatewayConfig({ env, text: 'stores:\n  postgres: { url: "postgres://127.0.0.1/db" }\n' }).stores.postgres).toEqual({ url: 'postgres://127.0.0.1/db', poolSize: 10 });
    expect(loadGatewayConfig({ env, text: 'stores:\n  postgres: { url: "postgres://127.0.0.1/db", poolSize: 25 }\n' }).stores.postgres?.poolSize).toBe(25);
    for (const bad of ['0', '2.5', '"ten"', '1001']) {
      expect(fields(`stores:\n  postgres: { url: "postgres://127.0.0.1/db", poolSize: ${bad} }\n`).join('\n')).toContain('stores.postgres.poolSize');
    }
  });

  it('takes a provider\'s transport (node-http or fetch) and refuses any other value at start, naming the field', () => {
    const config = loadGatewayConfig({ env, text: 'providers:\n  openai: { transport: fetch }\n  anthropic: { transport: node-http, options: { timeout: 60s } }\n' });
    expect(config.upstreams).toEqual({
      openai: { apiKey: 'sk-openai-test', transport: 'fetch' },
      anthropic: { apiKey: 'sk-ant-test', baseUrl: 'http://127.0.0.1:9/', transport: 'node-http', options: { timeout: '60s' } },
    });
    expect(loadGatewayConfig({ env, text: 'providers:\n  openai: {}\n' }).upstreams.openai).toEqual({ apiKey: 'sk-openai-test' });
    expect(fields('providers:\n  openai: { transport: http2 }\n')).toEqual(['providers.openai.transport: expected "node-http" or "fetch", got "http2"']);
    expect(fields('providers:\n  openai: { transport: 1 }\n  groq: { apiKey: k, transport: FETCH }\n')).toEqual([
      'providers.openai.transport: expected "node-http" or "fetch", got 1',
      'providers.groq.transport: expected "node-http" or "fetch", got "FETCH"',
    ]);
    // It belongs to the provider, not to a model's stack options.
    expect(fields('defaults: { transport: fetch }\n').join('\n')).toContain('defaults');
  });

  it('reports a missing environment variable with the field that needs it', () => {
    expect(fields('admin: { masterKey: "${NOPE}" }')).toContain('admin.masterKey: the environment variable NOPE is not set');
  });

  it('refuses a route to a vendor that is not configured, and a public name with a colon', () => {
    const all = fields('providers:\n  openai: {}\nmodels:\n  a: anthropic:claude-haiku-4-5\n  "x:y": openai:gpt-4o\n').join('\n');
    expect(all).toContain('models.a.model: provider anthropic is not configured (set ANTHROPIC_API_KEY');
    expect(all).toContain('models.x:y: public names with a colon');
  });

  it('needs keys beyond loopback, and a vendor to serve', () => {
    expect(fields('', { host: '0.0.0.0' }).join('\n')).toContain('server.host');
    expect(fields('', { env: {} }).join('\n')).toContain('providers: no provider to serve');
  });

  it('checks recommendation and experiment routes, naming each bad field', () => {
    const bad = fields(
      'models:\n' +
        '  auto:\n    recommend: { models: [openai:gpt-4o-mini, gemini:gemini-2.5-flash], task: chat }\n' +
        '  empty:\n    recommend: { models: [] }\n' +
        '  trial:\n    experiment: { arms: [{ name: a, model: openai:gpt-4o }, { name: a, model: "gpt-4o" }], holdout: 1 }\n',
    ).join('\n');
    expect(bad).toContain('models.auto.recommend.task: unknown field');
    expect(bad).toContain('models.empty.recommend.models');
    expect(bad).toContain('models.trial.experiment.arms[1].model: expected provider:model');
    expect(bad).toContain('models.trial.experiment.arms: arm names must be unique');
    expect(bad).toContain('models.trial.experiment.holdout');
    const unconfigured = fields('models:\n  auto:\n    recommend: { models: [openai:gpt-4o-mini, google:gemini-2.5-flash] }\n  trial:\n    experiment: { arms: [{ name: a, model: openai:gpt-4o }, { name: b, model: groq:llama-3.1-8b-instant }] }\n').join('\n');
    expect(unconfigured).toContain('models.auto.recommend.models[1]: provider google is not configured (set GEMINI_API_KEY');
    expect(unconfigured).toContain('models.trial.experiment.arms[1].model: provider groq is not configured');

    const good = loadGatewayConfig({
      env,
      text: 'models:\n  auto:\n    recommend: { models: [openai:gpt-4o-mini, anthropic:claude-haiku-4-5], profile: extraction, maxModels: 2 }\n  trial:\n    experiment: { arms: [{ name: control, model: openai:gpt-4o }, { name: mini, model: openai:gpt-4o-mini, weight: 3 }] }\n',
    });
    expect(good.models?.auto?.recommend).toEqual({ models: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'], profile: 'extraction', maxModels: 2 });
    expect(good.models?.trial?.experiment?.arms.map((a) => a.weight)).toEqual([1, 3]);
  });
});
