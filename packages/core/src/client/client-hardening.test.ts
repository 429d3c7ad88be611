import { inspect } from 'node:util';
import type { LLMError } from '@llm/errors';
import type { ChatRequest } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createClient } from './client.js';
import { resolveSetup, withConfig, withLogger, withMiddleware } from './client-options.js';
import { createChatModel, runHealthCheck, type ChatModel, type Provider } from '../model/index.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { expectLLMError } from '../model/expect-llm-error.test-util.js';
import { wrapChatModel } from '../middleware/index.js';
import type { Logger } from '../logging/index.js';
import { CircuitBreaker, InMemoryCircuitBreakerStore } from '../circuit-breaker/index.js';
import { InMemoryCacheStore } from '../cache/index.js';

const user = { role: 'user', content: 'hi' } as const;

function setup(config: Record<string, unknown> = {}, ...options: Parameters<typeof resolveSetup>[1] & unknown[]) {
  const transport = fakeTransport();
  const provider: Provider = { name: 'fake', chatModel: () => createChatModel(transport), listModels: async () => [], checkHealth: () => runHealthCheck('fake', async () => undefined) };
  const client = createClient(provider, resolveSetup({ provider: 'fake', model: 'm', logging: { level: 'silent' }, ...config }, options));
  return { client, transport };
}

describe('requests are validated once, at the outer edge', () => {
  it("no middleware, the caller's own included, meets an invalid request; nothing is sent; the circuit stays closed", async () => {
    const seen: unknown[] = [];
    const spy = (model: ChatModel) =>
      wrapChatModel(model, {
        chat: (request, options, next) => {
          seen.push(request);
          return next.chat(request, options);
        },
      });
    const lines: string[] = [];
    const logger: Logger = { debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m), isLevelEnabled: () => true };
    const { client, transport } = setup(
      { logging: { level: 'debug' }, cache: { enabled: true, cacheNonZeroTemperature: true }, rateLimit: { tokensPerMinute: 100_000 }, cost: { maxCostPerRequest: 10, prices: { 'fake-model': { input: 1, output: 1 } } } },
      withMiddleware(spy),
      withLogger(logger),
    );
    const bad: unknown[] = [{}, null, 'hello', { messages: 'hello' }, { messages: [user], tools: [null] }, { messages: [user], temperature: 9 }, { messages: [null] }];
    for (const request of bad) {
      const err = await expectLLMError(client.chat(request as ChatRequest));
      expect(err).toMatchObject({ code: 'invalid_request', local: true, retryable: false, provider: 'fake' });
      const streamed = await expectLLMError(client.streamChat(request as ChatRequest).response);
      expect(streamed.code).toBe('invalid_request');
    }
    expect(seen).toEqual([]);
    expect(lines).toEqual([]);
    expect(transport.requests).toHaveLength(0);
    expect((await client.chat({ messages: [user] })).text).toBe('hello world');
  });

  it('refuses bad call options: a header that would split the request, a limit no timer can wait, a signal that is not one', async () => {
    const { client, transport } = setup();
    for (const options of [{ headers: { 'x-a': 'b\r\nx-c: d' } }, { timeouts: { idle: 2 ** 31 } }, { retry: { maxRetries: -1 } }, { signal: {} }, 'fast', { timout: 5 }]) {
      const err = await expectLLMError(client.chat({ messages: [user] }, options as never));
      expect(err).toMatchObject({ code: 'invalid_request', local: true });
    }
    expect(transport.requests).toHaveLength(0);
  });

  it('refuses request values no vendor can take, naming them: a cycle, a 20,000-level schema, a 3,000-level zod schema', async () => {
    const { client, transport } = setup();
    const cyclic: Record<string, unknown> = {};
    cyclic.me = cyclic;
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 20_000; i++) deep = { type: 'object', properties: { a: deep } };
    let deepZod: z.ZodType = z.string();
    for (let i = 0; i < 3000; i++) deepZod = z.object({ a: deepZod });
    const call = { role: "assistant" as const, content: null, toolCalls: [{ id: "c1", name: "t", arguments: {} }] };
    const cases: Array<[ChatRequest<unknown>, RegExp]> = [
      [{ messages: [user, call, { role: 'tool', toolCallId: 'c1', content: cyclic }] }, /messages\[2\]\.content: .*cycle/],
      [{ messages: [user], responseFormat: { type: 'json_schema', schema: deep } }, /responseFormat\.schema: .*nested more than 100 levels/],
      [{ messages: [user], tools: [{ name: 'deep', parameters: deepZod }] }, /tools\[0\]\.parameters: the schema cannot be turned into JSON Schema/],
      [{ messages: [user], providerOptions: { x: { n: 1n } } }, /providerOptions: x\.n is a bigint/],
    ];
    for (const [request, message] of cases) {
      const err = await expectLLMError(client.chat(request));
      expect(err.code).toBe('invalid_request');
      expect(err.message).toMatch(message);
    }
    expect(transport.requests).toHaveLength(0);
  });
});

describe('bookkeeping never loses a reply', () => {
  const failingStore = () => {
    const store = new InMemoryCircuitBreakerStore();
    const down = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    return Object.assign(store, { get: down, record: down, transition: down, acquireProbe: down, releaseProbe: down });
  };

  it('a breaker whose store is down lets the call through and returns the reply: sent once, the failure reported', async () => {
    const reported: LLMError[] = [];
    const breaker = new CircuitBreaker({ store: failingStore(), onStoreError: (e) => reported.push(e) });
    let calls = 0;
    const result = await breaker.run('p', 'm', async () => {
      calls += 1;
      return 'billed answer';
    });
    expect(result).toBe('billed answer');
    expect(calls).toBe(1);
    expect(reported.length).toBeGreaterThanOrEqual(1);
    expect(reported[0]).toMatchObject({ local: true });
  });

  it('through a client: a breaker store that fails when the reply arrives loses the record, not the reply, and nothing is asked twice', async () => {
    const store = new InMemoryCircuitBreakerStore();
    const failing = Object.assign(store, { record: () => Promise.reject(new Error('Connection is closed.')) });
    const { client, transport } = setup({ retry: { maxRetries: 2 } }, (s) => void (s.deps = { ...s.deps, circuitBreakerStore: failing }));
    expect((await client.chat({ messages: [user] })).text).toBe('hello world');
    expect(transport.requests).toHaveLength(1);
  });

  it('a cache whose store is down is a miss, not a failure', async () => {
    const broken = Object.assign(new InMemoryCacheStore(), { get: () => Promise.reject(new Error('Connection is closed.')), set: () => Promise.reject(new Error('Connection is closed.')) });
    const { client, transport } = setup({ cache: { enabled: true, cacheNonZeroTemperature: true } }, (s) => void (s.deps = { ...s.deps, cacheStore: broken }));
    expect((await client.chat({ messages: [user] })).text).toBe('hello world');
    expect((await client.streamChat({ messages: [user] }).response).text).toBe('hello world');
    expect(transport.requests).toHaveLength(2);
  });

  it('a logger that throws loses its lines, not the reply', async () => {
    const boom = () => {
      throw new Error('disk full');
    };
    const logger: Logger = { debug: boom, info: boom, warn: boom, error: boom, isLevelEnabled: () => true };
    const { client } = setup({ logging: { level: 'debug' } }, withLogger(logger));
    expect((await client.chat({ messages: [user] })).text).toBe('hello world');
    expect((await client.streamChat({ messages: [user] }).response).text).toBe('hello world');
  });

  it('a stream observer that throws loses its record, not the events', async () => {
    const { client } = setup();
    const stream = client.streamChat({ messages: [user] }).observe({
      onEvent: () => {
        throw new Error('observer bug');
      },
      onFinish: () => {
        throw new Error('observer bug');
      },
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types.at(-1)).toBe('finish');
  });

  it('a budget store that is down refuses the call locally (its spend cannot be bounded), never counted or retried', async () => {
    const { InMemoryBudgetStore } = await import('../budget/index.js');
    const down = Object.assign(new InMemoryBudgetStore(), { reserve: () => Promise.reject(new Error('connect ECONNREFUSED')) });
    const { client, transport } = setup({ cost: { maxBudget: 10, prices: { 'fake-model': { input: 1, output: 1 } } } }, (s) => void (s.deps = { ...s.deps, budgetStore: down }));
    const err = await expectLLMError(client.chat({ messages: [user] }));
    expect(err).toMatchObject({ code: 'network', local: true });
    expect(err.message).toContain('the budget could not be checked');
    expect(transport.requests).toHaveLength(0);
  });
});

describe('the secrets a client knows', () => {
  it('are masked in client.config and inspect(client): the key, credential headers, a key in the base URL query', () => {
    const { client } = setup({
      apiKey: 'sk-proj-hardening-key-0123456789',
      baseUrl: 'https://proxy.example.com/v1?key=query-secret-12345',
      headers: { 'x-team-token': 'team-token-987654321', authorization: 'Bearer bearer-secret-456789', 'x-trace': 'shown-as-is' },
    });
    const shown = JSON.stringify(client.config) + inspect(client, { depth: 6 });
    for (const secret of ['sk-proj-hardening-key-0123456789', 'query-secret-12345', 'team-token-987654321', 'bearer-secret-456789']) expect(shown).not.toContain(secret);
    expect(client.config.headers).toEqual({ 'x-team-token': '***', authorization: '***', 'x-trace': 'shown-as-is' });
    expect(client.config.baseUrl).toBe('https://proxy.example.com/v1?key=***');
  });

  it('are masked in a configuration error even when a later layer replaced them with a bad value (the key pasted into another field)', () => {
    // Found by config.property.test.ts: the key one layer set, overwritten by `apiKey: false`, was no longer masked.
    const key = 'odd-shaped-secret-4242';
    for (const later of [{ apiKey: false }, { apiKey: 'sk-other-key-123456789' }, { headers: { authorization: 7 } }]) {
      let thrown: unknown;
      try {
        resolveSetup({ provider: 'openai', model: 'm', apiKey: key }, [withConfig({ provider: key } as never), withConfig(later as never)]);
      } catch (err) {
        thrown = err;
      }
      const err = thrown as LLMError;
      expect(err.code).toBe('configuration');
      expect(err.message).toContain('provider: this client is for "openai", but the config names');
      const shown = JSON.stringify(err.toJSON()) + inspect(err, { depth: 6 }) + err.message;
      expect(shown).not.toContain(key);
    }
  });
});
