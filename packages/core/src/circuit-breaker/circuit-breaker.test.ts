import { LLMError } from '@llm/errors';
import { noopMetricsRecorder } from '@llm/metrics';
import { describe, expect, it, vi } from 'vitest';
import { expectLLMError as failure } from '../model/expect-llm-error.test-util.js';
import { CircuitBreaker, CircuitStateChangeEvent, circuitBreakerMiddleware, type CircuitStateChange } from './circuit-breaker.js';
import { InMemoryCircuitBreakerStore } from './circuit-breaker-store.js';
import { applyMiddleware } from '../middleware/index.js';
import { scriptedModel, type Step } from '../retry/retry-scripted-model.test-util.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };


function setup(steps: Step[], options: ConstructorParameters<typeof CircuitBreaker>[0] = {}) {
  let now = 1_000_000;
  const changes: CircuitStateChange[] = [];
  const circuitStateChange = vi.fn();
  const breaker = new CircuitBreaker({
    failureThreshold: 3,
    window: 10_000,
    openDuration: 5_000,
    now: () => now,
    onStateChange: (c) => changes.push(c),
    metrics: { ...noopMetricsRecorder, circuitStateChange },
    ...options,
  });
  const scripted = scriptedModel(steps);
  const model = applyMiddleware(scripted.model, breaker.middleware());
  return { breaker, scripted, model, changes, circuitStateChange, advance: (ms: number) => void (now += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after the failure threshold and then fails fast with circuit_open', async () => {
    const { breaker, scripted, model, changes, circuitStateChange } = setup([{ error: 'overloaded' }, { error: 'provider_error' }, { error: 'timeout' }]);
    for (const code of ['overloaded', 'provider_error', 'timeout']) expect((await failure(model.chat(ask))).code).toBe(code);
    expect(await breaker.state('test', 'test-model')).toBe('open');
    const err = await failure(model.chat(ask));
    expect(err).toMatchObject({ code: 'circuit_open', retryable: false, provider: 'test', model: 'test-model' });
    expect(err.retryAfterMs).toBe(5000);
    expect(scripted.calls).toBe(3);
    expect(changes.map((c) => [c.from, c.to, c.key, c.error?.code])).toEqual([['closed', 'open', 'test:test-model', 'timeout']]);
    expect(circuitStateChange).toHaveBeenCalledWith({ provider: 'test', requestModel: 'test-model' }, 'closed', 'open');
  });

  it('counts only failures that say the vendor is in trouble', async () => {
    const { breaker, scripted, model } = setup([{ error: 'authentication' }, { error: 'invalid_request' }, { error: 'content_filtered' }, { error: 'canceled' }, { error: 'context_length_exceeded' }]);
    for (let i = 0; i < 5; i++) await failure(model.chat(ask));
    expect(await breaker.state('test', 'test-model')).toBe('closed');
    expect((await model.chat(ask)).text).toBe('ok');
    expect(scripted.calls).toBe(6);
  });

  it('never counts a refusal the library made itself (a full queue, a failed store of its own), even when retryable', async () => {
    const { breaker } = setup([]);
    const permit = await breaker.acquire('test', 'test-model');
    for (let i = 0; i < 10; i++) {
      await breaker.failed(permit, new LLMError({ code: 'rate_limited', message: 'queue full', local: true, retryAfterMs: 1000 }));
      await breaker.failed(permit, new LLMError({ code: 'network', message: 'redis down', local: true }));
      // An exception nobody foresaw (a reply of the wrong shape) is not the vendor being down either.
      await breaker.failed(permit, new LLMError({ code: 'provider_error', message: 'unexpected TypeError', retryable: false, details: { unexpected: 'TypeError' } }));
    }
    expect(await breaker.state('test', 'test-model')).toBe('closed');
  });

  it('forgets failures that slid out of the window', async () => {
    const { breaker, model, advance } = setup([{ error: 'overloaded' }, { error: 'overloaded' }, { error: 'overloaded' }]);
    await failure(model.chat(ask));
    await failure(model.chat(ask));
    advance(11_000);
    await failure(model.chat(ask));
    expect(await breaker.state('test', 'test-model')).toBe('closed');
  });

  it('opens on a failure rate once the window holds enough calls', async () => {
    const { breaker, model } = setup([{ text: 'ok' }, { error: 'overloaded' }, { text: 'ok' }, { error: 'overloaded' }], {
      failureThreshold: undefined,
      failureRateThreshold: 0.5,
      minimumCalls: 4,
    });
    await model.chat(ask);
    await failure(model.chat(ask));
    await model.chat(ask);
    expect(await breaker.state('test', 'test-model')).toBe('closed');
    await failure(model.chat(ask));
    expect(await breaker.state('test', 'test-model')).toBe('open');
  });

  it('lets one probe through when half-open and closes on its success', async () => {
    const { breaker, scripted, model, changes, advance } = setup([{ error: 'overloaded' }, { error: 'overloaded' }, { error: 'overloaded' }, { text: 'probe', delayMs: 30 }]);
    for (let i = 0; i < 3; i++) await failure(model.chat(ask));
    advance(5_000);
    expect(await breaker.state('test', 'test-model')).toBe('half_open');
    const probe = model.chat(ask);
    const second = await failure(model.chat(ask));
    expect(second.code).toBe('circuit_open');
    expect((await probe).text).toBe('probe');
    expect(await breaker.state('test', 'test-model')).toBe('closed');
    expect(scripted.calls).toBe(4);
    expect(changes.map((c) => `${c.from}->${c.to}`)).toEqual(['closed->open', 'open->half_open', 'half_open->closed']);
  });

  it('opens again when the probe fails, and frees the probe when it ends for a reason that says nothing', async () => {
    const { breaker, model, changes, advance } = setup([{ error: 'overloaded' }, { error: 'overloaded' }, { error: 'overloaded' }, { error: 'invalid_request' }, { error: 'network' }]);
    for (let i = 0; i < 3; i++) await failure(model.chat(ask));
    advance(5_000);
    expect((await failure(model.chat(ask))).code).toBe('invalid_request');
    expect(await breaker.state('test', 'test-model')).toBe('half_open');
    expect((await failure(model.chat(ask))).code).toBe('network');
    expect(await breaker.state('test', 'test-model')).toBe('open');
    expect(changes.map((c) => `${c.from}->${c.to}`)).toEqual(['closed->open', 'open->half_open', 'half_open->open']);
    expect((await failure(model.chat(ask))).code).toBe('circuit_open');
  });

  it('dispatches statechange events', async () => {
    const { breaker, model } = setup([{ error: 'overloaded' }, { error: 'overloaded' }, { error: 'overloaded' }]);
    const events: CircuitStateChange[] = [];
    breaker.addEventListener('statechange', (e) => {
      expect(e).toBeInstanceOf(CircuitStateChangeEvent);
      events.push((e as CircuitStateChangeEvent).change);
    });
    for (let i = 0; i < 3; i++) await failure(model.chat(ask));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ provider: 'test', model: 'test-model', from: 'closed', to: 'open' });
  });

  it('keeps one circuit per provider and model', async () => {
    const { breaker } = setup([]);
    const a = scriptedModel([{ error: 'overloaded' }, { error: 'overloaded' }, { error: 'overloaded' }], 'p', 'a');
    const b = scriptedModel([], 'p', 'b');
    const ma = applyMiddleware(a.model, breaker.middleware());
    const mb = applyMiddleware(b.model, breaker.middleware());
    for (let i = 0; i < 3; i++) await failure(ma.chat(ask));
    expect(await breaker.state('p', 'a')).toBe('open');
    expect(await breaker.state('p', 'b')).toBe('closed');
    expect((await mb.chat(ask)).text).toBe('ok');
    await breaker.reset('p', 'a');
    expect(await breaker.state('p', 'a')).toBe('closed');
  });

  it('shares state through its store', async () => {
    const store = new InMemoryCircuitBreakerStore();
    const one = setup([{ error: 'overloaded' }, { error: 'overloaded' }, { error: 'overloaded' }], { store });
    const two = setup([], { store });
    for (let i = 0; i < 3; i++) await failure(one.model.chat(ask));
    expect((await failure(two.model.chat(ask))).code).toBe('circuit_open');
    expect(two.scripted.calls).toBe(0);
  });

  it('rejects a failure rate outside (0, 1]', () => {
    expect(() => new CircuitBreaker({ failureRateThreshold: 1.5 })).toThrow(/failureRateThreshold/);
  });

  describe('streams', () => {
    it('counts failed streams and fails fast while open', async () => {
      const { breaker, scripted, model } = setup([{ error: 'overloaded' }, { chunks: ['a', 'b'], failAfterChunks: 1 }, { error: 'timeout' }]);
      for (let i = 0; i < 3; i++) await failure(model.streamChat(ask).response);
      expect(await breaker.state('test', 'test-model')).toBe('open');
      expect((await failure(model.streamChat(ask).response)).code).toBe('circuit_open');
      expect(scripted.calls).toBe(3);
    });

    it('closes on a successful streamed probe', async () => {
      const { breaker, model, advance } = setup([{ error: 'overloaded' }, { error: 'overloaded' }, { error: 'overloaded' }, { chunks: ['x', 'y'] }]);
      for (let i = 0; i < 3; i++) await failure(model.streamChat(ask).response);
      advance(5_000);
      const events = [];
      for await (const e of model.streamChat(ask)) events.push(e);
      expect(events.at(-1)?.type).toBe('finish');
      await new Promise((r) => setTimeout(r, 0));
      expect(await breaker.state('test', 'test-model')).toBe('closed');
    });

    it('a stream left early frees the probe without closing or opening', async () => {
      const { breaker, model, advance } = setup([{ error: 'overloaded' }, { error: 'overloaded' }, { error: 'overloaded' }, { chunks: ['x', 'y', 'z'], chunkDelayMs: 20 }]);
      for (let i = 0; i < 3; i++) await failure(model.chat(ask));
      advance(5_000);
      for await (const e of model.streamChat(ask)) if (e.type === 'text-delta') break;
      await new Promise((r) => setTimeout(r, 0));
      expect(await breaker.state('test', 'test-model')).toBe('half_open');
      expect((await model.chat(ask)).text).toBe('ok');
      expect(await breaker.state('test', 'test-model')).toBe('closed');
    });
  });

  it('circuitBreakerMiddleware builds its own breaker from options', async () => {
    const scripted = scriptedModel([{ error: 'network' }]);
    const model = applyMiddleware(scripted.model, circuitBreakerMiddleware({ failureThreshold: 1 }));
    await failure(model.chat(ask));
    expect((await failure(model.chat(ask))).code).toBe('circuit_open');
  });
});

describe('InMemoryCircuitBreakerStore', () => {
  it('moves state by compare-and-set and hands out one probe at a time', async () => {
    const store = new InMemoryCircuitBreakerStore();
    expect(await store.transition('k', 'open', 'half_open', 0)).toBe(false);
    expect(await store.transition('k', 'closed', 'open', 100)).toBe(true);
    expect((await store.get('k', 100, 1000)).openedAt).toBe(100);
    expect(await store.acquireProbe('k', 200, 1000)).toBe(false);
    expect(await store.transition('k', 'open', 'half_open', 200)).toBe(true);
    expect(await store.acquireProbe('k', 200, 1000)).toBe(true);
    expect(await store.acquireProbe('k', 300, 1000)).toBe(false);
    expect(await store.acquireProbe('k', 1300, 1000)).toBe(true);
    await store.releaseProbe('k');
    expect(await store.acquireProbe('k', 1301, 1000)).toBe(true);
  });

  it('counts calls and failures in a sliding window and clears it on closing', async () => {
    const store = new InMemoryCircuitBreakerStore();
    await store.record('k', true, 0, 1000);
    await store.record('k', false, 500, 1000);
    expect(await store.record('k', true, 900, 1000)).toMatchObject({ calls: 3, failures: 2 });
    expect(await store.get('k', 1550, 1000)).toMatchObject({ calls: 2, failures: 1 });
    expect(await store.get('k', 2000, 1000)).toMatchObject({ calls: 0, failures: 0 });
    await store.record('k', true, 2000, 1000);
    await store.transition('k', 'closed', 'open', 2000);
    await store.transition('k', 'open', 'half_open', 2100);
    await store.transition('k', 'half_open', 'closed', 2200);
    expect(await store.get('k', 2200, 1000)).toMatchObject({ state: 'closed', calls: 0, failures: 0, openedAt: undefined });
  });
});
