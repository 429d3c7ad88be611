import { describe, expect, it } from 'vitest';
import { abortableSleep } from './backoff-clock.js';
import { backoffDelay } from './backoff.js';

const policy = { initialDelay: 100, multiplier: 2, maxDelay: 1000 };

describe('backoffDelay', () => {
  it('grows exponentially up to the max delay, scaled by full jitter', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, top))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it('spreads delays over the whole range with the default random source', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(4, policy));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(800);
    expect(new Set(delays).size).toBeGreaterThan(20);
  });

  it('does not overflow for many retries', () => {
    expect(backoffDelay(5000, policy, () => 0.5)).toBe(500);
  });
});

describe('abortableSleep', () => {
  it('stops at once with canceled when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await expect(abortableSleep(10_000, controller.signal)).rejects.toMatchObject({ code: 'canceled' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rejects at once when already aborted, and waits otherwise', async () => {
    await expect(abortableSleep(10, AbortSignal.abort())).rejects.toMatchObject({ code: 'canceled' });
    const started = Date.now();
    await abortableSleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
