import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { applyMiddleware } from '../middleware/index.js';
import { createChatModel, type ChatTransport, type TransportStreamPart } from '../model/index.js';
import { InMemoryRateLimitStore } from './rate-limit-memory-store.js';
import { rateLimitMiddleware, type RateLimitMiddlewareOptions } from './rate-limit-middleware.js';

// The rate-limit middleware's rules one by one, with a window that cannot open within maxWait so
// that each refusal comes at once and says which limit it was: the options it builds its limiter
// from, the token estimate (rounded up, never negative, an estimator that throws), the key, the
// usage it reconciles with, and the stream path. Complements rate-limit-middleware.test.ts.

const ask = (tenant?: string) => ({ messages: [{ role: 'user' as const, content: 'hi' }], maxTokens: 10, ...(tenant ? { tags: { tenant } } : {}) });

/** A vendor whose replies report `totalTokens` used; `calls` counts what reached it. */
function vendor(totalTokens = 10, streamError?: LLMError) {
  let calls = 0;
  const usage = { inputTokens: 0, outputTokens: totalTokens, totalTokens };
  const transport: ChatTransport = {
    provider: 'mock',
    modelId: 'm1',
    async doChat() {
      calls += 1;
      return { text: 'ok', toolCalls: [], finishReason: 'stop', usage };
    },
    async *doStream(): AsyncGenerator<TransportStreamPart> {
      calls += 1;
      yield { type: 'text-delta', text: 'ok' };
      if (streamError) throw streamError;
      yield { type: 'usage', usage };
      yield { type: 'finish', finishReason: 'stop' };
    },
  };
  return { model: createChatModel(transport), calls: () => calls };
}

function limited(options: RateLimitMiddlewareOptions, totalTokens?: number) {
  const v = vendor(totalTokens);
  return { model: applyMiddleware(v.model, rateLimitMiddleware({ maxWaitMs: 1000, ...options })), calls: v.calls };
}

async function refusal(promise: Promise<unknown>): Promise<LLMError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!LLMError.is(err)) throw new Error(`expected an LLMError, got ${String(err)}`);
  return err;
}

describe('rateLimitMiddleware: its options', () => {
  it('refuses each limit that is not a positive (integer) number, naming it', () => {
    expect(() => rateLimitMiddleware({ tokens: 0 })).toThrow('rate limit tokens must be a positive number, got 0');
    expect(() => rateLimitMiddleware({ requests: Number.POSITIVE_INFINITY })).toThrow('rate limit requests must be a positive number, got Infinity');
    expect(() => rateLimitMiddleware({ windowMs: Number.NaN })).toThrow('rate limit windowMs must be a positive number, got NaN');
    expect(() => rateLimitMiddleware({ maxConcurrent: 1.5 })).toThrow('rate limit maxConcurrent must be a positive integer, got 1.5');
    expect(() => rateLimitMiddleware({ requests: 0.5, tokens: 2.5, windowMs: 10.5, maxConcurrent: 3 })).not.toThrow();
  });

  it('limits requests, tokens and the window it is given', async () => {
    const byRequests = limited({ requests: 1 });
    await byRequests.model.chat(ask());
    expect((await refusal(byRequests.model.chat(ask()))).details).toMatchObject({ reason: 'max_wait', limitedBy: 'requests' });

    const byTokens = limited({ tokens: 50, estimateTokens: () => 40 }, 40);
    await byTokens.model.chat(ask());
    expect((await refusal(byTokens.model.chat(ask()))).details).toMatchObject({ reason: 'max_wait', limitedBy: 'tokens' });

    const shortWindow = limited({ requests: 1, windowMs: 2000, maxWaitMs: 500 });
    await shortWindow.model.chat(ask());
    const err = await refusal(shortWindow.model.chat(ask()));
    expect(err.retryAfterMs).toBeGreaterThan(1000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(2000);
    expect(byRequests.calls() + byTokens.calls() + shortWindow.calls()).toBe(3);
  });

  it('passes its queue bound and store on to the limiter it builds', async () => {
    const queue = limited({ maxConcurrent: 1, maxQueueSize: 1 });
    // One stream holds the only slot, one call waits: the next is refused at once.
    const holding = queue.model.streamChat(ask())[Symbol.asyncIterator]();
    await holding.next();
    const waiting = queue.model.chat(ask());
    expect((await refusal(queue.model.chat(ask()))).details).toMatchObject({ reason: 'queue_full', maxQueueSize: 1 });
    await holding.return?.();
    expect((await waiting).text).toBe('ok');

    const store = new InMemoryRateLimitStore();
    let asked = 0;
    const counting = Object.assign(store, { tryAcquire: (...args: Parameters<InMemoryRateLimitStore['tryAcquire']>) => (asked += 1, InMemoryRateLimitStore.prototype.tryAcquire.apply(store, args)) });
    await limited({ requests: 10, store: counting }).model.chat(ask());
    expect(asked).toBe(1);
  });
});

describe('rateLimitMiddleware: the tokens it reserves', () => {
  it('rounds the estimate up, and reserves nothing for a negative one', async () => {
    const up = limited({ tokens: 6, estimateTokens: () => 2.2 });
    await up.model.chat(ask());
    // Three tokens reserved and the reply's 10 used: the window is full.
    expect((await refusal(up.model.chat(ask()))).details).toMatchObject({ limitedBy: 'tokens' });

    const rounded = limited({ tokens: 6, estimateTokens: () => 2.2 }, 0);
    await rounded.model.chat(ask());
    await rounded.model.chat(ask());
    // 3 + 3 kept (the replies reported no usage): a third does not fit.
    expect((await refusal(rounded.model.chat(ask()))).details).toMatchObject({ limitedBy: 'tokens' });

    const negative = limited({ tokens: 1, estimateTokens: () => -5 }, 0);
    for (let i = 0; i < 3; i++) expect((await negative.model.chat(ask())).text).toBe('ok');
  });

  it('reconciles with the usage a reply reports, and keeps the estimate when it reports none', async () => {
    const reported = limited({ tokens: 100, estimateTokens: () => 60 }, 10);
    await reported.model.chat(ask());
    expect((await reported.model.chat(ask())).text).toBe('ok');

    const silent = limited({ tokens: 100, estimateTokens: () => 60 }, 0);
    await silent.model.chat(ask());
    expect((await refusal(silent.model.chat(ask()))).details).toMatchObject({ limitedBy: 'tokens' });
  });

  it('an estimator that throws fails the call as an LLMError naming it, before the vendor', async () => {
    const broken = limited({
      tokens: 100,
      estimateTokens: () => {
        throw new Error('tokenizer missing');
      },
    });
    const err = await refusal(broken.model.chat(ask()));
    expect(err).toMatchObject({ provider: 'mock', model: 'm1' });
    expect(err.message).toMatch(/tokenizer missing/);
    expect(broken.calls()).toBe(0);
  });
});

describe('rateLimitMiddleware: keys and streams', () => {
  it('keeps a limit per key the caller chooses', async () => {
    const { model } = limited({ requests: 1, key: (m, request) => `${m.provider}:${request.tags?.tenant ?? '-'}` });
    await model.chat(ask('a'));
    await model.chat(ask('b'));
    expect((await refusal(model.chat(ask('a')))).details).toMatchObject({ limitedBy: 'requests' });
  });

  it('a finished stream is reconciled with its usage; a stream failing with a 429 pauses the key', async () => {
    const v = vendor(10);
    const streamed = applyMiddleware(v.model, rateLimitMiddleware({ tokens: 100, estimateTokens: () => 60, maxWaitMs: 1000 }));
    // Read to its end: 60 reserved, 10 used.
    for await (const _event of streamed.streamChat(ask())) {
      // nothing to do with the events
    }
    expect((await streamed.streamChat(ask()).response).text).toBe('ok');

    const throttled = vendor(10, new LLMError({ code: 'rate_limited', message: '429', retryAfterMs: 30_000 }));
    const paused = applyMiddleware(throttled.model, rateLimitMiddleware({ requests: 100, maxWaitMs: 1000 }));
    await expect(paused.streamChat(ask()).response).rejects.toMatchObject({ code: 'rate_limited' });
    expect((await refusal(paused.chat(ask()))).details).toMatchObject({ limitedBy: 'paused' });
    expect(throttled.calls()).toBe(1);
  });
});
