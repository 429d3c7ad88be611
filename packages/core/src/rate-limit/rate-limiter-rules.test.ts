import { getEventListeners } from 'node:events';
import { LLMError } from '@llm/errors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InMemoryRateLimitStore } from './rate-limit-memory-store.js';
import type { RateLimitLease, RateLimitReleaseOutcome, RateLimitStore } from './rate-limit-store.js';
import { RateLimiter } from './rate-limiter.js';

// The rate limiter's rules one by one, on fake timers (setTimeout, setInterval, performance.now and
// Date, which the in-memory store reads), so waits are exact: the words and hints of each refusal,
// when a waiter asks the store again, what happens when the store fails or a waiter leaves while
// the store is asked, and the lease's heartbeat. Complements rate-limiter.test.ts.

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Moves the fake clock on a millisecond at a time, letting every promise settle at each step. */
async function advance(ms: number): Promise<void> {
  for (let i = 0; i < ms; i++) await vi.advanceTimersByTimeAsync(1);
  await vi.advanceTimersByTimeAsync(0);
}

async function rejection(promise: Promise<unknown>): Promise<LLMError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!LLMError.is(err)) throw new Error(`expected an LLMError, got ${String(err)}`);
  return err;
}

/** An in-memory store that records what the limiter asks of it, and can be made to fail. */
function recordingStore() {
  const inner = new InMemoryRateLimitStore();
  const log = { asks: 0, extends: 0, releases: [] as Array<RateLimitReleaseOutcome | undefined> };
  let failures: unknown[] = [];
  let slowMs = 0;
  let lateMs = 0;
  const store: RateLimitStore = {
    tryAcquire: async (request) => {
      log.asks += 1;
      if (slowMs > 0) await new Promise((r) => setTimeout(r, slowMs));
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      const answer = await inner.tryAcquire(request);
      if (lateMs > 0) await new Promise((r) => setTimeout(r, lateMs));
      return answer;
    },
    extend: (lease, ms) => {
      log.extends += 1;
      return inner.extend(lease, ms);
    },
    release: (lease: RateLimitLease, outcome?: RateLimitReleaseOutcome) => {
      log.releases.push(outcome);
      return inner.release(lease, outcome);
    },
    tighten: (key, rules, feedback) => inner.tighten(key, rules, feedback),
  };
  return {
    store,
    log,
    failNext: (...errors: unknown[]) => void (failures = errors),
    /** Answers take `ms` to come back before the store looks. */
    slow: (ms: number) => void (slowMs = ms),
    /** Answers take `ms` to come back after the store looked (the answer may be stale by then). */
    late: (ms: number) => void (lateMs = ms),
  };
}

const ctx = { provider: 'p', model: 'm' };

describe('RateLimiter: refusals and their hints', () => {
  it('a full queue says so, with a hint from the time a permit is held (1 s until one was released)', async () => {
    vi.advanceTimersByTime(5000); // a clock that is not at 0
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 1 }, maxQueueSize: 1 });
    const held = await limiter.acquire('k', 0);
    const waiting = limiter.acquire('k', 0);
    const err = await rejection(limiter.acquire('k', 0, ctx));
    // One caller ahead and one slot: two turns of 1000 ms.
    expect(err).toMatchObject({ code: 'rate_limited', local: true, retryAfterMs: 2000, ...ctx, details: { reason: 'queue_full', maxQueueSize: 1 } });
    expect(err.message).toBe('rate limiter queue for k is full (maxQueueSize 1): the call was refused rather than queued; try again in about 2000 ms');

    // Held 500 ms: the average hold becomes 0.8 * 1000 + 0.2 * 500 = 900 ms.
    await advance(500);
    await held.release();
    const second = await waiting;
    void limiter.acquire('k', 0).catch(() => undefined);
    expect((await rejection(limiter.acquire('k', 0))).retryAfterMs).toBe(1800);
    await second.release();
  });

  it('the hint follows the request rate (never under pollMs), and with several slots the share of one', async () => {
    const byRate = new RateLimiter({ rules: { windowMs: 60_000, requests: 2 }, maxQueueSize: 1 });
    await byRate.acquire('k', 0);
    await byRate.acquire('k', 0);
    void byRate.acquire('k', 0).catch(() => undefined);
    // Two turns at two requests a minute.
    expect((await rejection(byRate.acquire('k', 0))).retryAfterMs).toBe(60_000);

    const bySlots = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 4 }, maxQueueSize: 1 });
    for (let i = 0; i < 4; i++) await bySlots.acquire('k', 0);
    void bySlots.acquire('k', 0).catch(() => undefined);
    // Two turns over four slots of 1000 ms is 500 ms.
    expect((await rejection(bySlots.acquire('k', 0))).retryAfterMs).toBe(500);

    const fast = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 100 }, maxQueueSize: 0, pollMs: 300 });
    expect((await rejection(fast.acquire('k', 0))).retryAfterMs).toBe(300);
  });

  it('waiting past maxWait says how long it waited, as a local refusal with a hint', async () => {
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 1 }, maxWaitMs: 50 });
    const held = await limiter.acquire('k', 0);
    const waiting = rejection(limiter.acquire('k', 0, ctx));
    await advance(49);
    expect(limiter.queued('k')).toBe(1);
    await advance(1);
    const err = await waiting;
    expect(err).toMatchObject({ code: 'rate_limited', local: true, ...ctx, retryAfterMs: 2000, details: { reason: 'max_wait', maxWaitMs: 50 } });
    expect(err.message).toBe('waited 50 ms for the rate limiter of k (maxWait) without getting a turn');
    expect(limiter.queued('k')).toBe(0);
    await held.release();
  });

  it('a window that cannot open before maxWait fails at once, saying when it will', async () => {
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, requests: 1 }, maxWaitMs: 1000 });
    await limiter.acquire('k', 0);
    await advance(10_000);
    const err = await rejection(limiter.acquire('k', 0, ctx));
    expect(err).toMatchObject({ code: 'rate_limited', local: true, ...ctx, retryAfterMs: 50_000, details: { reason: 'max_wait', limitedBy: 'requests' } });
    expect(err.message).toBe('the rate limiter of k has no room for 50000 ms (requests), longer than maxWait allows');
  });

  it('a window that opens just within maxWait is waited for', async () => {
    const limiter = new RateLimiter({ rules: { windowMs: 1000, requests: 1 }, maxWaitMs: 1050 });
    await limiter.acquire('k', 0);
    const waiting = limiter.acquire('k', 0);
    await advance(1000);
    expect((await waiting).waitedMs).toBe(1000);
  });

  it('a slot held by another call is waited for even when its lease is longer than maxWait (it may end any time)', async () => {
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 1 }, maxWaitMs: 1000 });
    const held = await limiter.acquire('k', 0);
    const waiting = limiter.acquire('k', 0);
    await advance(100);
    await held.release();
    await advance(0);
    expect((await waiting).waitedMs).toBe(100);
  });

  it('a caller canceled before or while waiting gets canceled, a local refusal naming the call, and leaves no listener', async () => {
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 1 } });
    const before = await rejection(limiter.acquire('k', 0, { ...ctx, signal: AbortSignal.abort('gone') }));
    expect(before).toMatchObject({ code: 'canceled', local: true, ...ctx, message: 'the call was canceled while waiting for the rate limiter' });

    const held = await limiter.acquire('k', 0);
    const controller = new AbortController();
    const waiting = rejection(limiter.acquire('k', 0, { ...ctx, signal: controller.signal }));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort('gone');
    expect(await waiting).toMatchObject({ code: 'canceled', local: true, ...ctx, message: 'the call was canceled while waiting for the rate limiter' });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);

    const granted = new AbortController();
    const next = limiter.acquire('k', 0, { signal: granted.signal });
    await held.release();
    await (await next).release();
    expect(getEventListeners(granted.signal, 'abort')).toHaveLength(0);
  });
});

describe('RateLimiter: when a waiter asks the store again', () => {
  it('at once when a permit is released, not at the next poll', async () => {
    const { store, log } = recordingStore();
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 1 }, store, pollMs: 250 });
    const held = await limiter.acquire('k', 0);
    const waiting = limiter.acquire('k', 0);
    await advance(10);
    await held.release();
    expect((await waiting).waitedMs).toBe(10);
    // The first ask, the waiter's ask, and the one after the release.
    expect(log.asks).toBe(3);
  });

  it('again at once when a permit was released while the store was being asked (its answer is stale), and only then', async () => {
    const { store, log, late } = recordingStore();
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 1 }, store, pollMs: 250 });
    const held = await limiter.acquire('k', 0);
    late(10);
    const waiting = limiter.acquire('k', 0);
    const third = limiter.acquire('k', 0);
    await advance(5);
    await held.release();
    await advance(15);
    // Denied at 0 (answer back at 10), asked again at once: granted at 10, answer back at 20.
    const second = await waiting;
    expect(second.waitedMs).toBe(20);
    // The release was heard once: the next waiter, asked at 20 and denied, sleeps a whole poll.
    const asked = log.asks;
    await advance(240);
    expect(log.asks - asked).toBe(0);
    await second.release();
    await advance(20);
    await (await third).release();
  });

  it('after the wait the store gave when it is under pollMs, else every pollMs', async () => {
    const short = recordingStore();
    const soon = new RateLimiter({ rules: { windowMs: 100, requests: 1 }, store: short.store, pollMs: 250 });
    await soon.acquire('k', 0);
    const waiting = soon.acquire('k', 0);
    await advance(100);
    expect((await waiting).waitedMs).toBe(100);
    expect(short.log.asks).toBe(3);

    const long = recordingStore();
    const later = new RateLimiter({ rules: { windowMs: 1000, requests: 1 }, store: long.store, pollMs: 250 });
    await later.acquire('k', 0);
    const polling = later.acquire('k', 0);
    await advance(1000);
    expect((await polling).waitedMs).toBe(1000);
    // Asked at 0, 250, 500, 750 and 1000 ms.
    expect(long.log.asks).toBe(1 + 5);
  });
});

describe('RateLimiter: its store', () => {
  it("a store that fails fails the waiter at the head, as the limiter's own (local) failure, and the next waiter still gets its turn", async () => {
    const { store, failNext } = recordingStore();
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 1 }, store });
    failNext(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    const first = rejection(limiter.acquire('k', 0, ctx));
    const second = limiter.acquire('k', 0);
    const err = await first;
    expect(err).toMatchObject({ local: true, ...ctx });
    expect(err.message).toMatch(/^the rate limiter's store failed: .*ECONNREFUSED/);
    await (await second).release();
  });

  it('a waiter that leaves while the store is being asked gives its granted turn back, unsent, to the next', async () => {
    const { store, log, slow } = recordingStore();
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, requests: 1 }, store });
    slow(100);
    const controller = new AbortController();
    const leaving = rejection(limiter.acquire('k', 0, { signal: controller.signal }));
    const next = limiter.acquire('k', 0);
    await advance(50);
    controller.abort();
    expect((await leaving).code).toBe('canceled');
    await advance(200);
    expect(log.releases).toEqual([{ sent: false }]);
    // The refunded request is the next waiter's: one request a minute, and it got it.
    expect((await next).waitedMs).toBeLessThan(60_000);
  });
});

describe('RateLimiter: a permit', () => {
  it('keeps its lease alive every third of the lease while the call runs, and stops once released (once)', async () => {
    const { store, log } = recordingStore();
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 1 }, store, leaseMs: 3000 });
    const permit = await limiter.acquire('k', 0);
    await advance(3500);
    expect(log.extends).toBe(3);
    await permit.release({ actualTokens: 5 });
    await permit.release();
    expect(log.releases).toEqual([{ actualTokens: 5 }]);
    await advance(5000);
    expect(log.extends).toBe(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a limiter with nobody waiting knows no queue', async () => {
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 1 } });
    expect(limiter.queued('nobody')).toBe(0);
    await (await limiter.acquire('k', 0)).release();
    expect(limiter.queued('k')).toBe(0);
  });
});
