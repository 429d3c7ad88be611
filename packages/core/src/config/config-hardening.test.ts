import { inspect } from 'node:util';
import { configError } from './config-error.test-util.js';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv, configFromYaml, mergeConfig } from './config-loaders.js';
import { editDistance, suggestKey } from './config-keys.js';
import { factoryConfig, fromEnv, fromYaml, resolveSetup, withConfig, withHeaders } from '../client/index.js';
import type { ClientConfigInput } from './config-schema.js';
import { createClient } from '../client/index.js';
import { createChatModel, runHealthCheck, type Provider } from '../model/index.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { expectLLMError } from '../model/expect-llm-error.test-util.js';

const base = { provider: 'openai', model: 'gpt-4o-mini' } as const;
const polluted = () => Object.keys(Object.prototype).length > 0 || ({} as Record<string, unknown>).polluted !== undefined || ({} as Record<string, unknown>).x !== undefined;

afterEach(() => {
  // A failing test must not leave the prototype dirty for the next ones.
  for (const key of Object.keys(Object.prototype)) delete (Object.prototype as Record<string, unknown>)[key];
});

describe('config can never change a prototype', () => {
  it.each([
    ['a top-level YAML __proto__ mapping', () => fromYaml('__proto__:\n  polluted: 1\n')],
    ['a nested YAML __proto__ mapping', () => fromYaml('retry:\n  __proto__:\n    polluted: 1\n')],
    ['withConfig(JSON.parse(...)) with __proto__', () => withConfig(JSON.parse('{"__proto__": {"polluted": 1}}') as Partial<ClientConfigInput>)],
    ['a nested JSON __proto__', () => withConfig(JSON.parse('{"retry": {"__proto__": {"polluted": 1}}}') as Partial<ClientConfigInput>)],
    ['constructor.prototype', () => withConfig(JSON.parse('{"constructor": {"prototype": {"polluted": 1}}}') as Partial<ClientConfigInput>)],
    ['a record key (headers.__proto__)', () => withConfig(JSON.parse('{"headers": {"__proto__": "x"}}') as Partial<ClientConfigInput>)],
    ['a price table key', () => withConfig(JSON.parse('{"cost": {"prices": {"__proto__": {"input": 1, "output": 2}}}}') as Partial<ClientConfigInput>)],
  ])('%s: refused by name, no prototype changed', (_name, option) => {
    const err = configError(() => resolveSetup(base, [option()]));
    expect(polluted()).toBe(false);
    expect(err.code).toBe('configuration');
    expect(err.message).toMatch(/(__proto__|constructor): this key is not allowed/);
  });

  it('an env object with a __proto__ key: only LLM_* variables are read', () => {
    const { config } = resolveSetup(base, [fromEnv(JSON.parse('{"__proto__": {"polluted": 1}, "LLM_MODEL": "m2"}') as Record<string, string>)]);
    expect(config.model).toBe('m2');
    expect(polluted()).toBe(false);
  });

  it('merging twice over the same key still changes nothing', () => {
    const evil = JSON.parse('{"__proto__": {"polluted": 1}, "retry": {"__proto__": {"x": 2}}}') as Partial<ClientConfigInput>;
    const merged = mergeConfig(evil, evil, { retry: { maxRetries: 1 } });
    expect(polluted()).toBe(false);
    expect(Object.getPrototypeOf(merged)).toBeNull();
    expect(configFromYaml('__proto__:\n  polluted: 1').constructor).toBe(Object);
  });

  it('survives a cyclic or very deep config object without recursing forever', () => {
    const cyclic: Record<string, unknown> = { provider: 'openai', model: 'm' };
    cyclic.retry = cyclic;
    expect(configError(() => resolveSetup(base, [withConfig(cyclic as Partial<ClientConfigInput>)])).code).toBe('configuration');
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 50_000; i++) deep = deep.retry = {};
    expect(configError(() => resolveSetup(base, [withConfig(root as Partial<ClientConfigInput>)])).code).toBe('configuration');
  });
});

describe('config gaps', () => {
  it('names a misspelt key and the one meant, at any depth', () => {
    const top = configError(() => resolveSetup({ ...base, timout: '30s' } as Partial<ClientConfigInput>));
    expect(top.message).toContain('unknown key "timout" (did you mean "timeout"?)');
    const nested = configError(() => resolveSetup(base, [fromYaml('retry:\n  maxRetry: 3\nrateLimit:\n  requestsPerMinut: 5\n')]));
    expect(nested.message).toContain('retry: unknown key "maxRetry" (did you mean "maxRetries"?)');
    expect(nested.message).toContain('rateLimit: unknown key "requestsPerMinut" (did you mean "requestsPerMinute"?)');
    expect(configError(() => resolveSetup({ ...base, zzzzqqq: 1 } as Partial<ClientConfigInput>)).message).toContain('unknown key "zzzzqqq"');
  });

  it('names a misspelt LLM_* variable and the one meant', () => {
    const err = configError(() => configFromEnv({ LLM_TIMOUT: '30s', LLM_SOMETHING_ELSE_ENTIRELY: 'x' }));
    expect(err.message).toContain('LLM_TIMOUT is not a known variable (did you mean LLM_TIMEOUT?)');
    expect(err.message).not.toContain('LLM_SOMETHING_ELSE_ENTIRELY');
  });

  it('refuses a YAML file naming another provider than the factory builds', () => {
    const err = configError(() => resolveSetup(base, [fromYaml('provider: nosuch\n')]));
    expect(err.message).toContain('provider: this client is for "openai", but the config names "nosuch"');
    expect(resolveSetup(base, [fromYaml('provider: openai\n')]).config.provider).toBe('openai');
  });

  it('refuses a duration a timer cannot wait, and keeps long store expiries', () => {
    const err = configError(() => resolveSetup({ ...base, timeout: '600h', timeouts: { idle: 2 ** 31 } }));
    expect(err.message).toMatch(/timeout: 2160000000 ms is longer than a timer can wait/);
    expect(err.message).toMatch(/timeouts\.idle: 2147483648 ms is longer/);
    expect(resolveSetup({ ...base, timeout: 2 ** 31 - 1 }).config.timeout).toBe(2 ** 31 - 1);
    expect(resolveSetup({ ...base, cache: { ttl: '720h' } }).config.cache.ttl).toBe(2_592_000_000);
  });

  it('refuses a baseUrl with credentials or a scheme other than http(s), without echoing the password', () => {
    const creds = configError(() => resolveSetup({ ...base, baseUrl: 'https://me:hunter2-pass@proxy.example/v1' }));
    expect(creds.message).toContain('baseUrl may not carry credentials');
    expect(JSON.stringify(creds.toJSON())).not.toContain('hunter2-pass');
    expect(configError(() => resolveSetup({ ...base, baseUrl: 'file:///etc/passwd' })).message).toContain('baseUrl must be http or https');
    expect(configError(() => resolveSetup({ ...base, baseUrl: 'ftp://example.com' })).message).toContain('baseUrl must be http or https');
  });

  it('refuses header values that would split the request, and bad header names', () => {
    const err = configError(() => resolveSetup(base, [withHeaders({ 'x-team': 'a\r\nx-evil: 1', 'bad name': 'v' })]));
    expect(err.message).toContain('headers.x-team');
    expect(err.message).toContain('headers.bad name');
  });

  it('gives rateLimit.maxWait its documented default of 30 s: a call that would wait a minute fails at once', async () => {
    expect(resolveSetup(base).config.rateLimit.maxWait).toBe(30_000);
    const transport = fakeTransport();
    const provider: Provider = { name: 'fake', chatModel: () => createChatModel(transport), listModels: async () => [], checkHealth: () => runHealthCheck('fake', async () => undefined) };
    const client = createClient(provider, resolveSetup({ provider: 'fake', model: 'm', logging: { level: 'silent' }, rateLimit: { requestsPerMinute: 1 } }));
    await client.chat({ messages: [{ role: 'user', content: 'first' }] });
    const started = Date.now();
    const err = await expectLLMError(client.chat({ messages: [{ role: 'user', content: 'second' }] }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err).toMatchObject({ code: 'rate_limited', details: { reason: 'max_wait' } });
    expect(err.retryAfterMs).toBeGreaterThan(30_000);
    expect(transport.requests).toHaveLength(1);
  });

  it('refuses a factory config that is not an object (createOpenAI(null)) with a configuration error', () => {
    for (const bad of [null, 'gpt-4o', 42, ['x']]) {
      const err = configError(() => factoryConfig('openai', bad as unknown as object));
      expect(err).toMatchObject({ code: 'configuration', provider: 'openai' });
    }
    expect(factoryConfig('openai', undefined)).toEqual({});
  });

  it('turns an option that throws into a configuration error', () => {
    const hostile = new Proxy({}, { ownKeys: () => { throw new TypeError('trap'); } });
    const err = configError(() => resolveSetup(base, [withConfig(hostile)]));
    expect(err.code).toBe('configuration');
  });

  it('masks the key in a configuration error, whatever its shape', () => {
    const err = configError(() => resolveSetup({ ...base, apiKey: 'my-odd-proxy-key-1', timeout: 'my-odd-proxy-key-1' }));
    expect(JSON.stringify(err.toJSON())).not.toContain('my-odd-proxy-key-1');
  });

  it('says where a YAML file is broken without quoting it (the lines around the error may hold a key)', () => {
    for (const [text, what, line, column] of [
      ['__proto__:\n  !: "odd-yaml-secret-1"\n', 'Unresolved tag (TAG_RESOLVE_FAILED)', 2, 3],
      ['apiKey: "odd-yaml-secret-1\n', 'Missing closing "quote (MISSING_CHAR)', 2, 1],
      ['apiKey: odd-yaml-secret-1\napiKey: odd-yaml-secret-1\n', 'Map keys must be unique (DUPLICATE_KEY)', 2, 1],
      ['apiKey: *odd-yaml-secret-1\n', 'Unresolved alias (the anchor must be set before the alias)', undefined, undefined],
    ] as const) {
      const err = configError(() => configFromYaml(text));
      const printed = JSON.stringify(err.toJSON()) + inspect(err, { depth: 10 });
      expect(printed).not.toContain('odd-yaml-secret-1');
      expect(err.message).toContain(`is not valid YAML: ${what}`);
      expect(err.details).toMatchObject(line === undefined ? {} : { line, column });
    }
  });
});

describe('suggestKey', () => {
  it('finds typos, swaps and case slips, not unrelated words', () => {
    expect(editDistance('timout', 'timeout')).toBe(1);
    expect(editDistance('tiemout', 'timeout')).toBe(1);
    expect(suggestKey('maxretries', ['maxRetries', 'multiplier'])).toBe('maxRetries');
    expect(suggestKey('banana', ['timeout', 'model'])).toBeUndefined();
  });
});
