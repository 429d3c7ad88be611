import type { LLMError } from '@llm/errors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClientConfig } from '../config/index.js';
import { applyMiddleware } from '../middleware/index.js';
import { createChatModel, type ChatTransport, type TransportStreamPart } from '../model/index.js';
import { InMemoryRateLimitStore } from './rate-limit-memory-store.js';
import { rateLimitMiddleware, rateLimitOptionsFromConfig } from './rate-limit-middleware.js';
import type { RateLimitAcquireRequest, RateLimitStore } from './rate-limit-store.js';

// The rate-limit middleware's settings end to end: what a client config turns into, the lease and
// poll times reaching the limiter, and what the call's signal, headers and names reach. Complements
// rate-limit-middleware-rules.test.ts.

afterEach(() => {
  vi.useRealTimers();
});

const ask = { messages: [{ role: 'user' as const, content: 'hi' }], maxTokens: 10 };
const config = (rateLimit: Record<string, number>) => ({ rateLimit }) as unknown as Pick<ClientConfig, 'rateLimit'>;

function vendor() {
  const headers: Array<Record<string, string> | undefined> = [];
  const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
  const transport: ChatTransport = {
    provider: 'mock',
    modelId: 'm1',
    async doChat(_request, options) {
      headers.push(options.headers);
      return { text: 'ok', toolCalls: [], finishReason: 'stop', usage };
    },
    async *doStream(_request, options): AsyncGenerator<TransportStreamPart> {
      headers.push(options.headers);
      yield { type: 'text-delta', text: 'ok' };
      yield { type: 'usage', usage };
      yield { type: 'finish', finishReason: 'stop' };
    },
  };
  return { model: createChatModel(transport), headers };
}

/** An in-memory store that records each ask and refuses the first `refusals` (a window 60 s away). */
function recordingStore(refusals = 0) {
  const inner = new InMemoryRateLimitStore();
  const asks: RateLimitAcquireRequest[] = [];
  const store: RateLimitStore = {
    tryAcquire: async (request) => {
      asks.push(request);
      if (asks.length <= refusals) return { granted: false, waitMs: 60_000, reason: 'requests' };
      return inner.tryAcquire(request);
    },
    extend: (lease, ms) => inner.extend(lease, ms),
    release: (lease, outcome) => inner.release(lease, outcome),
    tighten: (key, rules, feedback) => inner.tighten(key, rules, feedback),
  };
  return { store, asks };
}

describe('rateLimitOptionsFromConfig', () => {
  it('any one of the three limits is enough, and only the settings given are set', () => {
    expect(rateLimitOptionsFromConfig(config({}))).toBeUndefined();
    expect(rateLimitOptionsFromConfig(config({ maxQueueSize: 3, maxWait: 100 }))).toBeUndefined();
    expect(rateLimitOptionsFromConfig(config({ tokensPerMinute: 1000 }))).toStrictEqual({ windowMs: 60_000, tokens: 1000 });
    expect(rateLimitOptionsFromConfig(config({ maxConcurrentCalls: 2 }))).toStrictEqual({ windowMs: 60_000, maxConcurrent: 2 });
    expect(rateLimitOptionsFromConfig(config({ requestsPerMinute: 5, maxQueueSize: 3, maxWait: 100 }))).toStrictEqual({ windowMs: 60_000, requests: 5, maxQueueSize: 3, maxWaitMs: 100 });
  });

  it('a bad limit is a configuration error', () => {
    let thrown: unknown;
    try {
      rateLimitMiddleware({ requests: -1 });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: 'configuration' });
  });
});

describe('rateLimitMiddleware: settings and what reaches the call', () => {
  it('its leaseMs reaches the store with each ask', async () => {
    const { store, asks } = recordingStore();
    await applyMiddleware(vendor().model, rateLimitMiddleware({ requests: 10, store, leaseMs: 4321 })).chat(ask);
    expect(asks.map((a) => a.leaseMs)).toEqual([4321]);
  });

  it('its pollMs is how soon a refused caller asks again (250 ms without it)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
    const fast = recordingStore(2);
    let fastDone = false;
    const first = applyMiddleware(vendor().model, rateLimitMiddleware({ requests: 10, store: fast.store, pollMs: 20 }))
      .chat(ask)
      .then(() => void (fastDone = true));
    const slow = recordingStore(2);
    let slowDone = false;
    const second = applyMiddleware(vendor().model, rateLimitMiddleware({ requests: 10, store: slow.store }))
      .chat(ask)
      .then(() => void (slowDone = true));
    for (let i = 0; i < 100; i++) await vi.advanceTimersByTimeAsync(1);
    expect([fastDone, fast.asks.length]).toEqual([true, 3]);
    expect([slowDone, slow.asks.length]).toEqual([false, 1]);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([first, second]);
    expect(slow.asks).toHaveLength(3);
  });

  it("a refusal by the limiter names the call's provider and model, and the caller's signal ends a wait", async () => {
    const model = applyMiddleware(vendor().model, rateLimitMiddleware({ maxConcurrent: 1, maxQueueSize: 1 }));
    const controller = new AbortController();
    const held = model.streamChat(ask);
    const it = held[Symbol.asyncIterator]();
    await it.next();
    const waiting = model.chat(ask, { signal: controller.signal });
    const refused = (await model.chat(ask).catch((e: unknown) => e)) as LLMError;
    expect(refused).toMatchObject({ code: 'rate_limited', provider: 'mock', model: 'm1', details: { reason: 'queue_full' } });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'canceled', provider: 'mock', model: 'm1' });
    await it.return?.();
  });

  it("a stream keeps the model's names and hands the caller's headers to the vendor, as a reply does", async () => {
    const v = vendor();
    const model = applyMiddleware(v.model, rateLimitMiddleware({ requests: 10 }));
    const stream = model.streamChat(ask, { headers: { 'x-team': 'a' } });
    expect([stream.provider, stream.modelId]).toEqual(['mock', 'm1']);
    expect((await stream.response).text).toBe('ok');
    await model.chat(ask, { headers: { 'x-team': 'b' } });
    expect(v.headers).toEqual([{ 'x-team': 'a' }, { 'x-team': 'b' }]);
  });
});
