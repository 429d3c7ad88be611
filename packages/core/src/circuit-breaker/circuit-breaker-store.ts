import type { CircuitState } from '@llm/metrics';

export type { CircuitState };

/** What a store knows about one circuit (one provider and model, by default). */
export interface CircuitSnapshot {
  state: CircuitState;
  /** When the circuit last opened (ms since the epoch, the breaker's clock); undefined while closed. */
  openedAt: number | undefined;
  /** Calls and failures counted in the window ending at `now` (counted only while closed). */
  calls: number;
  failures: number;
}

/**
 * Where circuit state lives. The in-memory store (the default) serves one process; a shared store
 * (Redis, in @llm/redis) lets many processes open and close the same circuit. Every method must be
 * atomic per key. `now` is the breaker's clock in ms since the epoch, passed in so that tests and
 * every process agree on one time source.
 */
export interface CircuitBreakerStore {
  /** The circuit's state and its window's counts at `now`. An unknown key is closed with nothing counted. */
  get(key: string, now: number, windowMs: number): Promise<CircuitSnapshot>;
  /**
   * Counts one call's outcome in the sliding window of `windowMs` ending at `now` and returns the
   * snapshot after counting. Only called while the circuit is closed.
   */
  record(key: string, failed: boolean, now: number, windowMs: number): Promise<CircuitSnapshot>;
  /**
   * Counts one success as `record(key, false, now, windowMs)` does, without the snapshot (the
   * breaker needs nothing back from a success): the one store call of a call that got its answer
   * through a closed circuit. A store that counts in this process returns undefined, so that a
   * success costs the caller no await; one that goes elsewhere (Redis) returns the promise of its
   * round trip. Optional: a store without it has its successes counted by `record`.
   */
  recordSuccess?(key: string, now: number, windowMs: number): Promise<void> | undefined;
  /**
   * Moves the circuit from `from` to `to` if it is still in `from` (compare-and-set); returns
   * whether it moved. Opening stamps `openedAt = now`; closing clears the window; any move frees
   * the half-open probe.
   */
  transition(key: string, from: CircuitState, to: CircuitState, now: number): Promise<boolean>;
  /**
   * Claims the single half-open probe: true for one caller until it is released or `ttlMs` has
   * passed (so a probe that never ends cannot keep the circuit half-open forever).
   */
  acquireProbe(key: string, now: number, ttlMs: number): Promise<boolean>;
  /** Frees the probe without changing the state (the probe ended in a way that says nothing about the vendor). */
  releaseProbe(key: string): Promise<void>;
  /** Forgets one circuit, or every circuit when no key is given. */
  reset(key?: string): Promise<void>;
}

interface Bucket {
  start: number;
  calls: number;
  failures: number;
}

interface Entry {
  state: CircuitState;
  openedAt: number | undefined;
  probeUntil: number | undefined;
  buckets: Bucket[];
}

/** Buckets per window: the window slides in steps of a tenth of its length. */
const BUCKETS_PER_WINDOW = 10;

/** The default store: one process, a sliding window of ten buckets per circuit. */
export class InMemoryCircuitBreakerStore implements CircuitBreakerStore {
  private readonly entries = new Map<string, Entry>();

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { state: 'closed', openedAt: undefined, probeUntil: undefined, buckets: [] };
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Drops the buckets that have left the window ending at `now`. */
  private prune(entry: Entry, now: number, windowMs: number): Entry {
    const from = now - windowMs;
    while (entry.buckets.length > 0 && entry.buckets[0]!.start + windowMs / BUCKETS_PER_WINDOW <= from) entry.buckets.shift();
    return entry;
  }

  private snapshot(entry: Entry, now: number, windowMs: number): CircuitSnapshot {
    this.prune(entry, now, windowMs);
    let calls = 0;
    let failures = 0;
    for (const b of entry.buckets) {
      calls += b.calls;
      failures += b.failures;
    }
    return { state: entry.state, openedAt: entry.openedAt, calls, failures };
  }

  get(key: string, now: number, windowMs: number): Promise<CircuitSnapshot> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.resolve({ state: 'closed', openedAt: undefined, calls: 0, failures: 0 });
    return Promise.resolve(this.snapshot(entry, now, windowMs));
  }

  /** Counts one call in the bucket of `now`; returns the entry. */
  private count(key: string, failed: boolean, now: number, windowMs: number): Entry {
    const entry = this.entry(key);
    const size = Math.max(1, windowMs / BUCKETS_PER_WINDOW);
    const start = Math.floor(now / size) * size;
    let last = entry.buckets[entry.buckets.length - 1];
    if (!last || last.start !== start) {
      last = { start, calls: 0, failures: 0 };
      entry.buckets.push(last);
    }
    last.calls += 1;
    if (failed) last.failures += 1;
    return entry;
  }

  record(key: string, failed: boolean, now: number, windowMs: number): Promise<CircuitSnapshot> {
    return Promise.resolve(this.snapshot(this.count(key, failed, now, windowMs), now, windowMs));
  }

  /** Synchronous: counts the success and returns undefined (nothing to wait for). */
  recordSuccess(key: string, now: number, windowMs: number): undefined {
    // Buckets that left the window go, as a snapshot drops them: a circuit that only succeeds stays small.
    this.prune(this.count(key, false, now, windowMs), now, windowMs);
    return undefined;
  }

  transition(key: string, from: CircuitState, to: CircuitState, now: number): Promise<boolean> {
    const entry = this.entry(key);
    if (entry.state !== from) return Promise.resolve(false);
    entry.state = to;
    entry.probeUntil = undefined;
    if (to === 'open') entry.openedAt = now;
    if (to === 'closed') {
      entry.openedAt = undefined;
      entry.buckets = [];
    }
    return Promise.resolve(true);
  }

  acquireProbe(key: string, now: number, ttlMs: number): Promise<boolean> {
    const entry = this.entry(key);
    if (entry.state !== 'half_open') return Promise.resolve(false);
    if (entry.probeUntil !== undefined && entry.probeUntil > now) return Promise.resolve(false);
    entry.probeUntil = now + ttlMs;
    return Promise.resolve(true);
  }

  releaseProbe(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry) entry.probeUntil = undefined;
    return Promise.resolve();
  }

  reset(key?: string): Promise<void> {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
    return Promise.resolve();
  }
}
