import { describe, expect, it } from 'vitest';
import { InMemoryRateLimitStore } from './rate-limit-memory-store.js';
import type { RateLimitAcquireResult } from './rate-limit-store.js';

// The in-memory store's edges, on a fixed clock: limits that leave or join a key's rules, the wait
// it names when two limits are as far off, the earliest lease to lapse, and keys without a bucket
// for what they are told. Complements rate-limit-memory-store.test.ts.

function store() {
  let now = 1_000_000;
  return { s: new InMemoryRateLimitStore({ now: () => now }), advance: (ms: number) => void (now += ms) };
}

function lease(result: RateLimitAcquireResult) {
  if (!result.granted) throw new Error(`expected a lease, got a wait of ${result.waitMs} ms (${result.reason})`);
  return result.lease;
}

describe('InMemoryRateLimitStore: its edges', () => {
  it('a limit left out of the rules no longer holds the key back, nor counts; put back, it counts what it took while in force', async () => {
    const { s, advance } = store();
    const limited = { requests: 1, tokens: 100, windowMs: 60_000 };
    const free = { windowMs: 60_000 };
    lease(await s.tryAcquire({ key: 'k', tokens: 100, rules: limited, leaseMs: 5000 }));
    advance(500);
    // Neither the used request nor the used tokens hold back a call under rules without those limits.
    lease(await s.tryAcquire({ key: 'k', tokens: 100, rules: free, leaseMs: 5000 }));
    // The first call's entries leave the windows after 60 s; the second's were never counted.
    advance(59_500);
    lease(await s.tryAcquire({ key: 'k', tokens: 100, rules: limited, leaseMs: 5000 }));
  });

  it('of two limits as far off, it names the requests limit', async () => {
    const { s } = store();
    const rules = { requests: 1, tokens: 10, windowMs: 60_000 };
    lease(await s.tryAcquire({ key: 'k', tokens: 10, rules, leaseMs: 5000 }));
    expect(await s.tryAcquire({ key: 'k', tokens: 10, rules, leaseMs: 5000 })).toEqual({ granted: false, waitMs: 60_000, reason: 'requests' });
  });

  it('at the concurrency limit it waits for the lease that lapses first', async () => {
    const { s, advance } = store();
    const two = { maxConcurrent: 2, windowMs: 60_000 };
    lease(await s.tryAcquire({ key: 'c', tokens: 1, rules: two, leaseMs: 9000 }));
    advance(1000);
    lease(await s.tryAcquire({ key: 'c', tokens: 1, rules: two, leaseMs: 3000 }));
    expect(await s.tryAcquire({ key: 'c', tokens: 1, rules: two, leaseMs: 1000 })).toEqual({ granted: false, waitMs: 3000, reason: 'concurrency' });
  });

  it('a key with no request or token limit takes an unsent release and vendor figures for either window without failing', async () => {
    const { s } = store();
    const rules = { maxConcurrent: 1, windowMs: 60_000 };
    const held = lease(await s.tryAcquire({ key: 'c', tokens: 5, rules, leaseMs: 5000 }));
    await s.release(held, { sent: false });
    await s.tighten('c', rules, { requests: { remaining: 3, resetMs: 1000 }, tokens: { remaining: 50, resetMs: 1000 } });
    lease(await s.tryAcquire({ key: 'c', tokens: 5, rules, leaseMs: 5000 }));
  });
});
