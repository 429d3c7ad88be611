import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { expectLLMError as failure } from '../model/expect-llm-error.test-util.js';
import type { ChatStream } from '../model/index.js';
import { applyMiddleware, wrapChatModel, type Middleware } from '../middleware/index.js';
import type { Clock } from './backoff-clock.js';
import { retryMiddleware } from './retry-middleware.js';
import { scriptedModel, virtualClock } from './retry-scripted-model.test-util.js';

// The retry middleware's rules one by one: the words of its errors, the max-total-time boundary,
// the pass-through when retrying is off, and the stream path (the caller's signal, the clock).
// Complements retry-middleware.test.ts.

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
const policy = { maxRetries: 3, initialDelay: 100, multiplier: 2, maxDelay: 1000, maxTotalTime: 60_000 };

/** A virtual clock whose `sleep` number `abortAt` (1-based) aborts `controller` instead of waiting. */
function abortingClock(controller: AbortController, abortAt: number): Clock {
  const clock = virtualClock();
  let sleeps = 0;
  return {
    now: clock.now,
    sleep: (ms, signal) => {
      sleeps += 1;
      if (sleeps === abortAt) controller.abort();
      return clock.sleep(ms, signal);
    },
  };
}

describe('retryMiddleware: what the error says', () => {
  it('gives up after one attempt in the singular', async () => {
    const scripted = scriptedModel([{ error: 'rate_limited', retryAfterMs: 90_000, message: 'slow down' }]);
    const model = applyMiddleware(scripted.model, retryMiddleware({ policy: { ...policy, maxTotalTime: 10_000 }, clock: virtualClock() }));
    const err = await failure(model.chat(ask));
    expect(err.message).toBe('failed after 1 attempt (the next try, in 90000ms, would pass the max total time of 10000ms): slow down');
  });

  it('gives up after several attempts in the plural', async () => {
    const scripted = scriptedModel([{ error: 'overloaded', message: 'busy' }, { error: 'overloaded', message: 'still busy' }]);
    const model = applyMiddleware(scripted.model, retryMiddleware({ policy: { ...policy, maxRetries: 1 }, clock: virtualClock(), random: () => 0 }));
    expect((await failure(model.chat(ask))).message).toBe('failed after 2 attempts: still busy');
  });

  it('a caller who aborts during the first wait is told of one attempt, with its error', async () => {
    const controller = new AbortController();
    const scripted = scriptedModel([{ error: 'overloaded' }]);
    const model = applyMiddleware(scripted.model, retryMiddleware({ policy, clock: abortingClock(controller, 1), random: () => 0.5 }));
    const err = await failure(model.chat(ask, { signal: controller.signal }));
    expect(err.code).toBe('canceled');
    expect(err.message).toBe('canceled while waiting (after 1 attempt)');
    expect((err.details?.attempts as Array<{ code: string }>).map((a) => a.code)).toEqual(['overloaded']);
  });

  it('a caller who aborts during the second wait is told of two attempts, with their errors', async () => {
    const controller = new AbortController();
    const scripted = scriptedModel([{ error: 'overloaded' }, { error: 'timeout' }]);
    const model = applyMiddleware(scripted.model, retryMiddleware({ policy, clock: abortingClock(controller, 2), random: () => 0.5 }));
    const err = await failure(model.chat(ask, { signal: controller.signal }));
    expect(err.message).toBe('canceled while waiting (after 2 attempts)');
    expect((err.details?.attempts as Array<{ code: string }>).map((a) => a.code)).toEqual(['overloaded', 'timeout']);
    expect(scripted.calls).toBe(2);
  });

  it('never retries a canceled call, even one marked retryable', async () => {
    const clock = virtualClock();
    let calls = 0;
    const canceling = wrapChatModel(scriptedModel([]).model, {
      chat: async () => {
        calls += 1;
        throw new LLMError({ code: 'canceled', message: 'stopped', retryable: true });
      },
    });
    const model = applyMiddleware(canceling, retryMiddleware({ policy, clock }));
    expect((await failure(model.chat(ask))).code).toBe('canceled');
    expect(calls).toBe(1);
    expect(clock.waits).toEqual([]);
  });
});

describe('retryMiddleware: time', () => {
  it('retries when the wait ends exactly at the max total time', async () => {
    const scripted = scriptedModel([{ error: 'rate_limited', retryAfterMs: 10_000 }, { text: 'in time' }]);
    const clock = virtualClock();
    const model = applyMiddleware(scripted.model, retryMiddleware({ policy: { ...policy, maxTotalTime: 10_000 }, clock }));
    expect((await model.chat(ask)).text).toBe('in time');
    expect(clock.waits).toEqual([10_000]);
  });

  it('counts a stream\'s max total time from its first attempt, not from each retry', async () => {
    const scripted = scriptedModel([{ error: 'overloaded' }, { error: 'overloaded' }, { error: 'overloaded' }]);
    const clock = virtualClock();
    // Each attempt takes 4 s before it fails.
    const slow: Middleware = (inner) =>
      wrapChatModel(inner, {
        streamChat: (request, options, next) => {
          clock.advance(4000);
          return next.streamChat(request, options);
        },
      });
    const model = applyMiddleware(scripted.model, retryMiddleware({ policy: { ...policy, maxTotalTime: 9000 }, clock, random: () => 0.5 }), slow);
    const err = await failure(model.streamChat(ask).response);
    // Attempts end at 4000, 8050 and 12150 ms; a third wait would end past 9000 ms (counted
    // from the third attempt's start, it would not).
    expect(scripted.calls).toBe(3);
    expect(err.message).toMatch(/^failed after 3 attempts \(the next try, in 200ms, would pass the max total time of 9000ms\)/);
  });
});

describe('retryMiddleware: retrying off', () => {
  /** Records what the layer below retry returned and throws. */
  function below() {
    const seen: { streams: ChatStream<unknown>[] } = { streams: [] };
    const thrown = { not: 'an LLMError' };
    const spy: Middleware = (inner) =>
      wrapChatModel(inner, {
        chat: async () => {
          throw thrown;
        },
        streamChat: (request, options, next) => {
          const stream = next.streamChat(request, options);
          seen.streams.push(stream as ChatStream<unknown>);
          return stream;
        },
      });
    return { seen, thrown, spy };
  }

  it('with maxRetries 0 a call is handed straight through: what the layer below throws reaches the caller as it is', async () => {
    const { thrown, spy } = below();
    const model = applyMiddleware(scriptedModel([]).model, retryMiddleware({ policy: { ...policy, maxRetries: 0 }, clock: virtualClock() }), spy);
    await expect(model.chat(ask)).rejects.toBe(thrown);
  });

  it('with maxRetries 0 a stream is the stream below, with no layer added', async () => {
    const { seen, spy } = below();
    const model = applyMiddleware(scriptedModel([]).model, retryMiddleware({ policy, clock: virtualClock() }), spy);
    const stream = model.streamChat(ask, { retry: { maxRetries: 0 } });
    expect(stream).toBe(seen.streams[0]);
    expect((await stream.response).text).toBe('ok');
  });
});

describe('retryMiddleware: streams and the caller', () => {
  it("aborting the caller's signal mid-stream stops the vendor's stream and ends it canceled", async () => {
    const scripted = scriptedModel([{ chunks: ['a', 'b', 'c'], chunkDelayMs: 10_000 }]);
    const model = applyMiddleware(scripted.model, retryMiddleware({ policy, clock: virtualClock() }));
    const controller = new AbortController();
    const seen: string[] = [];
    const err = await failure(
      (async () => {
        for await (const e of model.streamChat(ask, { signal: controller.signal })) {
          if (e.type === 'text-delta') {
            seen.push(e.text);
            controller.abort();
          }
        }
      })(),
    );
    expect(seen).toEqual(['a']);
    expect(err).toMatchObject({ code: 'canceled', provider: 'test', model: 'test-model' });
    expect(scripted.signals[0]?.aborted).toBe(true);
    expect(scripted.calls).toBe(1);
  });
});

describe('retryMiddleware: a call overriding the policy', () => {
  it('keeps the configured value of every field the call leaves undefined', async () => {
    const scripted = scriptedModel([{ error: 'overloaded' }, { error: 'overloaded' }, { error: 'overloaded' }]);
    const clock = virtualClock();
    const model = applyMiddleware(scripted.model, retryMiddleware({ policy, clock, random: () => 0.5 }));
    const reply = await model.chat(ask, { retry: { maxRetries: undefined, initialDelay: undefined, multiplier: 3 } });
    expect(reply.text).toBe('ok');
    expect(scripted.calls).toBe(4);
    // initialDelay 100 (configured), multiplier 3 (the call's), half of each ceiling.
    expect(clock.waits).toEqual([50, 150, 450]);
  });
});
