import type { ChatResponse } from '@llm/schema';
import { describe, expect, it, vi } from 'vitest';
import { expectLLMError as failure } from '../model/expect-llm-error.test-util.js';
import { CircuitBreaker } from '../circuit-breaker/index.js';
import { createFallbackModel, fallbackMiddleware, type RoutingInfo } from './fallback-model.js';
import { applyMiddleware } from '../middleware/index.js';
import { scriptedModel } from '../retry/retry-scripted-model.test-util.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };


const routing = (r: ChatResponse<unknown>) => r.providerMetadata?.routing as RoutingInfo;

describe('createFallbackModel', () => {
  it('moves on to the next model on a retryable failure and says who answered', async () => {
    const a = scriptedModel([{ error: 'overloaded' }], 'vendor-a', 'big');
    const b = scriptedModel([{ error: 'rate_limited' }], 'vendor-b', 'medium');
    const c = scriptedModel([{ text: 'from c' }], 'vendor-c', 'small');
    const onFallback = vi.fn();
    const model = createFallbackModel([a.model, b.model, c.model], { onFallback });
    const r = await model.chat(ask);
    expect(r.text).toBe('from c');
    expect(routing(r)).toEqual({
      answeredBy: 'vendor-c:small',
      tried: [
        { model: 'vendor-a:big', errorCode: 'overloaded' },
        { model: 'vendor-b:medium', errorCode: 'rate_limited' },
      ],
    });
    expect(onFallback.mock.calls.map(([e]) => [e.from, e.to, e.error.code])).toEqual([
      ['vendor-a:big', 'vendor-b:medium', 'overloaded'],
      ['vendor-b:medium', 'vendor-c:small', 'rate_limited'],
    ]);
    expect(model.provider).toBe('vendor-a');
    expect(model.modelId).toBe('big');
  });

  it('records an empty route when the first model answers', async () => {
    const a = scriptedModel([], 'a', 'm');
    const b = scriptedModel([], 'b', 'm');
    const r = await createFallbackModel([a.model, b.model]).chat(ask);
    expect(routing(r)).toEqual({ answeredBy: 'a:m', tried: [] });
    expect(b.calls).toBe(0);
  });

  it.each(['authentication', 'invalid_request', 'context_length_exceeded', 'content_filtered', 'malformed_response'] as const)('does not fall back on %s by default', async (code) => {
    const a = scriptedModel([{ error: code }], 'a', 'm');
    const b = scriptedModel([], 'b', 'm');
    expect((await failure(createFallbackModel([a.model, b.model]).chat(ask))).code).toBe(code);
    expect(b.calls).toBe(0);
  });

  it('falls back on context_length_exceeded to a larger model when asked to', async () => {
    const small = scriptedModel([{ error: 'context_length_exceeded' }], 'a', 'small');
    const large = scriptedModel([{ text: 'long answer' }], 'a', 'large');
    const model = createFallbackModel([small.model, large.model], { fallbackOn: ['context_length_exceeded'] });
    expect((await model.chat(ask)).text).toBe('long answer');
  });

  it('falls back when a circuit is open', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1 });
    const a = scriptedModel([{ error: 'overloaded' }], 'a', 'm');
    const guarded = applyMiddleware(a.model, breaker.middleware());
    const b = scriptedModel([], 'b', 'm');
    const model = createFallbackModel([guarded, b.model]);
    await model.chat(ask);
    const r = await model.chat(ask);
    expect(routing(r).tried).toEqual([{ model: 'a:m', errorCode: 'circuit_open' }]);
    expect(a.calls).toBe(1);
  });

  it('ends with the last error, naming every model, when all fail', async () => {
    const a = scriptedModel([{ error: 'overloaded' }], 'a', 'm');
    const b = scriptedModel([{ error: 'timeout' }], 'b', 'm');
    const err = await failure(createFallbackModel([a.model, b.model]).chat(ask));
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/every model failed \(a:m, b:m\)/);
    expect((err.details?.fallback as Array<{ model: string; error: { code: string } }>).map((x) => [x.model, x.error.code])).toEqual([
      ['a:m', 'overloaded'],
      ['b:m', 'timeout'],
    ]);
  });

  it('does not move on after the caller aborted', async () => {
    const a = scriptedModel([{ text: 'slow', delayMs: 1000 }], 'a', 'm');
    const b = scriptedModel([], 'b', 'm');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    expect((await failure(createFallbackModel([a.model, b.model]).chat(ask, { signal: controller.signal }))).code).toBe('canceled');
    expect(b.calls).toBe(0);
  });

  it('fallbackMiddleware puts the wrapped model first', async () => {
    const a = scriptedModel([{ error: 'provider_error' }], 'a', 'm');
    const b = scriptedModel([{ text: 'backup' }], 'b', 'm');
    const model = applyMiddleware(a.model, fallbackMiddleware([b.model]));
    expect(routing(await model.chat(ask))).toEqual({ answeredBy: 'b:m', tried: [{ model: 'a:m', errorCode: 'provider_error' }] });
  });

  it('needs at least one model', () => {
    expect(() => createFallbackModel([])).toThrow(/at least one/);
  });

  describe('streams', () => {
    it('falls back before the first event', async () => {
      const a = scriptedModel([{ chunks: ['x'], failAfterChunks: 0, failWith: 'overloaded' }], 'a', 'm');
      const b = scriptedModel([{ chunks: ['from ', 'b'] }], 'b', 'm');
      const stream = createFallbackModel([a.model, b.model]).streamChat(ask);
      const texts: string[] = [];
      let finish: ChatResponse<undefined> | undefined;
      for await (const e of stream) {
        if (e.type === 'text-delta') texts.push(e.text);
        if (e.type === 'finish') finish = e.response;
      }
      expect(texts.join('')).toBe('from b');
      expect(routing(finish!)).toEqual({ answeredBy: 'b:m', tried: [{ model: 'a:m', errorCode: 'overloaded' }] });
      expect(await stream.response).toBe(finish);
    });

    it('surfaces a failure after the first event instead of falling back', async () => {
      const a = scriptedModel([{ chunks: ['x', 'y'], failAfterChunks: 1, failWith: 'overloaded' }], 'a', 'm');
      const b = scriptedModel([], 'b', 'm');
      const err = await failure(createFallbackModel([a.model, b.model]).streamChat(ask).response);
      expect(err.code).toBe('overloaded');
      expect(b.calls).toBe(0);
    });
  });
});
