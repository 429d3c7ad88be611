import { aggregate, MemoryAnalyticsStore, timeSeries, type CallRecord } from '@llm/analytics';
import { startWorker } from '@llm/tooling/test-process';
import { expect, it } from 'vitest';
import { describePostgres } from '@llm/mocks/conformance';
import { usePostgresDatabases } from '../test/postgres-databases.js';
import { makeWorkerRecords, NOW } from '../test/worker-records.js';
import { createPostgresAnalyticsStore, type PostgresAnalyticsStore } from './index.js';

describePostgres('PostgresAnalyticsStore (real PostgreSQL server)', () => {
  const databases = usePostgresDatabases();
  const { fresh } = databases;

  it('four processes writing at once lose no record and count none twice', async () => {
    const url = await fresh('four_writers');
    const perWorker = 600;
    const env = (w: number) => ({ PG_URL: url, WORKER: String(w), PER_WORKER: String(perWorker), BATCH: '50', NOW: String(NOW) });
    const workers = [0, 1, 2, 3].map((w) => startWorker(new URL('../test/analytics-writer-worker.ts', import.meta.url), env(w)));
    try {
      await Promise.all(workers.map((w) => w.next('ready')));
      for (const w of workers) w.child.send('go');
      await Promise.all(workers.map((w) => w.next('done')));
    } finally {
      for (const w of workers) w.child.kill('SIGKILL');
    }
    const expected: CallRecord[] = [0, 1, 2, 3].flatMap((w) => makeWorkerRecords(w, perWorker));
    const store = await createPostgresAnalyticsStore({ connectionString: url, now: () => NOW });
    const memory = new MemoryAnalyticsStore({ now: () => NOW, maxRecords: 100_000, retention: { raw: '2d', minute: '14d', hour: '90d', day: '730d' } });
    await memory.append(expected);
    try {
      const stored = await store.records({ from: 0, to: NOW + 1 });
      expect(stored).toHaveLength(expected.length);
      expect(new Set(stored.map((r) => r.id))).toEqual(new Set(expected.map((r) => r.id)));
      // Roll-ups: every level adds up to the same sums as one process writing them all.
      const window = { from: NOW - 2 * 3_600_000, to: NOW, groupBy: ['provider' as const, 'model' as const, 'tag:worker' as const] };
      expect(await aggregate(store, window, NOW)).toEqual(await aggregate(memory, window, NOW));
      for (const granularity of ['1m', '1h', '1d']) {
        const q = { from: NOW - 86_400_000, to: NOW, granularity, groupBy: [] };
        expect(await timeSeries(store, q, NOW)).toEqual(await timeSeries(memory, q, NOW));
      }
    } finally {
      await store.close();
    }
  }, 180_000);

  it('a batch appended twice counts once, and the tables are made once by many stores at once', async () => {
    const url = await fresh('twice');
    const stores = await Promise.all([1, 2, 3].map(() => createPostgresAnalyticsStore({ connectionString: url, now: () => NOW })));
    const store = stores[0]!;
    const batch = makeWorkerRecords(9, 40);
    await Promise.all([store.append(batch), stores[1]!.append(batch), stores[2]!.append(batch)]);
    const all = await aggregate(store, { from: NOW - 86_400_000, to: NOW, groupBy: [] }, NOW);
    expect(all.totals.count).toBe(40);
    const migrations = await databases.admin.query(`SELECT count(*)::int AS n FROM pg_database WHERE datname = 'twice'`);
    expect(migrations.rows[0].n).toBe(1);
    for (const s of stores) await s.close();
  });

  it('prunes by retention', async () => {
    const url = await fresh('prune');
    // Written with the default retention (an append prunes), then pruned with a shorter one.
    const writer = await createPostgresAnalyticsStore({ connectionString: url, now: () => NOW });
    await writer.append(makeWorkerRecords(1, 100));
    await writer.close();
    const store: PostgresAnalyticsStore = await createPostgresAnalyticsStore({ connectionString: url, now: () => NOW, retention: { raw: '50m', minute: '50m' } });
    const report = await store.prune(NOW);
    const left = await store.records({ from: 0, to: NOW });
    expect(report.records + left.length).toBe(100);
    expect(left.every((r) => r.start >= NOW - 50 * 60_000)).toBe(true);
    expect(left.length).toBeGreaterThan(0);
    expect(report.records).toBeGreaterThan(0);
    expect(report.rollups).toBeGreaterThan(0);
    await store.close();
  });

  it('a server that is down is a network error naming PostgreSQL, without the password', async () => {
    const store = createPostgresAnalyticsStore({ connectionString: 'postgres://u:s3cret-password@127.0.0.1:1/none', poolOptions: { connectionTimeoutMillis: 2000 } });
    await expect(store).rejects.toMatchObject({ code: 'network', message: expect.stringMatching(/^PostgreSQL: analytics table set-up failed/) });
    await expect(store).rejects.not.toThrow(/s3cret/);
  });
});
