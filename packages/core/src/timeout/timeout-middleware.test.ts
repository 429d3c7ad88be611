import { describe, expect, it } from 'vitest';
import { expectLLMError as failure } from '../model/expect-llm-error.test-util.js';
import { applyMiddleware } from '../middleware/index.js';
import { scriptedModel } from '../retry/retry-scripted-model.test-util.js';
import { timeoutMiddleware } from './timeout-middleware.js';
import { createChatModel, type ChatTransport } from '../model/index.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };


describe('timeoutMiddleware', () => {
  it('ends a slow call with a retryable timeout and aborts the request', async () => {
    const scripted = scriptedModel([{ text: 'late', delayMs: 2000 }]);
    const model = applyMiddleware(scripted.model, timeoutMiddleware({ total: 50 }));
    const started = Date.now();
    const err = await failure(model.chat(ask));
    expect(err).toMatchObject({ code: 'timeout', retryable: true, provider: 'test', model: 'test-model', details: { timeout: 'total', limitMs: 50 } });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(scripted.signals[0]?.aborted).toBe(true);
  });

  it('lets a fast call through untouched', async () => {
    const scripted = scriptedModel([{ text: 'quick', delayMs: 5 }]);
    const model = applyMiddleware(scripted.model, timeoutMiddleware({ total: 500 }));
    expect((await model.chat(ask)).text).toBe('quick');
    expect(scripted.signals[0]?.aborted).toBe(false);
  });

  it('takes per-call limits over the configured ones', async () => {
    const scripted = scriptedModel([{ text: 'late', delayMs: 300 }, { text: 'late', delayMs: 100 }]);
    const model = applyMiddleware(scripted.model, timeoutMiddleware({ total: 10_000 }));
    expect((await failure(model.chat(ask, { timeouts: { total: 30 } }))).details).toMatchObject({ limitMs: 30 });
    const none = applyMiddleware(scriptedModel([{ text: 'late', delayMs: 100 }]).model, timeoutMiddleware());
    expect((await none.chat(ask)).text).toBe('late');
  });

  it('reports a caller abort as canceled, not timeout', async () => {
    const scripted = scriptedModel([{ text: 'late', delayMs: 2000 }]);
    const model = applyMiddleware(scripted.model, timeoutMiddleware({ total: 1000 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    expect((await failure(model.chat(ask, { signal: controller.signal }))).code).toBe('canceled');
  });

  describe('streams', () => {
    it('times out a stream whose first chunk is late', async () => {
      const scripted = scriptedModel([{ chunks: ['a'], delayMs: 2000 }]);
      const model = applyMiddleware(scripted.model, timeoutMiddleware({ firstChunk: 50 }));
      const stream = model.streamChat(ask);
      const err = await failure(stream.response);
      expect(err).toMatchObject({ code: 'timeout', retryable: true, details: { timeout: 'firstChunk', limitMs: 50 } });
      expect(scripted.signals[0]?.aborted).toBe(true);
    });

    it('times out a stream that goes idle between chunks, after delivering the first ones', async () => {
      const scripted = scriptedModel([{ chunks: ['a', 'b', 'c'], chunkDelayMs: 300 }]);
      const model = applyMiddleware(scripted.model, timeoutMiddleware({ firstChunk: 1000, idle: 60 }));
      const seen: string[] = [];
      const err = await failure(
        (async () => {
          for await (const e of model.streamChat(ask)) if (e.type === 'text-delta') seen.push(e.text);
        })(),
      );
      expect(err.details).toMatchObject({ timeout: 'idle', limitMs: 60 });
      expect(seen).toEqual(['a']);
      expect(scripted.signals[0]?.aborted).toBe(true);
    });

    it('does not count a slow reader as idle time', async () => {
      const scripted = scriptedModel([{ chunks: ['a', 'b', 'c'] }]);
      const model = applyMiddleware(scripted.model, timeoutMiddleware({ idle: 40 }));
      const seen: string[] = [];
      for await (const e of model.streamChat(ask)) {
        if (e.type === 'text-delta') {
          seen.push(e.text);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      expect(seen).toEqual(['a', 'b', 'c']);
    });

    it('bounds the whole stream with the total limit', async () => {
      const scripted = scriptedModel([{ chunks: ['a', 'b', 'c', 'd', 'e'], chunkDelayMs: 40 }]);
      const model = applyMiddleware(scripted.model, timeoutMiddleware({ total: 100, idle: 1000 }));
      const err = await failure(model.streamChat(ask).response);
      expect(err.details).toMatchObject({ timeout: 'total' });
    });

    it('lets a healthy stream finish', async () => {
      const scripted = scriptedModel([{ chunks: ['a', 'b', 'c'], chunkDelayMs: 5 }]);
      const model = applyMiddleware(scripted.model, timeoutMiddleware({ total: 2000, firstChunk: 1000, idle: 500 }));
      const r = await model.streamChat(ask).response;
      expect(r.text).toBe('abc');
    });

    it('reports a caller abort of a stream as canceled', async () => {
      const scripted = scriptedModel([{ chunks: ['a', 'b', 'c'], chunkDelayMs: 200 }]);
      const model = applyMiddleware(scripted.model, timeoutMiddleware({ idle: 1000 }));
      const controller = new AbortController();
      const stream = model.streamChat(ask, { signal: controller.signal });
      const err = await failure(
        (async () => {
          for await (const e of stream) if (e.type === 'text-delta') controller.abort();
        })(),
      );
      expect(err.code).toBe('canceled');
    });

    it('takes per-call stream limits', async () => {
      const scripted = scriptedModel([{ chunks: ['a'], delayMs: 300 }]);
      const model = applyMiddleware(scripted.model, timeoutMiddleware());
      const err = await failure(model.streamChat(ask, { timeouts: { firstChunk: 30 } }).response);
      expect(err.details).toMatchObject({ timeout: 'firstChunk', limitMs: 30 });
    });
  });
});

describe('the idle limit counts the vendor, not the events', () => {
  /** A vendor that opens the stream with a frame carrying no text (a role-only chunk), then falls silent. */
  const stalling = (afterText: boolean): ChatTransport => ({
    provider: 'fake',
    modelId: 'm',
    doChat: () => Promise.reject(new Error('unused')),
    async *doStream(_request, { signal }) {
      yield { type: 'metadata', id: 'r1', model: 'm' };
      if (afterText) yield { type: 'text-delta', text: 'hi' };
      await new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
    },
  });

  it('catches a stall after a role-only chunk with only the idle limit set', async () => {
    const model = applyMiddleware(createChatModel(stalling(false)), timeoutMiddleware({ idle: 100 }));
    const started = performance.now();
    const err = await failure(model.streamChat({ messages: [{ role: 'user', content: 'hi' }] }).response);
    expect(err).toMatchObject({ code: 'timeout', details: { timeout: 'idle', limitMs: 100 } });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('still catches a stall after text', async () => {
    const model = applyMiddleware(createChatModel(stalling(true)), timeoutMiddleware({ idle: 100 }));
    const err = await failure(model.streamChat({ messages: [{ role: 'user', content: 'hi' }] }).response);
    expect(err.details).toMatchObject({ timeout: 'idle' });
  });
});
