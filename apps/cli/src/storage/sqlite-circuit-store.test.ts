import { CircuitBreaker, InMemoryCircuitBreakerStore, type CircuitBreakerStore } from '@llm/core';
import { LLMError } from '@llm/errors';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteCircuitStore, type SqliteCircuitStore } from './sqlite-circuit-store.js';

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
});
