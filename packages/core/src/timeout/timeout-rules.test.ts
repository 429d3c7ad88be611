import { getEventListeners } from 'node:events';
import type { StreamEvent } from '@llm/schema';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyMiddleware, wrapChatModel, type Middleware } from '../middleware/index.js';
import { createChatModel, type ChatStream, type ChatTransport, type TransportStreamPart } from '../model/index.js';
import { scriptedModel } from '../retry/retry-scripted-model.test-util.js';
import { timeoutMiddleware } from './timeout-middleware.js';

// The timeout middleware's rules one by one, on fake timers (setTimeout and performance.now), so
// every limit is checked to the millisecond and nothing depends on the machine's speed: the words
// of each error, which values are no limit, what the first-chunk and idle limits count, and that
// nothing is left running (a timer, a listener on the caller's signal) once a call is over.
// Complements timeout-middleware.test.ts (real timers).

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Moves the fake clock on a millisecond at a time, letting every layer's promises settle at each step. */
async function advance(ms: number): Promise<void> {
  for (let i = 0; i < ms; i++) await vi.advanceTimersByTimeAsync(1);
  await vi.advanceTimersByTimeAsync(0);
}

/** A vendor that sends the parts of `plan`, each after its wait (ms), then finishes or hangs until aborted; `sentAt` says when each part left. */
function vendor(plan: Array<[number, TransportStreamPart]>, then: 'finish' | 'hang'): ChatTransport & { sentAt: number[] } {
  const sentAt: number[] = [];
  return {
    sentAt,
    provider: 'v',
    modelId: 'm',
    doChat: () => Promise.reject(new Error('unused')),
    async *doStream(_request, { signal }) {
      for (const [waitMs, part] of plan) {
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        sentAt.push(performance.now());
        yield part;
      }
      if (then === 'finish') {
        yield { type: 'finish', finishReason: 'stop' };
        return;
      }
      await new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
    },
  };
}

const text = (t: string): TransportStreamPart => ({ type: 'text-delta', text: t });
const meta: TransportStreamPart = { type: 'metadata', id: 'r1', model: 'm' };

describe('timeoutMiddleware: what each error says', () => {
  it('names the provider, the model, the limit and which limit passed', async () => {
    const slow = applyMiddleware(scriptedModel([{ text: 'late', delayMs: 10_000 }]).model, timeoutMiddleware({ total: 50 }));
    const chat = slow.chat(ask).catch((e: unknown) => e);
    await advance(50);
    expect(await chat).toMatchObject({ message: 'test:test-model: the call took longer than 50ms (total timeout)', details: { timeout: 'total', limitMs: 50 } });

    const late = applyMiddleware(scriptedModel([{ chunks: ['a'], delayMs: 10_000 }]).model, timeoutMiddleware({ firstChunk: 70 }));
    const first = late.streamChat(ask).response.catch((e: unknown) => e);
    await advance(70);
    expect(await first).toMatchObject({ message: 'test:test-model: no first chunk within 70ms (first-chunk timeout)', details: { timeout: 'firstChunk', limitMs: 70 } });

    const stalls = applyMiddleware(createChatModel(vendor([[0, meta], [0, text('a')]], 'hang')), timeoutMiddleware({ idle: 90 }));
    const idle = stalls.streamChat(ask).response.catch((e: unknown) => e);
    await advance(90);
    expect(await idle).toMatchObject({ message: 'v:m: no chunk for 90ms (idle timeout)', details: { timeout: 'idle', limitMs: 90 } });
  });
});

describe('timeoutMiddleware: values that are no limit', () => {
  it('a limit of 0, below 0, infinite or not a number sets no limit, configured or per call', async () => {
    for (const total of [0, -1, Number.POSITIVE_INFINITY, Number.NaN]) {
      const model = applyMiddleware(scriptedModel([{ text: 'slow', delayMs: 500 }]).model, timeoutMiddleware({ total }));
      const reply = model.chat(ask);
      await advance(500);
      expect((await reply).text).toBe('slow');
    }
    const limited = applyMiddleware(scriptedModel([{ text: 'slow', delayMs: 500 }]).model, timeoutMiddleware({ total: 50 }));
    const reply = limited.chat(ask, { timeouts: { total: 0 } });
    await advance(500);
    expect((await reply).text).toBe('slow');
  });

  it('a stream is the stream of the layer below, with no layer added: with no limit untouched, with limits they ride on it', async () => {
    const seen: ChatStream<unknown>[] = [];
    const spy: Middleware = (inner) =>
      wrapChatModel(inner, {
        streamChat: (request, options, next) => {
          const stream = next.streamChat(request, options);
          seen.push(stream as ChatStream<unknown>);
          return stream;
        },
      });
    const model = applyMiddleware(scriptedModel([]).model, timeoutMiddleware({ total: 0, firstChunk: -1 }), spy);
    const stream = model.streamChat(ask);
    expect(stream).toBe(seen[0]);
    const limited = applyMiddleware(scriptedModel([]).model, timeoutMiddleware({ idle: 100 }), spy);
    expect(limited.streamChat(ask)).toBe(seen[1]);
  });
});

describe('timeoutMiddleware: a call and its caller', () => {
  it("runs a call under a live caller signal to its end, and leaves no listener on that signal nor a timer", async () => {
    const scripted = scriptedModel([{ text: 'done', delayMs: 30 }]);
    const model = applyMiddleware(scripted.model, timeoutMiddleware({ total: 1000 }));
    const caller = new AbortController();
    const reply = model.chat(ask, { signal: caller.signal });
    await advance(30);
    expect((await reply).text).toBe('done');
    expect(scripted.signals[0]?.aborted).toBe(false);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a failed call leaves nothing behind either', async () => {
    const model = applyMiddleware(scriptedModel([{ error: 'overloaded' }]).model, timeoutMiddleware({ total: 1000 }));
    const caller = new AbortController();
    await expect(model.chat(ask, { signal: caller.signal })).rejects.toMatchObject({ code: 'overloaded' });
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('timeoutMiddleware: what the stream limits count', () => {
  it('the first-chunk limit bounds only the first chunk, not the stream', async () => {
    const model = applyMiddleware(scriptedModel([{ chunks: ['a', 'b', 'c'], chunkDelayMs: 80 }]).model, timeoutMiddleware({ firstChunk: 50 }));
    const response = model.streamChat(ask).response;
    await advance(160);
    expect((await response).text).toBe('abc');
  });

  it('the idle limit does not count the wait for the vendor\'s first word (that is the first-chunk limit\'s)', async () => {
    const model = applyMiddleware(scriptedModel([{ chunks: ['a', 'b'], delayMs: 300 }]).model, timeoutMiddleware({ idle: 60 }));
    const response = model.streamChat(ask).response;
    await advance(300);
    expect((await response).text).toBe('ab');
  });

  it('the idle limit runs from the last thing the vendor sent, to the millisecond', async () => {
    // Text every 60 ms (each gap under the limit), then silence: the stall is caught 100 ms after the last text.
    const transport = vendor([[0, meta], [0, text('a')], [60, text('b')], [60, text('c')]], 'hang');
    const model = applyMiddleware(createChatModel(transport), timeoutMiddleware({ idle: 100 }));
    const seen: string[] = [];
    let failedAt = 0;
    const read = (async () => {
      for await (const e of model.streamChat(ask)) if (e.type === 'text-delta') seen.push(e.text);
    })().catch((e: unknown) => {
      failedAt = performance.now();
      throw e;
    });
    read.catch(() => {});
    await advance(400);
    await expect(read).rejects.toMatchObject({ code: 'timeout', details: { timeout: 'idle' } });
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(failedAt - transport.sentAt.at(-1)!).toBe(100);
  });

  it('a layer below that reports no activity: the idle limit starts with the first event', async () => {
    const deaf: Middleware = (inner) =>
      wrapChatModel(inner, {
        streamChat: (request, options, next) => {
          const { onActivity: _dropped, ...rest } = options;
          return next.streamChat(request, rest);
        },
      });
    const model = applyMiddleware(createChatModel(vendor([[0, meta], [0, text('a')]], 'hang')), timeoutMiddleware({ idle: 100 }), deaf);
    const response = model.streamChat(ask).response;
    response.catch(() => {});
    await advance(150);
    await expect(response).rejects.toMatchObject({ code: 'timeout', details: { timeout: 'idle' } });
  });

  it('a caller above that listens for the vendor\'s chunks keeps hearing each one under the idle limit', async () => {
    const model = applyMiddleware(createChatModel(vendor([[0, meta], [0, text('a')], [10, text('b')]], 'finish')), timeoutMiddleware({ idle: 100 }));
    let heard = 0;
    const response = model.streamChat(ask, { onActivity: () => (heard += 1) }).response;
    await advance(50);
    expect((await response).text).toBe('ab');
    expect(heard).toBe(4);
  });

  it('once the finish event is read, no limit runs any more: no timer is left', async () => {
    const model = applyMiddleware(
      scriptedModel([{ chunks: ['a', 'b', 'c'], chunkDelayMs: 5 }]).model,
      timeoutMiddleware({ total: 10_000, firstChunk: 5000, idle: 1000 }),
    );
    const it = model.streamChat(ask)[Symbol.asyncIterator]();
    const events: Array<StreamEvent<undefined>['type']> = [];
    for (;;) {
      const next = it.next();
      await advance(5);
      const result = await next;
      if (result.done) break;
      events.push(result.value.type);
      if (result.value.type === 'finish') break;
    }
    expect(events.at(-1)).toBe('finish');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a reader slower than the idle limit is not the vendor going idle', async () => {
    const model = applyMiddleware(scriptedModel([{ chunks: ['a', 'b', 'c'] }]).model, timeoutMiddleware({ idle: 40 }));
    const it = model.streamChat(ask)[Symbol.asyncIterator]();
    const texts: string[] = [];
    for (;;) {
      const next = it.next();
      await advance(0);
      const result = await next;
      if (result.done) break;
      if (result.value.type === 'text-delta') texts.push(result.value.text);
      // The reader takes 100 ms over each event.
      await advance(100);
    }
    expect(texts).toEqual(['a', 'b', 'c']);
  });

  it('a total limit alone bounds a stream, and the call options reach the layer below', async () => {
    const headers: Array<Record<string, string> | undefined> = [];
    const transport: ChatTransport = {
      ...vendor([[0, meta], [0, text('a')]], 'hang'),
      doStream(request, options) {
        headers.push(options.headers);
        return vendor([[0, meta], [0, text('a')]], 'hang').doStream(request, options);
      },
    };
    const model = applyMiddleware(createChatModel(transport), timeoutMiddleware({ total: 200 }));
    const response = model.streamChat(ask, { headers: { 'x-team': 'search' } }).response;
    response.catch(() => {});
    await advance(200);
    await expect(response).rejects.toMatchObject({ code: 'timeout', details: { timeout: 'total', limitMs: 200 } });
    expect(headers).toEqual([{ 'x-team': 'search' }]);
  });
});
