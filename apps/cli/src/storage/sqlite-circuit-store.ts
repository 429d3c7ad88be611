import type { CircuitBreakerStore, CircuitSnapshot, CircuitState } from '@llm/core';
import { openSqliteFile, rowOf, rowsOf, type SqliteDatabase } from './sqlite-file.js';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE circuits (
     key TEXT PRIMARY KEY,
     state TEXT NOT NULL CHECK (state IN ('closed', 'open', 'half_open')),
     opened_at INTEGER,
     probe_until INTEGER
   );
   CREATE TABLE circuit_buckets (
     key TEXT NOT NULL,
     start INTEGER NOT NULL,
     calls INTEGER NOT NULL,
     failures INTEGER NOT NULL,
     PRIMARY KEY (key, start)
   );`,
];

/** Buckets per window, as in core's in-memory store: the window slides in tenths. */
const BUCKETS_PER_WINDOW = 10;

/** One circuit as `llm health` shows it. */
export interface CircuitEntry {
  key: string;
  state: CircuitState;
  openedAt: number | undefined;
}

/** A circuit breaker store in an SQLite file, so that every `llm` process on the machine shares each circuit. */
export interface SqliteCircuitStore extends CircuitBreakerStore {
  /** Counts one success as `record(key, false)` does, in one immediate transaction, before it returns: nothing to wait for. */
  recordSuccess(key: string, now: number, windowMs: number): undefined;
  /** Every circuit that is not closed, or has counted calls. */
  list(): CircuitEntry[];
  close(): void;
}

interface CircuitRow {
  state: CircuitState;
  opened_at: number | null;
  probe_until: number | null;
}

/**
 * Core's `CircuitBreakerStore` over SQLite (the same sliding window of ten buckets as the in-memory
 * store). Each method is one immediate transaction, so it is atomic across processes.
 */
export async function openSqliteCircuitStore(path: string): Promise<SqliteCircuitStore> {
  const db: SqliteDatabase = await openSqliteFile(path, MIGRATIONS);
  const rowQuery = db.prepare<[string]>('SELECT state, opened_at, probe_until FROM circuits WHERE key = ?');
  const row = { get: (key: string) => rowOf<CircuitRow>(rowQuery.get(key)) };
  const ensure = db.prepare("INSERT INTO circuits (key, state) VALUES (?, 'closed') ON CONFLICT (key) DO NOTHING");
  const counts = db.prepare<[string, number]>('SELECT COALESCE(SUM(calls), 0) AS calls, COALESCE(SUM(failures), 0) AS failures FROM circuit_buckets WHERE key = ? AND start > ?');
  const prune = db.prepare('DELETE FROM circuit_buckets WHERE key = ? AND start <= ?');
  const count = db.prepare(
    'INSERT INTO circuit_buckets (key, start, calls, failures) VALUES (?, ?, 1, ?) ON CONFLICT (key, start) DO UPDATE SET calls = calls + 1, failures = failures + excluded.failures',
  );
  const setState = db.prepare('UPDATE circuits SET state = ?, opened_at = ?, probe_until = NULL WHERE key = ?');
  const clearBuckets = db.prepare('DELETE FROM circuit_buckets WHERE key = ?');
  const setProbe = db.prepare('UPDATE circuits SET probe_until = ? WHERE key = ?');
  const removeOne = db.prepare('DELETE FROM circuits WHERE key = ?');
  const listed = db.prepare<[]>(
    "SELECT key, state, opened_at FROM circuits WHERE state != 'closed' OR key IN (SELECT key FROM circuit_buckets) ORDER BY key",
  );

  const size = (windowMs: number) => Math.max(1, windowMs / BUCKETS_PER_WINDOW);
  /** Buckets still in the window ending at `now` (a bucket counts while its end is after the window's start). */
  const snapshot = (key: string, now: number, windowMs: number): CircuitSnapshot => {
    const r = row.get(key);
    const from = now - windowMs;
    prune.run(key, from - size(windowMs));
    const c = rowOf<{ calls: number; failures: number }>(counts.get(key, from - size(windowMs)))!;
    return { state: r?.state ?? 'closed', openedAt: r?.opened_at ?? undefined, calls: c.calls, failures: c.failures };
  };
  const immediate = <A extends unknown[], R>(fn: (...args: A) => R) => {
    const tx = db.transaction(fn);
    return (...args: A): R => tx.immediate(...args);
  };

  const get = immediate((key: string, now: number, windowMs: number) => snapshot(key, now, windowMs));
  const record = immediate((key: string, failed: boolean, now: number, windowMs: number) => {
    ensure.run(key);
    count.run(key, Math.floor(now / size(windowMs)) * size(windowMs), failed ? 1 : 0);
    return snapshot(key, now, windowMs);
  });
  /**
   * `record(key, false)` without the snapshot: the row (so that `list` finds the circuit), the count
   * in the bucket of `now`, and the buckets that left the window dropped, as a read would (a circuit
   * that only succeeds stays small). Like core's in-memory store, it counts whatever the state (the
   * breaker calls it only through a closed circuit) and never moves it.
   */
  const recordSuccess = immediate((key: string, now: number, windowMs: number) => {
    ensure.run(key);
    count.run(key, Math.floor(now / size(windowMs)) * size(windowMs), 0);
    prune.run(key, now - windowMs - size(windowMs));
  });
  const transition = immediate((key: string, from: CircuitState, to: CircuitState, now: number) => {
    ensure.run(key);
    if (row.get(key)!.state !== from) return false;
    setState.run(to, to === 'open' ? now : to === 'closed' ? null : row.get(key)!.opened_at, key);
    if (to === 'closed') clearBuckets.run(key);
    return true;
  });
  const acquireProbe = immediate((key: string, now: number, ttlMs: number) => {
    const r = row.get(key);
    if (r?.state !== 'half_open') return false;
    if (r.probe_until !== null && r.probe_until > now) return false;
    setProbe.run(now + ttlMs, key);
    return true;
  });
  const reset = immediate((key?: string) => {
    if (key === undefined) db.exec('DELETE FROM circuits; DELETE FROM circuit_buckets;');
    else {
      removeOne.run(key);
      clearBuckets.run(key);
    }
  });

  return {
    get: (key, now, windowMs) => Promise.resolve(get(key, now, windowMs)),
    record: (key, failed, now, windowMs) => Promise.resolve(record(key, failed, now, windowMs)),
    // Synchronous, as the in-memory store's: counted before it returns, so the breaker awaits nothing.
    recordSuccess: (key, now, windowMs) => void recordSuccess(key, now, windowMs),
    transition: (key, from, to, now) => Promise.resolve(transition(key, from, to, now)),
    acquireProbe: (key, now, ttlMs) => Promise.resolve(acquireProbe(key, now, ttlMs)),
    releaseProbe: (key) => Promise.resolve(void setProbe.run(null, key)),
    reset: (key) => Promise.resolve(reset(key)),
    list: () => rowsOf<{ key: string; state: CircuitState; opened_at: number | null }>(listed.all()).map((r) => ({ key: r.key, state: r.state, openedAt: r.opened_at ?? undefined })),
    close: () => db.close(),
  };
}
