import { LLMError, type LLMErrorCode } from '@llm/errors';
import { noopMetricsRecorder, type MetricsRecorder } from '@llm/metrics';
import type { StreamEvent } from '@llm/schema';
import { describe, expect, it, vi } from 'vitest';
import { expectLLMError as failure } from '../model/expect-llm-error.test-util.js';
import { applyMiddleware, wrapChatModel } from '../middleware/index.js';
import { retryMiddleware, type RetryEvent } from './retry-middleware.js';
import { scriptedModel, virtualClock, type Step } from './retry-scripted-model.test-util.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
const policy = { maxRetries: 3, initialDelay: 100, multiplier: 2, maxDelay: 1000, maxTotalTime: 60_000 };


async function collect<T>(stream: AsyncIterable<StreamEvent<T>>): Promise<StreamEvent<T>[]> {
  const out: StreamEvent<T>[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

function setup(steps: Step[], overrides: Partial<typeof policy> = {}, extra: { metrics?: MetricsRecorder; onRetry?: (e: RetryEvent) => void } = {}) {
  const scripted = scriptedModel(steps);
  const clock = virtualClock();
  const model = applyMiddleware(scripted.model, retryMiddleware({ policy: { ...policy, ...overrides }, clock, random: () => 0.5, ...extra }));
  return { scripted, clock, model };
}

describe('retryMiddleware', () => {
  it("hands a local refusal (the limiter's full queue) to the caller with its hint instead of queueing again", async () => {
    const clock = virtualClock();
    let calls = 0;
    const refusing = wrapChatModel(scriptedModel([]).model, {
      chat: async () => {
        calls += 1;
        throw new LLMError({ code: 'rate_limited', message: 'queue full', local: true, retryAfterMs: 1200 });
      },
    });
    const model = applyMiddleware(refusing, retryMiddleware({ policy, clock }));
    const err = await failure(model.chat(ask));
    expect(err).toMatchObject({ code: 'rate_limited', local: true, retryAfterMs: 1200 });
    expect(calls).toBe(1);
    expect(clock.waits).toEqual([]);
  });

  it('retries retryable failures with exponential backoff and full jitter, then succeeds', async () => {
    const { scripted, clock, model } = setup([{ error: 'overloaded' }, { error: 'provider_error' }, { error: 'network' }, { text: 'finally' }]);
    const r = await model.chat(ask);
    expect(r.text).toBe('finally');
    expect(scripted.calls).toBe(4);
    // random() = 0.5 of 100, 200, 400
    expect(clock.waits).toEqual([50, 100, 200]);
  });

  it.each<LLMErrorCode>(['authentication', 'invalid_request', 'context_length_exceeded', 'content_filtered', 'cost_exceeded', 'canceled', 'malformed_response', 'permission_denied'])(
    'never retries %s',
    async (code) => {
      const { scripted, clock, model } = setup([{ error: code }]);
      const err = await failure(model.chat(ask));
      expect(err.code).toBe(code);
      expect(err.details?.attempts).toBeUndefined();
      expect(scripted.calls).toBe(1);
      expect(clock.waits).toEqual([]);
    },
  );

  it('ends with the last code, says how many attempts were made and carries each error', async () => {
    const { scripted, model } = setup([{ error: 'overloaded' }, { error: 'provider_error' }, { error: 'rate_limited' }, { error: 'network', message: 'socket hang up' }]);
    const err = await failure(model.chat(ask));
    expect(scripted.calls).toBe(4);
    expect(err.code).toBe('network');
    expect(err.retryable).toBe(true);
    expect(err.message).toMatch(/after 4 attempts: .*socket hang up/);
    const attempts = err.details?.attempts as Array<{ code: string }>;
    expect(attempts.map((a) => a.code)).toEqual(['overloaded', 'provider_error', 'rate_limited', 'network']);
  });

  it('stops at a non-retryable error mid-way', async () => {
    const { scripted, model } = setup([{ error: 'overloaded' }, { error: 'authentication' }]);
    const err = await failure(model.chat(ask));
    expect(err.code).toBe('authentication');
    expect(err.message).toMatch(/after 2 attempts/);
    expect(scripted.calls).toBe(2);
  });

  it("waits what the vendor's retry-after asked for instead of the backoff", async () => {
    const { clock, model } = setup([{ error: 'rate_limited', retryAfterMs: 2500 }, { text: 'ok' }]);
    await model.chat(ask);
    expect(clock.waits).toEqual([2500]);
  });

  it('gives up instead of waiting past the max total time', async () => {
    const { scripted, clock, model } = setup([{ error: 'rate_limited', retryAfterMs: 90_000 }], { maxTotalTime: 10_000 });
    const err = await failure(model.chat(ask));
    expect(err.code).toBe('rate_limited');
    expect(err.message).toMatch(/max total time of 10000ms/);
    expect(scripted.calls).toBe(1);
    expect(clock.waits).toEqual([]);
  });

  it('counts the time attempts take against the max total time', async () => {
    const scripted = scriptedModel([{ error: 'overloaded' }, { error: 'overloaded' }, { error: 'overloaded' }]);
    const clock = virtualClock();
    const slow = wrapChatModel(scripted.model, {
      chat: (request, options, next) => {
        clock.advance(4000);
        return next.chat(request, options);
      },
    });
    const model = applyMiddleware(slow, retryMiddleware({ policy: { ...policy, maxTotalTime: 9000 }, clock, random: () => 0.5 }));
    const err = await failure(model.chat(ask));
    // Attempts end at 4000, 8050 and 12150 ms; a third wait (200 ms) would end past 9000 ms.
    expect(scripted.calls).toBe(3);
    expect(err.message).toMatch(/after 3 attempts \(the next try/);
  });

  it('stops a wait at once with canceled when the caller aborts', async () => {
    const scripted = scriptedModel([{ error: 'overloaded' }]);
    const model = applyMiddleware(scripted.model, retryMiddleware({ policy: { ...policy, initialDelay: 20_000, maxDelay: 20_000 }, random: () => 0.99 }));
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 30);
    const err = await failure(model.chat(ask, { signal: controller.signal }));
    expect(err.code).toBe('canceled');
    expect(err.message).toMatch(/after 1 attempt/);
    expect((err.details?.attempts as unknown[]).length).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(scripted.calls).toBe(1);
  });

  it('takes per-call overrides', async () => {
    const off = setup([{ error: 'overloaded' }]);
    expect((await failure(off.model.chat(ask, { retry: { maxRetries: 0 } }))).code).toBe('overloaded');
    expect(off.scripted.calls).toBe(1);

    const on = setup([{ error: 'overloaded' }, { error: 'overloaded' }, { text: 'ok' }], { maxRetries: 0 });
    await on.model.chat(ask, { retry: { maxRetries: 2, initialDelay: 10 } });
    expect(on.scripted.calls).toBe(3);
    expect(on.clock.waits).toEqual([5, 10]);
  });

  it('reports each retry to the metrics recorder and onRetry', async () => {
    const retry = vi.fn();
    const onRetry = vi.fn<(event: RetryEvent) => void>();
    const { model } = setup([{ error: 'overloaded' }, { error: 'timeout' }, { text: 'ok' }], {}, { metrics: { ...noopMetricsRecorder, retry }, onRetry });
    await model.chat(ask);
    expect(retry.mock.calls).toEqual([
      [{ provider: 'test', requestModel: 'test-model' }, 2, 'overloaded'],
      [{ provider: 'test', requestModel: 'test-model' }, 3, 'timeout'],
    ]);
    expect(onRetry.mock.calls.map(([e]) => [e.attempt, e.error.code, e.delayMs])).toEqual([
      [2, 'overloaded', 50],
      [3, 'timeout', 100],
    ]);
  });

  it('honours a custom retryOn', async () => {
    const scripted = scriptedModel([{ error: 'malformed_response' }, { text: 'ok' }]);
    const model = applyMiddleware(scripted.model, retryMiddleware({ policy, clock: virtualClock(), retryOn: (e) => e.code === 'malformed_response' }));
    expect((await model.chat(ask)).text).toBe('ok');
    expect(scripted.calls).toBe(2);
  });

  describe('streams', () => {
    it('retries a stream that failed before its first event', async () => {
      const { scripted, model } = setup([{ error: 'overloaded' }, { chunks: ['a', 'b'], failAfterChunks: 0 }, { chunks: ['x', 'y', 'z'] }]);
      const stream = model.streamChat(ask);
      const events = await collect(stream);
      expect(events.filter((e) => e.type === 'text-delta').map((e) => (e.type === 'text-delta' ? e.text : ''))).toEqual(['x', 'y', 'z']);
      expect(scripted.calls).toBe(3);
      expect((await stream.response).text).toBe('xyz');
    });

    it('surfaces a failure after output reached the caller, without restarting', async () => {
      const { scripted, model } = setup([{ chunks: ['a', 'b', 'c'], failAfterChunks: 2 }]);
      const seen: string[] = [];
      const err = await failure(
        (async () => {
          for await (const e of model.streamChat(ask)) if (e.type === 'text-delta') seen.push(e.text);
        })(),
      );
      expect(err.code).toBe('network');
      expect(seen).toEqual(['a', 'b']);
      expect(scripted.calls).toBe(1);
    });

    it('gives up on a stream with the attempts in the error', async () => {
      const { scripted, model } = setup([{ error: 'overloaded' }, { error: 'overloaded' }], { maxRetries: 1 });
      const err = await failure(model.streamChat(ask).response);
      expect(err.code).toBe('overloaded');
      expect(err.message).toMatch(/after 2 attempts/);
      expect(scripted.calls).toBe(2);
    });

    it('aborting during a wait ends the stream with canceled at once', async () => {
      const scripted = scriptedModel([{ error: 'overloaded' }]);
      const model = applyMiddleware(scripted.model, retryMiddleware({ policy: { ...policy, initialDelay: 20_000, maxDelay: 20_000 }, random: () => 0.99 }));
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 30);
      const err = await failure(model.streamChat(ask, { signal: controller.signal }).response);
      expect(err.code).toBe('canceled');
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('leaving the loop early stops the attempt', async () => {
      const { scripted, model } = setup([{ chunks: ['a', 'b', 'c'], chunkDelayMs: 50 }]);
      const stream = model.streamChat(ask);
      for await (const e of stream) if (e.type === 'text-delta') break;
      expect((await failure(stream.response)).code).toBe('canceled');
      expect(scripted.signals[0]?.aborted).toBe(true);
    });
  });
});
