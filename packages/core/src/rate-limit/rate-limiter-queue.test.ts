import type { LLMError } from '@llm/errors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

// What the rate limiter's queue holds and leaves behind, on fake timers: the timers a granted
// waiter leaves running, and what `maxQueueSize` counts. Complements rate-limiter-rules.test.ts.

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RateLimiter: its queue', () => {
  it("a granted waiter's maxWait timer is cleared: only the lease's heartbeat runs while the permit is held, nothing after", async () => {
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, maxConcurrent: 1 }, maxWaitMs: 30_000 });
    const first = await limiter.acquire('k', 0);
    expect(vi.getTimerCount()).toBe(1);
    const second = limiter.acquire('k', 0);
    await vi.advanceTimersByTimeAsync(0);
    // The waiter's maxWait timer, beside the heartbeat (and the lane's poll timer when it is asleep).
    expect(vi.getTimerCount()).toBeGreaterThanOrEqual(2);
    await first.release();
    const granted = await second;
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    await granted.release();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('maxQueueSize counts every caller between acquire and its grant: a synchronous burst of maxQueueSize + 1 refuses one even with room for all', async () => {
    // Whether a caller may go straight through is the store's answer (an in-memory or a Redis
    // store), asked for the head of the queue one at a time; until then it waits in the queue.
    const limiter = new RateLimiter({ rules: { windowMs: 60_000, requests: 100 }, maxQueueSize: 2 });
    const burst = [limiter.acquire('k', 0), limiter.acquire('k', 0), limiter.acquire('k', 0)];
    const outcomes = await Promise.allSettled(burst);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const refused = (outcomes[2] as PromiseRejectedResult).reason as LLMError;
    expect(refused).toMatchObject({ code: 'rate_limited', local: true, details: { reason: 'queue_full', maxQueueSize: 2 } });
    // Once those two were let through, the next burst of two goes through as well.
    const next = await Promise.allSettled([limiter.acquire('k', 0), limiter.acquire('k', 0)]);
    expect(next.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    for (const o of [...outcomes, ...next]) if (o.status === 'fulfilled') await o.value.release();
  });
});
