import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryRateLimitStore, type ApiKeyRecord, type RateLimitLease } from '@llm/core';
import { KeyRateLimiter } from './key-rate-limiter.js';

const KEY: ApiKeyRecord = { id: 'team-a', hash: 'sha256:00', createdAt: '2026-01-01T00:00:00.000Z', limits: { requestsPerMinute: 100, maxConcurrent: 5 } };
const REQUEST = { messages: [{ role: 'user' as const, content: 'hi' }] };

/** The real memory store, with each renewal and release noted. */
function recordingStore() {
  const store = new InMemoryRateLimitStore();
  const extended: RateLimitLease[] = [];
  const released: RateLimitLease[] = [];
  const extend = store.extend.bind(store);
  const release = store.release.bind(store);
  store.extend = (lease, leaseMs) => {
    extended.push(lease);
    return extend(lease, leaseMs);
  };
  store.release = (lease, outcome) => {
    released.push(lease);
    return release(lease, outcome);
  };
  return { store, extended, released };
}

describe('KeyRateLimiter leases', () => {
  afterEach(() => vi.useRealTimers());

  it('renews the lease of every call in flight every third of a lease, and stops with the call', async () => {
    vi.useFakeTimers();
    const { store, extended, released } = recordingStore();
    const limiter = new KeyRateLimiter(store, { leaseMs: 6_000 });
    const a = await limiter.acquire(KEY, REQUEST);
    const b = await limiter.acquire(KEY, REQUEST);
    vi.advanceTimersByTime(1_999);
    expect(extended).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(extended).toHaveLength(2);
    expect(new Set(extended.map((l) => l.id)).size).toBe(2);
    a.release();
    a.release();
    expect(released).toHaveLength(1);
    vi.advanceTimersByTime(2_000);
    expect(extended).toHaveLength(3);
    expect(extended[2]!.id).not.toBe(released[0]!.id);
    b.release({ actualTokens: 3 });
    vi.advanceTimersByTime(10_000);
    expect(extended).toHaveLength(3);
    expect(released).toHaveLength(2);
    limiter.close();
  });

  it('renews nothing after close', async () => {
    vi.useFakeTimers();
    const { store, extended } = recordingStore();
    const limiter = new KeyRateLimiter(store, { leaseMs: 3_000 });
    await limiter.acquire(KEY, REQUEST);
    limiter.close();
    vi.advanceTimersByTime(10_000);
    expect(extended).toHaveLength(0);
  });
});
