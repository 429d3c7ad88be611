import { CircuitBreaker, InMemoryCircuitBreakerStore, type CircuitBreakerStore } from '@llm/core';
import { LLMError } from '@llm/errors';
import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openSqliteCircuitStore, type SqliteCircuitStore } from './sqlite-circuit-store.js';
import type * as SqliteFile from './sqlite-file.js';

/**
 * Every SQL text the store's connections run, in order: `exec` (where BEGIN IMMEDIATE and COMMIT
 * go) and each prepared statement's run/get/all. The driver is the real one; this only watches.
 */
const ran: string[] = [];
vi.mock('./sqlite-file.js', async (importOriginal) => {
  const real = await importOriginal<typeof SqliteFile>();
  const watch = <T extends object>(target: T, sql: string): T =>
    new Proxy(target, {
      get(t, name, receiver) {
        const value: unknown = Reflect.get(t, name, receiver);
        if ((name === 'run' || name === 'get' || name === 'all') && typeof value === 'function') {
          return (...args: unknown[]) => (ran.push(sql), (value as (...a: unknown[]) => unknown).apply(t, args));
        }
        return value;
      },
    });
  return {
    ...real,
    openSqliteFile: async (...args: Parameters<typeof real.openSqliteFile>) => {
      const db = await real.openSqliteFile(...args);
      const exec = db.exec.bind(db);
      const prepare = db.prepare.bind(db);
      Object.assign(db, {
        exec: (sql: string) => (ran.push(sql), exec(sql)),
        prepare: (sql: string) => watch(prepare(sql), sql),
      });
      return db;
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), 'llm-circuits-'));
const opened: SqliteCircuitStore[] = [];
afterAll(() => {
  for (const store of opened) store.close();
  rmSync(dir, { recursive: true, force: true });
});
let n = 0;
async function sqliteStore(file = `c${n++}.db`): Promise<SqliteCircuitStore> {
  const store = await openSqliteCircuitStore(join(dir, file));
  opened.push(store);
  return store;
}

/** The same script of operations, with every result, on any store. */
async function script(store: CircuitBreakerStore): Promise<unknown[]> {
  const out: unknown[] = [];
  const w = 1000;
  out.push(await store.get('a', 0, w));
  for (const [t, failed] of [[10, true], [20, false], [150, true], [420, true], [990, false]] as const) out.push(await store.record('a', failed, t, w));
  // The first buckets slide out of the window.
  out.push(await store.get('a', 1105, w), await store.get('a', 1300, w), await store.get('a', 5000, w));
  out.push(await store.transition('a', 'open', 'closed', 6000), await store.transition('a', 'closed', 'open', 6000), await store.get('a', 6001, w));
  out.push(await store.acquireProbe('a', 6002, 100), await store.transition('a', 'open', 'half_open', 7000));
  out.push(await store.acquireProbe('a', 7001, 100), await store.acquireProbe('a', 7050, 100), await store.acquireProbe('a', 7200, 100));
  await store.releaseProbe('a');
  out.push(await store.acquireProbe('a', 7201, 100), await store.get('a', 7202, w));
  out.push(await store.transition('a', 'half_open', 'closed', 7300), await store.get('a', 7301, w));
  await store.record('b', true, 0, w);
  await store.reset('b');
  out.push(await store.get('b', 1, w));
  return out;
}

/** Successes and failures at explicit instants, each success counted by `recordSuccess` or by `record(key, false)`. */
async function successes(store: CircuitBreakerStore, by: 'recordSuccess' | 'record'): Promise<unknown[]> {
  const out: unknown[] = [];
  const w = 1000;
  const success = async (t: number) => {
    if (by === 'record') await store.record('a', false, t, w);
    else expect(store.recordSuccess!('a', t, w)).toBeUndefined();
  };
  await success(5);
  out.push(await store.get('a', 5, w));
  await store.record('a', true, 40, w);
  for (const t of [60, 99, 100, 420, 420, 1099]) await success(t);
  out.push(await store.get('a', 1099, w), await store.get('a', 1100, w), await store.get('a', 1500, w));
  for (let t = 1500; t < 6000; t += 100) await success(t);
  out.push(await store.get('a', 5900, w), await store.get('a', 7000, w));
  return out;
}

describe('the SQLite circuit breaker store', () => {
  it('behaves as core in-memory store on the same script', async () => {
    expect(await script(await sqliteStore())).toEqual(await script(new InMemoryCircuitBreakerStore()));
  });

  it('is one circuit for every process that opens the file', async () => {
    const [one, two] = [await sqliteStore('shared.db'), await sqliteStore('shared.db')];
    const now = () => 1_000_000;
    const breaker = (store: CircuitBreakerStore) => new CircuitBreaker({ store, failureThreshold: 2, openDuration: 30_000, now });
    const overloaded = new LLMError({ code: 'overloaded', message: 'overloaded' });
    // One failure seen by each process: together they reach the threshold and open the circuit.
    await breaker(one).failed(await breaker(one).acquire('openai', 'gpt-4o-mini'), overloaded);
    expect(await breaker(two).state('openai', 'gpt-4o-mini')).toBe('closed');
    await breaker(two).failed(await breaker(two).acquire('openai', 'gpt-4o-mini'), overloaded);
    expect(await breaker(one).state('openai', 'gpt-4o-mini')).toBe('open');
    await expect(breaker(one).acquire('openai', 'gpt-4o-mini')).rejects.toMatchObject({ code: 'circuit_open' });
    expect(one.list()).toEqual([{ key: 'openai:gpt-4o-mini', state: 'open', openedAt: now() }]);
  });

  it('recordSuccess counts what record(key, false) counts, synchronously, as core in-memory store does', async () => {
    const byRecord = await successes(await sqliteStore(), 'record');
    expect(byRecord.slice(0, 4)).toEqual([
      { state: 'closed', openedAt: undefined, calls: 1, failures: 0 },
      { state: 'closed', openedAt: undefined, calls: 8, failures: 1 },
      { state: 'closed', openedAt: undefined, calls: 4, failures: 0 },
      { state: 'closed', openedAt: undefined, calls: 1, failures: 0 },
    ]);
    // From 4900 to 5900: eleven buckets of one success; at 7000 all of them have left the window.
    expect(byRecord.slice(4)).toMatchObject([{ calls: 11 }, { calls: 0 }]);
    const sqlite = await sqliteStore();
    expect(await successes(sqlite, 'recordSuccess')).toEqual(byRecord);
    expect(await successes(new InMemoryCircuitBreakerStore(), 'recordSuccess')).toEqual(byRecord);
    // A circuit with only successes is still listed as one with counted calls, as after record.
    const [one, two] = [await sqliteStore(), await sqliteStore()];
    await one.record('k', false, 0, 1000);
    two.recordSuccess('k', 0, 1000);
    expect(two.list()).toEqual(one.list());
    expect(two.list()).toEqual([{ key: 'k', state: 'closed', openedAt: undefined }]);
  });

  it('recordSuccess is one immediate transaction that writes the count, drops the old buckets and reads nothing', async () => {
    const store = await sqliteStore('pruned.db');
    await store.record('k', true, 0, 1000);
    await store.record('k', false, 1100, 1000);
    ran.length = 0;
    store.recordSuccess('k', 2500, 1000);
    expect(ran[0]).toBe('BEGIN IMMEDIATE');
    expect(ran.at(-1)).toBe('COMMIT');
    expect(ran.filter((sql) => sql.startsWith('BEGIN'))).toHaveLength(1);
    expect(ran.slice(1, -1).map((sql) => sql.split(' ')[0])).toEqual(['INSERT', 'INSERT', 'DELETE']);
    // The buckets of 0 and 1100 left the window: gone from the file without a read (a circuit that only succeeds stays small).
    const peek = new Database(join(dir, 'pruned.db'), { readonly: true });
    expect(peek.prepare('SELECT start, calls, failures FROM circuit_buckets').all()).toMatchObject([{ start: 2500, calls: 1, failures: 0 }]);
    peek.close();
  });

  it('recordSuccess on a circuit that is not closed does what core in-memory store does: counts, and moves nothing', async () => {
    const run = async (store: CircuitBreakerStore): Promise<unknown[]> => {
      const out: unknown[] = [];
      await store.record('k', true, 0, 1000);
      await store.transition('k', 'closed', 'open', 10);
      out.push(store.recordSuccess!('k', 20, 1000), await store.get('k', 20, 1000));
      await store.transition('k', 'open', 'half_open', 30);
      out.push(await store.acquireProbe('k', 30, 500));
      out.push(store.recordSuccess!('k', 40, 1000), await store.get('k', 40, 1000));
      // The probe is still out: a success counted is not the probe's end.
      out.push(await store.acquireProbe('k', 50, 500));
      return out;
    };
    const sqlite = await run(await sqliteStore());
    expect(sqlite).toEqual([
      undefined,
      { state: 'open', openedAt: 10, calls: 2, failures: 1 },
      true,
      undefined,
      { state: 'half_open', openedAt: 10, calls: 3, failures: 1 },
      false,
    ]);
    expect(sqlite).toEqual(await run(new InMemoryCircuitBreakerStore()));
  });
});
