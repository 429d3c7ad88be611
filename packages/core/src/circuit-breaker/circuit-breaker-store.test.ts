import { describe, expect, it } from 'vitest';
import { InMemoryCircuitBreakerStore } from './circuit-breaker-store.js';

// The in-memory breaker store's contract on explicit instants: the sliding window of buckets, the
// compare-and-set transitions and what each clears, the probe's lease, and reset.

const WINDOW = 1000; // ten buckets of 100 ms

describe('InMemoryCircuitBreakerStore: the window', () => {
  it('knows nothing of a key never recorded', async () => {
    const store = new InMemoryCircuitBreakerStore();
    expect(await store.get('k', 0, WINDOW)).toEqual({ state: 'closed', openedAt: undefined, calls: 0, failures: 0 });
  });

  it('counts calls and failures in buckets, and drops a bucket once all of it has left the window', async () => {
    const store = new InMemoryCircuitBreakerStore();
    await store.record('k', true, 0, WINDOW);
    await store.record('k', false, 50, WINDOW);
    expect(await store.record('k', true, 150, WINDOW)).toMatchObject({ calls: 3, failures: 2 });
    // The bucket [0, 100) is in the window until 1100, not at it.
    expect(await store.get('k', 1099, WINDOW)).toMatchObject({ calls: 3, failures: 2 });
    expect(await store.get('k', 1100, WINDOW)).toMatchObject({ calls: 1, failures: 1 });
    expect(await store.get('k', 1200, WINDOW)).toMatchObject({ calls: 0, failures: 0 });
  });

  it('recordSuccess counts as record(false) does, at once (nothing to wait for), and drops the buckets that left the window', async () => {
    const store = new InMemoryCircuitBreakerStore();
    await store.record('k', true, 0, WINDOW);
    expect(store.recordSuccess('k', 50, WINDOW)).toBeUndefined();
    expect(await store.get('k', 50, WINDOW)).toEqual({ state: 'closed', openedAt: undefined, calls: 2, failures: 1 });
    for (let t = 100; t < 5000; t += 100) store.recordSuccess('k', t, WINDOW);
    // Only the buckets that overlap the window [3900, 4900] are kept (3900 to 4900: eleven), without a read in between.
    expect((store as unknown as { entries: Map<string, { buckets: unknown[] }> }).entries.get('k')!.buckets).toHaveLength(11);
    expect(await store.get('k', 4900, WINDOW)).toMatchObject({ calls: 11, failures: 0 });
  });

  it('keys are counted apart', async () => {
    const store = new InMemoryCircuitBreakerStore();
    await store.record('a', true, 0, WINDOW);
    expect(await store.record('b', false, 0, WINDOW)).toMatchObject({ calls: 1, failures: 0 });
  });
});

describe('InMemoryCircuitBreakerStore: transitions', () => {
  it('moves only from the state named, stamping when it opened and forgetting the counts when it closes', async () => {
    const store = new InMemoryCircuitBreakerStore();
    await store.record('k', true, 0, WINDOW);
    expect(await store.transition('k', 'open', 'closed', 10)).toBe(false);
    expect(await store.transition('k', 'closed', 'open', 10)).toBe(true);
    expect(await store.get('k', 20, WINDOW)).toEqual({ state: 'open', openedAt: 10, calls: 1, failures: 1 });
    expect(await store.transition('k', 'open', 'half_open', 30)).toBe(true);
    expect(await store.get('k', 40, WINDOW)).toMatchObject({ state: 'half_open', openedAt: 10 });
    expect(await store.transition('k', 'half_open', 'closed', 50)).toBe(true);
    expect(await store.get('k', 60, WINDOW)).toEqual({ state: 'closed', openedAt: undefined, calls: 0, failures: 0 });
  });

  it('one probe at a time while half-open, for its lease; released or re-opened, the next may go', async () => {
    const store = new InMemoryCircuitBreakerStore();
    expect(await store.acquireProbe('k', 0, 500)).toBe(false);
    await store.transition('k', 'closed', 'open', 0);
    await store.transition('k', 'open', 'half_open', 0);
    expect(await store.acquireProbe('k', 0, 500)).toBe(true);
    expect(await store.acquireProbe('k', 499, 500)).toBe(false);
    // A probe that never ended lapses with its lease.
    expect(await store.acquireProbe('k', 500, 500)).toBe(true);
    await store.releaseProbe('k');
    expect(await store.acquireProbe('k', 600, 500)).toBe(true);
    // Any transition ends the probe's lease.
    await store.transition('k', 'half_open', 'open', 700);
    await store.transition('k', 'open', 'half_open', 800);
    expect(await store.acquireProbe('k', 800, 500)).toBe(true);
    await store.releaseProbe('never-seen');
  });

  it('reset forgets one key, or every key', async () => {
    const store = new InMemoryCircuitBreakerStore();
    for (const key of ['a', 'b', 'c']) await store.transition(key, 'closed', 'open', 0);
    await store.reset('a');
    expect((await store.get('a', 0, WINDOW)).state).toBe('closed');
    expect((await store.get('b', 0, WINDOW)).state).toBe('open');
    await store.reset();
    expect((await store.get('b', 0, WINDOW)).state).toBe('closed');
    expect((await store.get('c', 0, WINDOW)).state).toBe('closed');
  });
});
