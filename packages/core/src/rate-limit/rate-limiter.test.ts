import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { InMemoryRateLimitStore } from './rate-limit-memory-store.js';
import { RateLimiter } from './rate-limiter.js';

const rejection = async (p: Promise<unknown>): Promise<LLMError> => {
  try {
    await p;
  } catch (err) {
    if (LLMError.is(err)) return err;
    throw err;
  }
  throw new Error('expected a rejection');
};

describe('RateLimiter', () => {
  it('serves waiters first in, first out', async () => {
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 1 } });
    const first = await limiter.acquire('k', 0);
    const order: number[] = [];
    const waits = [1, 2, 3, 4].map((n) => limiter.acquire('k', 0).then((p) => { order.push(n); return p; }));
    expect(limiter.queued('k')).toBe(4);
    await first.release();
    for (const w of waits) await (await w).release();
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('a full queue fails fast with rate_limited', async () => {
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 1 }, maxQueueSize: 2 });
    const held = await limiter.acquire('k', 0);
    const a = limiter.acquire('k', 0);
    const b = limiter.acquire('k', 0);
    const err = await rejection(limiter.acquire('k', 0, { provider: 'p', model: 'm' }));
    expect(err.code).toBe('rate_limited');
    expect(err.message).toMatch(/maxQueueSize 2/);
    expect(err.provider).toBe('p');
    // Refused here, not by the vendor, with a hint of when the queue will have drained.
    expect(err.local).toBe(true);
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(250);
    expect(err.details).toMatchObject({ reason: 'queue_full' });
    await held.release();
    await (await a).release();
    await (await b).release();
  });

  it('the queue-full hint follows the request rate and the time a call holds its turn', async () => {
    const byRate = new RateLimiter({ rules: { windowMs: 60_000, requests: 1 }, maxQueueSize: 1 });
    await (await byRate.acquire('k', 0)).release();
    void byRate.acquire('k', 0).catch(() => undefined);
    const err = await rejection(byRate.acquire('k', 0));
    // Two callers ahead at one request a minute.
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(60_000);
  });

  it("the caller's abort signal ends the wait with canceled and frees its place", async () => {
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 1 } });
    const held = await limiter.acquire('k', 0);
    const controller = new AbortController();
    const aborted = limiter.acquire('k', 0, { signal: controller.signal });
    const next = limiter.acquire('k', 0);
    controller.abort();
    expect((await rejection(aborted)).code).toBe('canceled');
    expect(limiter.queued('k')).toBe(1);
    await held.release();
    await (await next).release();
    expect((await rejection(limiter.acquire('k', 0, { signal: AbortSignal.abort() }))).code).toBe('canceled');
  });

  it('waiting past maxWait gives rate_limited', async () => {
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 1 }, maxWaitMs: 50 });
    const held = await limiter.acquire('k', 0);
    const started = performance.now();
    const err = await rejection(limiter.acquire('k', 0));
    expect(err.code).toBe('rate_limited');
    expect(err.details?.reason).toBe('max_wait');
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    await held.release();
  });

  it('fails at once when the window cannot open before maxWait', async () => {
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, requests: 1 }, maxWaitMs: 1000 });
    await limiter.acquire('k', 0);
    const started = performance.now();
    const err = await rejection(limiter.acquire('k', 0));
    expect(err.code).toBe('rate_limited');
    expect(err.retryAfterMs).toBeGreaterThan(59_000);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('reconciles tokens: a refund lets the next caller in at once', async () => {
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, tokens: 1000 } });
    const big = await limiter.acquire('k', 900);
    const waiting = limiter.acquire('k', 500);
    let granted = false;
    void waiting.then(() => (granted = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(granted).toBe(false);
    await big.release({ actualTokens: 300 });
    const second = await waiting;
    expect(second.lease.tokens).toBe(500);
    // 300 + 500 used: 201 more would not fit, 200 would.
    const store = limiter.store as InMemoryRateLimitStore;
    expect((await store.tryAcquire({ key: 'k', tokens: 201, rules: limiter.rules, leaseMs: 1000 })).granted).toBe(false);
    expect((await store.tryAcquire({ key: 'k', tokens: 200, rules: limiter.rules, leaseMs: 1000 })).granted).toBe(true);
  });

  it("a lease that is never released (a crashed caller) frees its concurrency slot when it expires", async () => {
    let now = 1_000_000;
    const store = new InMemoryRateLimitStore({ now: () => now });
    const rules = { windowMs: 60_000, maxConcurrent: 1 };
    expect((await store.tryAcquire({ key: 'k', tokens: 0, rules, leaseMs: 5000 })).granted).toBe(true);
    const denied = await store.tryAcquire({ key: 'k', tokens: 0, rules, leaseMs: 5000 });
    expect(denied).toEqual({ granted: false, waitMs: 5000, reason: 'concurrency' });
    now += 5000;
    expect((await store.tryAcquire({ key: 'k', tokens: 0, rules, leaseMs: 5000 })).granted).toBe(true);
  });

  it('extend keeps a long call\'s slot', async () => {
    let now = 0;
    const store = new InMemoryRateLimitStore({ now: () => now });
    const rules = { windowMs: 60_000, maxConcurrent: 1 };
    const r = await store.tryAcquire({ key: 'k', tokens: 0, rules, leaseMs: 1000 });
    if (!r.granted) throw new Error('expected a grant');
    now = 900;
    await store.extend(r.lease, 1000);
    now = 1500;
    expect((await store.tryAcquire({ key: 'k', tokens: 0, rules, leaseMs: 1000 })).granted).toBe(false);
  });

  it('a release with sent:false refunds the request and its tokens', async () => {
    const store = new InMemoryRateLimitStore();
    const rules = { windowMs: 60_000, requests: 1, tokens: 10 };
    const r = await store.tryAcquire({ key: 'k', tokens: 10, rules, leaseMs: 1000 });
    if (!r.granted) throw new Error('expected a grant');
    await store.release(r.lease, { sent: false });
    expect((await store.tryAcquire({ key: 'k', tokens: 10, rules, leaseMs: 1000 })).granted).toBe(true);
  });

  it('feedback pauses the key until the reset', async () => {
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, requests: 100 } });
    await limiter.feedback('k', { pauseMs: 80 });
    const started = performance.now();
    await (await limiter.acquire('k', 0)).release();
    expect(performance.now() - started).toBeGreaterThanOrEqual(70);
  });
});
