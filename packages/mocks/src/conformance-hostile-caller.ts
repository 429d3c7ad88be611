import { inspect } from 'node:util';
import { isLLMError, type LLMError } from '@llm/errors';
import { createJsonLogger, fromYaml, withLogger, type CallOptions, type LLMClient } from '@llm/core';
import { defineTool, type ChatRequest } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConformanceHarness } from './conformance-harness.js';
import { expectLLMError as failure } from './expect-llm-error.js';

const user = { role: 'user', content: 'hi' } as const;
const weather = defineTool({ name: 'get_weather', parameters: z.object({ city: z.string() }) });

/** A caller's mistakes, each of which must be refused before anything is sent. */
function badRequests(): Array<[string, unknown, CallOptions?]> {
  const cyclic: Record<string, unknown> = { temperature: 3 };
  cyclic.self = cyclic;
  let deepJson: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < 20_000; i++) deepJson = { type: 'object', properties: { a: deepJson } };
  let deepZod: z.ZodType = z.string();
  for (let i = 0; i < 3000; i++) deepZod = z.object({ a: deepZod });
  return [
    ['an empty object', {}],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'hello'],
    ['messages as a string', { messages: 'hello' }],
    ['no messages', { messages: [] }],
    ['a null message', { messages: [null] }],
    ['a null tool', { messages: [user], tools: [null] }],
    ['two tools of one name', { messages: [user], tools: [weather, weather] }],
    ['a tool choice naming no given tool', { messages: [user], tools: [weather], toolChoice: { type: 'tool', name: 'nope' } }],
    ['a cyclic tool result', { messages: [user, { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'get_weather', arguments: { city: 'Oslo' } }] }, { role: 'tool', toolCallId: 'c1', content: cyclic }], tools: [weather] }],
    ['a 20,000-level JSON schema', { messages: [user], responseFormat: { type: 'json_schema', schema: deepJson } }],
    ['a 3,000-level zod schema', { messages: [user], tools: [{ name: 'deep', parameters: deepZod }] }],
    ['a bigint in vendor options', { messages: [user], providerOptions: { x: { n: 10n } } }],
    ['a temperature of NaN', { messages: [user], temperature: Number.NaN }],
    ['a header with a line break', { messages: [user] }, { headers: { 'x-team': 'a\r\nx-injected: 1' } }],
    ['a timeout no timer can wait', { messages: [user] }, { timeouts: { total: 2 ** 31 } }],
    ['a signal that is not one', { messages: [user] }, { signal: 'stop' as unknown as AbortSignal }],
  ];
}

/**
 * The "hostile caller" part of the conformance suite: what a caller can get wrong, through the
 * provider's real client stack (logging, budget, rate limits, cache, retry, circuit breaker), must
 * end in a typed LLMError before anything reaches the vendor, and never count against it.
 */
export function hostileCallerTests(setup: () => ConformanceHarness): void {
  const harness = (): Required<ConformanceHarness> => {
    const h = setup();
    if (!h.createClient || !h.factory) throw new Error('the hostile-caller part needs the harness to give createClient and factory (providerHarness does)');
    return h as Required<ConformanceHarness>;
  };
  describe('hostile caller', () => {
    /** A client with every layer that reads requests turned on. */
    const fullStack = (lines: string[]): LLMClient => {
      const h = harness();
      const model = h.createModel().modelId;
      return h.createClient(
        {
          logging: { level: 'debug' },
          cache: { enabled: true, cacheNonZeroTemperature: true },
          rateLimit: { tokensPerMinute: 1_000_000, requestsPerMinute: 10_000 },
          cost: { maxCostPerRequest: 100, maxBudget: 1000, prices: { [model]: { input: 1, output: 1 } } },
        },
        withLogger(createJsonLogger({ level: 'debug', write: (line) => lines.push(line) })),
      );
    };

    it('refuses each mistake as a local invalid_request before anything is sent; the circuit stays closed', async () => {
      const h = harness();
      const lines: string[] = [];
      const client = fullStack(lines);
      const before = h.target.requests.length;
      for (const [name, request, options] of badRequests()) {
        const err = await failure(client.chat(request as ChatRequest, options));
        expect({ name, code: err.code, local: err.local, retryable: err.retryable }).toEqual({ name, code: 'invalid_request', local: true, retryable: false });
        expect(err.provider).toBe(client.provider);
        const streamed = await failure(client.streamChat(request as ChatRequest, options).response);
        expect({ name, code: streamed.code }).toEqual({ name, code: 'invalid_request' });
      }
      expect(h.target.requests.length).toBe(before);
      // No middleware met the request: not even the debug log line.
      expect(lines.filter((l) => l.includes('"llm.request"'))).toEqual([]);
      // Eighteen mistakes later the circuit is still closed.
      h.target.enqueue({ kind: 'text', text: 'still here' });
      expect((await client.chat({ messages: [user] })).text).toBe('still here');
    });

    it('a burst past the queue: the vendor answers every request it gets, the rest are rate_limited with a hint, the circuit stays closed', async () => {
      const h = harness();
      const client = h.createClient({ logging: { level: 'silent' }, rateLimit: { maxConcurrentCalls: 8, maxQueueSize: 100 } });
      const before = h.target.requests.length;
      const outcomes = await Promise.allSettled(Array.from({ length: 1000 }, () => client.chat({ messages: [user] })));
      const ok = outcomes.filter((o) => o.status === 'fulfilled').length;
      const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as LLMError] : []));
      expect(ok).toBe(h.target.requests.length - before);
      // The queue holds maxQueueSize callers (all 1,000 arrive before the first turn is given).
      expect(ok).toBeGreaterThanOrEqual(100);
      const codes = new Set(errors.map((e) => e.code));
      expect([...codes]).toEqual(errors.length > 0 ? ['rate_limited'] : []);
      for (const err of errors) {
        expect(err.local).toBe(true);
        expect(err.retryAfterMs).toBeGreaterThan(0);
      }
      expect((await client.chat({ messages: [user] })).text.length).toBeGreaterThan(0);
    });

    it("the provider's factory refuses a config that is not an object, a baseUrl with credentials and a YAML naming another provider", () => {
      const h = harness();
      const configError = (fn: () => unknown): LLMError => {
        try {
          fn();
        } catch (err) {
          expect(isLLMError(err), `expected an LLMError, got ${String(err)}`).toBe(true);
          return err as LLMError;
        }
        throw new Error('expected a configuration error');
      };
      expect(configError(() => h.factory(null)).code).toBe('configuration');
      const creds = configError(() => h.factory({ baseUrl: 'http://me:hunter2-pass@127.0.0.1:9/v1' }));
      expect(creds.code).toBe('configuration');
      expect(JSON.stringify(creds.toJSON())).not.toContain('hunter2-pass');
      expect(configError(() => h.factory({}, fromYaml('provider: nosuch\n'))).message).toContain('"nosuch"');
      expect(configError(() => h.factory({}, fromYaml('__proto__:\n  polluted: 1\n'))).code).toBe('configuration');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(configError(() => h.factory({ timout: '30s' })).message).toContain('did you mean "timeout"');
    });

    it('no secret the client knows (its key, a credential header) shows in its config, inspect(client), logs or errors', async () => {
      const h = harness();
      const lines: string[] = [];
      const headerToken = 'team-token-0d6f1c2b9a';
      // A wrong key: the vendor's own 401 answers (some vendors quote part of the key back).
      const key = 'sk-hostile-caller-wrong-key-0123456789';
      const client = h.factory(
        { apiKey: key, headers: { 'x-team-token': headerToken, 'x-trace': 'visible-value' }, logging: { level: 'debug' }, retry: { maxRetries: 0 } },
        withLogger(createJsonLogger({ level: 'debug', write: (line) => lines.push(line) })),
      );
      const err = await failure(client.chat({ messages: [user] }));
      expect(err.code).toBe('authentication');
      const shown = [JSON.stringify(client.config), inspect(client, { depth: 8 }), inspect(client.config), ...lines, JSON.stringify(err.toJSON()), inspect(err, { depth: 8 })].join('\n');
      expect(shown).not.toContain(key);
      expect(shown).not.toContain(headerToken);
      expect(JSON.stringify(client.config)).toContain('visible-value');
    });
  });
}
