import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregate, buildReport, openSqliteStore, type AnalyticsStore } from '@llm/analytics';
import { postgresMissing, startPostgresServer } from '@llm/mocks';
import { createPostgresAnalyticsStore } from '@llm/postgres';
import type { BenchContext } from './bench-case.js';
import { cpuMicros } from './cpu.js';
import { DAY, syntheticRecords } from './synthetic-records.js';
import { fixed, formatTable } from './table.js';

const BATCH = 1000;

/** Ingests `n` records of one day (16 series) in batches, then times an aggregate and a whole report over them. */
async function measure(ctx: BenchContext, name: string, store: AnalyticsStore, n: number, now: number): Promise<void> {
  let ingestMs = 0;
  for (let at = 0; at < n; at += BATCH) {
    const batch = syntheticRecords(at, Math.min(n, at + BATCH), n, now, 1);
    const t0 = performance.now();
    await store.append(batch);
    ingestMs += performance.now() - t0;
  }
  const q0 = performance.now();
  const result = await aggregate(store, { from: now - DAY, to: now, groupBy: ['model', 'tag:feature'] }, now);
  const queryMs = performance.now() - q0;
  if (result.totals.count !== n) throw new Error(`${name}: aggregate counted ${result.totals.count} of ${n} records`);
  // Wall time on a shared machine counts other processes' turns too; this process' CPU time does not (a database server's does not either).
  const r0 = performance.now();
  const c0 = cpuMicros();
  const report = await buildReport(store, { from: now - DAY, to: now, groupBy: ['model', 'tag:feature'] }, now);
  const reportCpuMs = (cpuMicros() - c0) / 1000;
  const reportMs = performance.now() - r0;
  if (report.summary.totals.count !== n) throw new Error(`${name}: the report counted ${report.summary.totals.count} of ${n} records`);
  ctx.log();
  ctx.log(
    formatTable([
      [name, 'value'],
      [`ingest of ${n.toLocaleString('en')} records of one day (batches of ${BATCH.toLocaleString('en')}, one transaction each)`, `${fixed(n / (ingestMs / 1000) / 1000, 1)}k records/s`],
      ['aggregate over them, by model and tag', `${fixed(queryMs, 1)} ms`],
      ['the whole report over them (aggregate, series, trends, anomalies per 15 minutes)', `${fixed(reportMs, 0)} ms (${fixed(reportCpuMs, 0)} ms CPU here)`],
    ]),
  );
}

/**
 * The `@llm/analytics` stores for more than one process: the SQLite file store (libsql) and the
 * PostgreSQL store (`@llm/postgres`; a server of its own from Debian's postgresql, started here on
 * a free port in a temporary directory): batched ingest rate, and aggregate and report time over a
 * million records (goal: a million-record report under a second). `--quick`: 50,000 records.
 * `which`: the stores to measure (`sqlite`, `postgres`).
 */
export async function measureStores(ctx: BenchContext, which: readonly string[]): Promise<void> {
  const n = ctx.quick ? 50_000 : 1_000_000;
  const now = Date.UTC(2026, 2, 20);
  if (which.includes('sqlite')) await measureSqlite(ctx, n, now);
  if (which.includes('postgres')) await measurePostgres(ctx, n, now);
}

async function measureSqlite(ctx: BenchContext, n: number, now: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'llm-bench-sqlite-'));
  try {
    const sqlite = await openSqliteStore({ path: join(dir, 'bench.db'), now: () => now });
    try {
      await measure(ctx, 'SQLite file store (libsql)', sqlite, n, now);
    } finally {
      await sqlite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measurePostgres(ctx: BenchContext, n: number, now: number): Promise<void> {
  const missing = postgresMissing();
  if (missing) {
    ctx.log(`PostgreSQL store not measured: ${missing}`);
    return;
  }
  const server = await startPostgresServer();
  try {
    const pg = await createPostgresAnalyticsStore({ connectionString: server.url, now: () => now });
    try {
      await measure(ctx, 'PostgreSQL store (@llm/postgres, pg)', pg, n, now);
    } finally {
      await pg.close();
    }
  } finally {
    await server.stop();
  }
}
