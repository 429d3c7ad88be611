import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { expectLLMError as failure } from '../model/expect-llm-error.test-util.js';
import { CircuitBreaker, type CircuitStateChange } from './circuit-breaker.js';
import { InMemoryCircuitBreakerStore, type CircuitBreakerStore, type CircuitSnapshot } from './circuit-breaker-store.js';
import { applyMiddleware, wrapChatModel, type Middleware } from '../middleware/index.js';
import { scriptedModel } from '../retry/retry-scripted-model.test-util.js';

// The breaker's rules one by one: defaults, thresholds, what each state change carries, and the
// stream path (the caller's signal, the probe). Complements circuit-breaker.test.ts.

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };
const overloaded = () => new LLMError({ code: 'overloaded', message: 'busy', provider: 'p', model: 'm' });
const invalid = () => new LLMError({ code: 'invalid_request', message: 'bad', provider: 'p', model: 'm' });

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/** Fails `n` counted calls through `acquire` / `failed`. */
async function failTimes(breaker: CircuitBreaker, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await breaker.failed(await breaker.acquire('p', 'm'), overloaded());
}

async function succeedTimes(breaker: CircuitBreaker, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await breaker.succeeded(await breaker.acquire('p', 'm'));
}

/** An in-memory store that counts calls per method and can be made to answer a fixed snapshot. */
function countingStore(inner: CircuitBreakerStore = new InMemoryCircuitBreakerStore()) {
  const calls: Record<string, number> = {};
  const count = (name: string) => void (calls[name] = (calls[name] ?? 0) + 1);
  const store: CircuitBreakerStore = {
    get: (...a) => (count('get'), inner.get(...a)),
    record: (...a) => (count('record'), inner.record(...a)),
    recordSuccess: (...a) => (count('recordSuccess'), inner.recordSuccess?.(...a)),
    transition: (...a) => (count('transition'), inner.transition(...a)),
    acquireProbe: (...a) => (count('acquireProbe'), inner.acquireProbe(...a)),
    releaseProbe: (...a) => (count('releaseProbe'), inner.releaseProbe(...a)),
    reset: (...a) => (count('reset'), inner.reset(...a)),
  };
  return { store, calls };
}

/** A store that answers `get` from a list of snapshots (a shared store another process changes). */
function scriptedStore(snapshots: CircuitSnapshot[], probe: boolean): CircuitBreakerStore {
  const inner = new InMemoryCircuitBreakerStore();
  return {
    get: async () => snapshots.shift() ?? { state: 'closed', openedAt: undefined, calls: 0, failures: 0 },
    record: (...a) => inner.record(...a),
    transition: async () => false,
    acquireProbe: async () => probe,
    releaseProbe: async () => {},
    reset: async () => {},
  };
}

describe('CircuitBreaker defaults and thresholds', () => {
  it('without options opens at the fifth counted failure', async () => {
    const { now } = clock();
    const breaker = new CircuitBreaker({ now });
    await failTimes(breaker, 4);
    expect(await breaker.state('p', 'm')).toBe('closed');
    await failTimes(breaker, 1);
    expect(await breaker.state('p', 'm')).toBe('open');
  });

  it('with only a failure rate has no count threshold: five failures under minimumCalls leave it closed', async () => {
    const breaker = new CircuitBreaker({ failureRateThreshold: 0.5, minimumCalls: 20, now: clock().now });
    await failTimes(breaker, 10);
    expect(await breaker.state('p', 'm')).toBe('closed');
  });

  it('opens on the rate only when failures are at least that share of the calls', async () => {
    const breaker = new CircuitBreaker({ failureRateThreshold: 0.5, minimumCalls: 4, now: clock().now });
    await succeedTimes(breaker, 3);
    await failTimes(breaker, 1); // 1 of 4
    expect(await breaker.state('p', 'm')).toBe('closed');
    await failTimes(breaker, 1); // 2 of 5
    expect(await breaker.state('p', 'm')).toBe('closed');
    await failTimes(breaker, 1); // 3 of 6: half
    expect(await breaker.state('p', 'm')).toBe('open');
  });

  it('counts successes as successes', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3, now: clock().now });
    await succeedTimes(breaker, 5);
    await failTimes(breaker, 2);
    expect(await breaker.state('p', 'm')).toBe('closed');
  });

  it('takes a failure rate in (0, 1] and names a wrong one', () => {
    expect(() => new CircuitBreaker({ failureRateThreshold: 1 })).not.toThrow();
    expect(() => new CircuitBreaker({ failureRateThreshold: 0.01 })).not.toThrow();
    for (const wrong of [0, -0.5, 1.01]) {
      let error: unknown;
      try {
        new CircuitBreaker({ failureRateThreshold: wrong });
      } catch (err) {
        error = err;
      }
      expect(error).toMatchObject({ code: 'configuration', message: `circuit breaker failureRateThreshold must be in (0, 1], got ${wrong}` });
    }
  });
});

describe('CircuitBreaker failing fast', () => {
  it('tells how long until the next probe, counted from when it opened', async () => {
    const { now, advance } = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, openDuration: 5_000, now });
    await failTimes(breaker, 1);
    advance(2_000);
    const err = await failure(breaker.acquire('p', 'm'));
    expect(err).toMatchObject({ code: 'circuit_open', provider: 'p', model: 'm', retryAfterMs: 3_000 });
    expect(err.message).toBe('p:m: circuit open (the vendor failed repeatedly; next probe in 3000ms); failing fast');
  });

  it('says when a probe is already in flight', async () => {
    const { now, advance } = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, openDuration: 5_000, now });
    await failTimes(breaker, 1);
    advance(5_000);
    expect((await breaker.acquire('p', 'm')).probe).toBe(true);
    const err = await failure(breaker.acquire('p', 'm'));
    expect(err.code).toBe('circuit_open');
    expect(err.retryAfterMs).toBeUndefined();
    expect(err.message).toBe('p:m: circuit open (a probe call is in flight); failing fast');
  });

  it('a call let in before the circuit opened does not free the probe when it ends for a reason that says nothing', async () => {
    const { now, advance } = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, openDuration: 5_000, now });
    const early = await breaker.acquire('p', 'm');
    await failTimes(breaker, 1);
    advance(5_000);
    expect((await breaker.acquire('p', 'm')).probe).toBe(true);
    await breaker.failed(early, invalid());
    expect((await failure(breaker.acquire('p', 'm'))).message).toContain('a probe call is in flight');
  });

  it('reports each change with its circuit, and an error only where a failure caused it', async () => {
    const { now, advance } = clock();
    const changes: CircuitStateChange[] = [];
    const breaker = new CircuitBreaker({ failureThreshold: 1, openDuration: 5_000, now, onStateChange: (c) => changes.push(c) });
    await failTimes(breaker, 1);
    advance(5_000);
    await breaker.succeeded(await breaker.acquire('p', 'm'));
    expect(changes.map(({ error, ...rest }) => ({ ...rest, error: error?.code }))).toEqual([
      { provider: 'p', model: 'm', key: 'p:m', from: 'closed', to: 'open', at: 1_000_000, error: 'overloaded' },
      { provider: 'p', model: 'm', key: 'p:m', from: 'open', to: 'half_open', at: 1_005_000, error: undefined },
      { provider: 'p', model: 'm', key: 'p:m', from: 'half_open', to: 'closed', at: 1_005_000, error: undefined },
    ]);
    expect('error' in changes[1]!).toBe(false);
    expect('error' in changes[2]!).toBe(false);
  });

  it('gives a non-LLMError the circuit it failed in', async () => {
    const changes: CircuitStateChange[] = [];
    const breaker = new CircuitBreaker({ failureThreshold: 1, now: clock().now, onStateChange: (c) => changes.push(c) });
    await expect(breaker.run('p', 'm', () => Promise.reject(new TypeError('fetch failed')))).rejects.toThrow('fetch failed');
    expect(changes[0]?.error).toMatchObject({ code: 'network', provider: 'p', model: 'm' });
  });
});

describe('CircuitBreaker and its store', () => {
  it('a closed circuit costs one read per call', async () => {
    const { store, calls } = countingStore();
    const breaker = new CircuitBreaker({ store, now: clock().now });
    const permit = await breaker.acquire('p', 'm');
    expect(permit).toEqual({ key: 'p:m', provider: 'p', model: 'm', probe: false });
    expect(calls).toEqual({ get: 1 });
  });

  it('a success through a closed circuit is one store call, recordSuccess, counted before run returns (and before a stream\'s finish reaches the caller)', async () => {
    const { store, calls } = countingStore();
    const { now } = clock();
    const breaker = new CircuitBreaker({ store, now, failureRateThreshold: 0.5, minimumCalls: 1 });
    expect(await breaker.run('p', 'm', async () => 'answer')).toBe('answer');
    expect(calls).toEqual({ get: 1, recordSuccess: 1 });
    expect(await store.get('p:m', now(), 60_000)).toMatchObject({ calls: 1, failures: 0 });
    const model = applyMiddleware(scriptedModel([{ chunks: ['a'] }]).model, breaker.middleware());
    for await (const e of model.streamChat(ask)) if (e.type === 'finish') expect(await store.get('test:test-model', now(), 60_000)).toMatchObject({ calls: 1 });
    expect(calls).toMatchObject({ recordSuccess: 2 });
    // The counts are the same as record's: one failure of two calls trips the rate.
    await failTimes(breaker, 1);
    expect(await breaker.state('p', 'm')).toBe('open');
  });

  it('waits for a store whose success goes elsewhere (a promise), and counts a store\'s successes by record when it has no recordSuccess', async () => {
    let resolve!: () => void;
    const slow = Object.assign(new InMemoryCircuitBreakerStore(), { recordSuccess: () => new Promise<void>((r) => (resolve = r)) });
    let done = false;
    const running = new CircuitBreaker({ store: slow }).run('p', 'm', async () => 'answer').then(() => (done = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(done).toBe(false);
    resolve();
    await running;
    expect(done).toBe(true);

    const { store, calls } = countingStore();
    const { recordSuccess: _none, ...withoutSuccess } = store;
    const { now } = clock();
    const breaker = new CircuitBreaker({ store: withoutSuccess, now });
    await succeedTimes(breaker, 2);
    expect(await breaker.run('p', 'm', async () => 'answer')).toBe('answer');
    expect(calls).toEqual({ get: 3, record: 3 });
    expect(await store.get('p:m', now(), 60_000)).toMatchObject({ calls: 3, failures: 0 });
  });

  it('reads the state the store holds: a closed circuit that opened long ago is closed', async () => {
    const breaker = new CircuitBreaker({ store: scriptedStore([{ state: 'closed', openedAt: 0, calls: 0, failures: 0 }], false), now: clock().now });
    expect(await breaker.state('p', 'm')).toBe('closed');
  });

  it('lets a call through as a plain call when another process closed the circuit while it asked for the probe', async () => {
    const store = scriptedStore(
      [
        { state: 'half_open', openedAt: 1, calls: 0, failures: 0 },
        { state: 'closed', openedAt: undefined, calls: 0, failures: 0 },
      ],
      false,
    );
    const breaker = new CircuitBreaker({ store, now: clock().now });
    expect(await breaker.acquire('p', 'm')).toEqual({ key: 'p:m', provider: 'p', model: 'm', probe: false });
  });

  it('hands out the probe of a half-open circuit whatever its open time says (another process opened it)', async () => {
    const { now } = clock();
    const breaker = new CircuitBreaker({ store: scriptedStore([{ state: 'half_open', openedAt: now(), calls: 0, failures: 0 }], true), now });
    expect((await breaker.acquire('p', 'm')).probe).toBe(true);
  });

  it('resets one circuit, or every circuit', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, now: clock().now });
    for (const model of ['a', 'b', 'c']) await breaker.failed(await breaker.acquire('p', model), overloaded());
    await breaker.reset('p', 'a');
    expect([await breaker.state('p', 'a'), await breaker.state('p', 'b'), await breaker.state('p', 'c')]).toEqual(['closed', 'open', 'open']);
    await breaker.reset();
    expect([await breaker.state('p', 'b'), await breaker.state('p', 'c')]).toEqual(['closed', 'closed']);
  });
});

describe('CircuitBreaker streams and the caller', () => {
  it("aborting the caller's signal stops the vendor's stream and ends it canceled", async () => {
    const scripted = scriptedModel([{ chunks: ['a', 'b', 'c'], chunkDelayMs: 10_000 }]);
    const model = applyMiddleware(scripted.model, new CircuitBreaker({ now: clock().now }).middleware());
    const controller = new AbortController();
    const stream = model.streamChat(ask, { signal: controller.signal });
    const seen: string[] = [];
    const err = await failure(
      (async () => {
        for await (const e of stream) {
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
  });

  it('passes the call options on to the stream below', async () => {
    const scripted = scriptedModel([{ chunks: ['a'] }]);
    const breaker = new CircuitBreaker({ now: clock().now });
    const seenHeaders: Array<Record<string, string> | undefined> = [];
    const spy: Middleware = (inner) =>
      wrapChatModel(inner, {
        streamChat: (request, options, next) => {
          seenHeaders.push(options.headers);
          return next.streamChat(request, options);
        },
      });
    const model = applyMiddleware(scripted.model, breaker.middleware(), spy);
    await model.streamChat(ask, { headers: { 'x-test': '1' } }).response;
    expect(seenHeaders).toEqual([{ 'x-test': '1' }]);
  });
});

describe('CircuitBreaker on a stream, without a signal of its own', () => {
  it("makes the stream below, with the caller's own signal, only once the circuit lets the call through; an open circuit never reaches the layers inside it", async () => {
    const scripted = scriptedModel([{ chunks: ['a'] }, { error: 'overloaded' }]);
    const breaker = new CircuitBreaker({ now: clock().now, failureThreshold: 1 });
    const made: Array<AbortSignal | undefined> = [];
    const spy: Middleware = (inner) =>
      wrapChatModel(inner, {
        streamChat: (request, options, next) => {
          made.push(options.signal);
          return next.streamChat(request, options);
        },
      });
    const model = applyMiddleware(scripted.model, breaker.middleware(), spy);
    const caller = new AbortController();
    const first = model.streamChat(ask, { signal: caller.signal });
    expect(made).toEqual([]);
    expect((await first.response).text).toBe('a');
    expect(made).toEqual([caller.signal]);
    expect((await failure(model.streamChat(ask).response)).code).toBe('overloaded');
    // Open now: the third call is refused before anything inside the breaker is made.
    expect((await failure(model.streamChat(ask).response)).code).toBe('circuit_open');
    expect(made).toHaveLength(2);
    expect(scripted.signals).toHaveLength(2);
  });
});

describe('CircuitBreaker when its own store fails', () => {
  const down = (error: unknown) => () => Promise.reject(error);

  it('a store that cannot be read lets the call through once and reports the failure as local, naming the call', async () => {
    for (const cause of [new Error('connect ECONNREFUSED 127.0.0.1:6379'), new LLMError({ code: 'network', message: 'connect ECONNREFUSED 127.0.0.1:6379' })]) {
      const reported: LLMError[] = [];
      const store = Object.assign(new InMemoryCircuitBreakerStore(), { get: down(cause) });
      const breaker = new CircuitBreaker({ store, onStoreError: (e) => reported.push(e) });
      let calls = 0;
      expect(await breaker.run('p', 'm', async () => (calls += 1, 'answer'))).toBe('answer');
      expect(calls).toBe(1);
      expect(reported).toHaveLength(1);
      expect(reported[0]).toBeInstanceOf(LLMError);
      expect(reported[0]).toMatchObject({ local: true, provider: 'p', model: 'm' });
      expect(reported[0]!.message).toMatch(/^circuit breaker store: could not read the circuit; the call goes through: .*ECONNREFUSED/);
    }
  });

  it('a store that cannot record the outcome: the reply, or the call\'s own error, still reaches the caller, and the loss is reported', async () => {
    const reported: LLMError[] = [];
    const closed = new Error('Connection is closed.');
    const store = Object.assign(new InMemoryCircuitBreakerStore(), {
      record: down(closed),
      recordSuccess: down(closed),
    });
    const breaker = new CircuitBreaker({ store, onStoreError: (e) => reported.push(e) });
    expect(await breaker.run('p', 'm', async () => 'answer')).toBe('answer');
    const own = overloaded();
    await expect(breaker.run('p', 'm', () => Promise.reject(own))).rejects.toBe(own);
    // A store that throws at once instead of rejecting loses the record the same way.
    store.recordSuccess = () => {
      throw closed;
    };
    expect(await breaker.run('p', 'm', async () => 'answer')).toBe('answer');
    expect(reported.map((e) => e.message)).toEqual(Array(3).fill('circuit breaker store: could not record the outcome: unexpected Error: Connection is closed.'));
    expect(reported.every((e) => e.local && e.provider === 'p' && e.model === 'm')).toBe(true);
  });

  it('a hook that throws while reporting changes nothing, and no hook at all is fine', async () => {
    const store = () => Object.assign(new InMemoryCircuitBreakerStore(), { get: down(new Error('down')), record: down(new Error('down')), recordSuccess: down(new Error('down')) });
    const throwing = new CircuitBreaker({ store: store(), onStoreError: () => { throw new Error('hook broke'); } });
    expect(await throwing.run('p', 'm', async () => 'answer')).toBe('answer');
    const silent = new CircuitBreaker({ store: store() });
    expect(await silent.run('p', 'm', async () => 'answer')).toBe('answer');
  });

  it('an open circuit is not a store failure: it still fails the call, and as a refusal of the library itself (local)', async () => {
    const reported: LLMError[] = [];
    const breaker = new CircuitBreaker({ failureThreshold: 1, onStoreError: (e) => reported.push(e) });
    await failTimes(breaker, 1);
    let calls = 0;
    const err = await failure(breaker.run('p', 'm', async () => (calls += 1)));
    expect(err).toMatchObject({ code: 'circuit_open', local: true, provider: 'p', model: 'm' });
    expect(calls).toBe(0);
    expect(reported).toHaveLength(0);
  });
});
