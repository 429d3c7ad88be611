import { startFakeOpenAIServer, type FakeServer } from '@llm/mocks';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGatewayCommand, startGatewayProcess, type GatewayProcess } from './gateway-process.js';

const MASTER = 'ops-master-key-0123456789';
const KEY = 'sk-ops-client-0123456789abcdef';

describe('starting the gateway', () => {
  let openai: FakeServer;
  beforeAll(async () => {
    openai = await startFakeOpenAIServer();
  });
  afterAll(async () => {
    await openai?.close();
  });

  it('starts with no config from the keys in the environment and serves provider:model without client keys on loopback', async () => {
    const gateway = await startGatewayProcess({ env: { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl } });
    try {
      const client = new OpenAI({ apiKey: 'anything', baseURL: `${gateway.url}/v1`, maxRetries: 0 });
      openai.enqueue({ kind: 'text', text: 'zero config' });
      const reply = await client.chat.completions.create({ model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      expect(reply.choices[0]!.message.content).toBe('zero config');
      expect((await client.models.list()).data.map((m) => m.id)).toContain('openai:gpt-4o');
      await expect(client.chat.completions.create({ model: 'anthropic:claude-haiku-4-5', messages: [{ role: 'user', content: 'hi' }] })).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  });

  it('refuses to listen beyond loopback without client keys', async () => {
    const run = await runGatewayCommand(['--host', '0.0.0.0', '--port', '0'], { env: { OPENAI_API_KEY: openai.apiKey } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('server.host');
    expect(run.stderr).toContain('needs client keys');
  });

  it('refuses an invalid config naming every bad field, and says which vendor key is missing', async () => {
    const [run, missing] = await Promise.all([
      runGatewayCommand(['check'], {
        env: { OPENAI_API_KEY: openai.apiKey },
      config: `
server: { port: abc, maxBodySize: lots }
modles: {}
defaults:
  retry: { maxRetrys: 3 }
  timeout: soon
models:
  a: gpt-4o
  b:
    fallback: [openai:gpt-4o, groq:llama-3.3-70b-versatile]
    loadBalance: { targets: [openai:gpt-4o] }
keys:
  - { id: k1 }
`,
      }),
      runGatewayCommand(['check'], { env: { OPENAI_API_KEY: openai.apiKey }, config: 'models:\n  b:\n    fallback: [openai:gpt-4o, groq:llama-3.3-70b-versatile]\n' }),
    ]);
    expect(run.code).toBe(2);
    for (const field of ['server.port', 'server.maxBodySize', 'modles', 'defaults.retry.maxRetrys', 'defaults.timeout', 'models.a.model', 'models.b', 'keys[0]']) expect(run.stderr).toContain(field);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('models.b.fallback[1].model: provider groq is not configured (set GROQ_API_KEY');
  });

  it('refuses a bad recommendation route: its fields when checked, the recommender’s options and unknown models at start', async () => {
    const env = { OPENAI_API_KEY: openai.apiKey };
    const [checked, unknownModel, badWeights] = await Promise.all([
      runGatewayCommand(['check'], { env, config: 'models:\n  auto:\n    recommend: { models: [openai:gpt-4o-mini], task: chat }\n' }),
      runGatewayCommand(['--port', '0'], { env, config: 'models:\n  auto:\n    recommend: { models: [openai:gpt-4o-mini, openai:no-such-model] }\n' }),
      runGatewayCommand(['--port', '0'], { env, config: 'models:\n  auto:\n    recommend: { models: [openai:gpt-4o-mini], weights: { speed: 1 } }\n' }),
    ]);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toContain('models.auto.recommend.task: unknown field');
    expect(unknownModel.code).toBe(1);
    expect(unknownModel.stderr).toContain('models.auto: recommend.models: not in the model catalog, so nothing to rank by: openai:no-such-model');
    expect(badWeights.code).toBe(1);
    expect(badWeights.stderr).toContain('models.auto: invalid recommend options: weights');
    expect(badWeights.stderr).toContain('speed');
  });

  it('checks a good config and hashes keys for it', async () => {
    const [run, hashed, fromStdin] = await Promise.all([
      runGatewayCommand(['check'], { env: { OPENAI_API_KEY: openai.apiKey }, config: 'models:\n  fast: openai:gpt-4o-mini\n' }),
      runGatewayCommand(['hash-key', KEY]),
      runGatewayCommand(['hash-key'], { input: `${KEY}\n` }),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('valid (providers: openai; models: 1; keys: 0)');
    expect(hashed.stdout.trim()).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(fromStdin.stdout).toBe(hashed.stdout);
  });
});

describe('operations endpoints', () => {
  let openai: FakeServer;
  let gateway: GatewayProcess;
  let hash: string;

  beforeAll(async () => {
    openai = await startFakeOpenAIServer();
    hash = (await runGatewayCommand(['hash-key', KEY])).stdout.trim();
    gateway = await startGatewayProcess({
      env: { OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.baseUrl, MASTER },
      config: `
server: { maxBodySize: 2kb }
admin: { masterKey: '\${MASTER}' }
health: { cacheTtl: 1m }
models:
  fast: openai:gpt-4o-mini
keys:
  - { id: ops, hash: '${'${HASH}'}', budget: { usd: 5, period: month } }
`.replace('${HASH}', hash),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await openai?.close();
  });

  const get = (path: string, key?: string) => fetch(`${gateway.url}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});

  it('answers liveness and readiness', async () => {
    expect(await (await get('/livez')).json()).toEqual({ status: 'ok' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('probes providers at most once per cache period, never with a completion, and shows circuits', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] });
    openai.reset();
    const first = (await (await get('/health/providers')).json()) as { status: string; cached: boolean; providers: Array<{ name: string; status: string }>; circuits: Array<{ model: string; state: string }> };
    const second = (await (await get('/health/providers')).json()) as { cached: boolean };
    expect(first.status).toBe('healthy');
    expect(first.cached).toBe(false);
    expect(second.cached).toBe(true);
    expect(first.providers).toMatchObject([{ name: 'openai', status: 'healthy' }]);
    expect(first.circuits).toEqual([{ model: 'openai:gpt-4o-mini', state: 'closed' }]);
    expect((second as { checkedAt?: string }).checkedAt).toBe((first as { checkedAt?: string }).checkedAt);
    // The probe lists models: no completion reached the vendor.
    expect(openai.requests).toHaveLength(0);
  });

  it('exports the GenAI metrics, the requests and each key’s spend in Prometheus text, behind the master key', async () => {
    expect((await get('/metrics')).status).toBe(401);
    const client = new OpenAI({ apiKey: KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    openai.enqueue({ kind: 'text', text: 'measured', usage: { inputTokens: 1000, outputTokens: 1000 } });
    await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }] });
    const text = await (await get('/metrics', MASTER)).text();
    expect(text).toMatch(/^gen_ai_client_operation_duration_bucket\{.*gen_ai_provider_name="openai".*\} \d+/m);
    expect(text).toMatch(/^llm_cost_total\{.*\} [\d.e-]+$/m);
    expect(text).toMatch(/^gen_ai_client_token_usage_bucket\{.*gen_ai_token_type="input".*\}/m);
    expect(text).toMatch(/^llm_gateway_requests_total\{endpoint="\/v1\/chat\/completions",status="200"[^}]*\} [2-9]/m);
    const spend = /^llm_gateway_key_spend\{key="ops",period="[\d-]+"[^}]*\} ([\d.e-]+)$/m.exec(text);
    expect(spend).not.toBeNull();
    expect(Number(spend![1])).toBeGreaterThan(0.0007);
    const remaining = /^llm_gateway_key_budget_remaining\{key="ops",period="[\d-]+"[^}]*\} ([\d.e-]+)$/m.exec(text);
    expect(Number(remaining![1])).toBeCloseTo(5 - Number(spend![1]), 8);
  });

  it('serves its own OpenAPI document', async () => {
    const doc = (await (await get('/openapi.json')).json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/chat/completions', '/v1/messages', '/v1/models', '/metrics', '/admin/keys']));
    expect(Object.keys(doc.components.schemas.ChatCompletionRequest!.properties!)).toEqual(expect.arrayContaining(['model', 'messages', 'stream', 'tools']));
  });

  it('refuses a body over the size limit with 413', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const err = (await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'x'.repeat(4096) }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err.status).toBe(413);
    expect(err.message).toContain('2048 bytes');
  });

  it('lets a call in flight finish when it is told to stop', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    openai.enqueue({ kind: 'text', text: 'a b c d e', fault: { kind: 'slow-chunks', delayMs: 150 } });
    const stream = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const stopped = gateway.stop('SIGTERM');
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('a b c d e');
    expect(await stopped).toBe(0);
  });
});
