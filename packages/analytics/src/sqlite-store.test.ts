import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker } from '@llm/tooling/test-process';
import Database from 'libsql';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { aggregate } from './aggregate.js';
import type { CallRecord } from './call-record.js';
import { MemoryAnalyticsStore } from './memory-store.js';
import { openSqliteStore } from './sqlite-store.js';
import { makeCallRecord } from './testing.js';
import { seeded } from './test-random.test-util.js';

const NOW = Date.parse('2026-03-20T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'llm-analytics-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function records(n: number, seed: number): CallRecord[] {
  const random = seeded(seed);
  return Array.from({ length: n }, (_, i) =>
    makeCallRecord({
      id: `s${seed}-${i}`,
      start: NOW - 3 * 86_400_000 + Math.floor(random() * 3 * 86_400_000),
      model: random() < 0.5 ? 'gpt-4o-mini' : 'gpt-4o',
      durationMs: 100 + random() * 2000,
      outcome: random() < 0.05 ? 'error' : 'success',
      errorCode: random() < 0.05 ? 'timeout' : undefined,
      streamed: random() < 0.3,
      ttfcMs: random() * 100,
      tags: { feature: random() < 0.5 ? 'a' : 'b' },
    }),
  );
}

describe('SqliteAnalyticsStore', () => {
  it('answers every query as the memory store does for the same records', async () => {
    const data = records(3000, 1);
    const sqlite = await openSqliteStore({ path: join(dir, 'same.db'), now: () => NOW });
    const memory = new MemoryAnalyticsStore({ now: () => NOW, retention: { raw: '2d', minute: '14d', hour: '90d', day: '730d' }, maxRecords: 10_000 });
    for (let i = 0; i < data.length; i += 250) await sqlite.append(data.slice(i, i + 250));
    await memory.append(data);
    for (const query of [
      { from: NOW - 3 * 86_400_000, to: NOW },
      { from: NOW - 30 * 3_600_000 - 17 * 60_000, to: NOW - 2 * 3_600_000, groupBy: ['tag:feature' as const, 'streamed' as const] },
      { from: NOW - 86_400_000, to: NOW, model: 'gpt-4o', tags: { feature: 'a' } },
    ]) {
      expect(await aggregate(sqlite, query, NOW)).toEqual(await aggregate(memory, query, NOW));
    }
    const raw = await sqlite.records({ from: NOW - 86_400_000, to: NOW, model: 'gpt-4o' });
    expect(raw).toEqual(await memory.records({ from: NOW - 86_400_000, to: NOW, model: 'gpt-4o' }));
    await sqlite.close();
  });

  it('keeps one copy of a record appended twice, roll-ups included', async () => {
    const store = await openSqliteStore({ path: join(dir, 'twice.db'), now: () => NOW, retention: { raw: '7d' } });
    const data = records(100, 2);
    await store.append(data);
    await store.append([...data.slice(0, 50), makeCallRecord({ id: 'new-one', start: NOW - 1000 })]);
    expect(await store.records({ from: 0, to: NOW + 1 })).toHaveLength(101);
    const all = await aggregate(store, { from: NOW - 4 * 86_400_000, to: NOW + 60_000, groupBy: [] }, NOW);
    expect(all.totals.count).toBe(101);
    await store.close();
  });

  it('survives a reopen, and prunes by retention', async () => {
    const path = join(dir, 'reopen.db');
    // Written with a longer raw retention (an append prunes), read back and pruned with a shorter one.
    const first = await openSqliteStore({ path, now: () => NOW, retention: { raw: '7d' } });
    await first.append(records(500, 3));
    await first.close();
    const second = await openSqliteStore({ path, now: () => NOW, retention: { raw: '1d' } });
    expect(await second.records({ from: 0, to: NOW })).toHaveLength(500);
    const report = await second.prune(NOW);
    const left = await second.records({ from: 0, to: NOW });
    expect(report.records + left.length).toBe(500);
    expect(left.every((r) => r.start >= NOW - 86_400_000)).toBe(true);
    await second.close();
    await expect(second.records({ from: 0, to: 1 })).rejects.toThrow(/is closed/);
  });

  it('a process killed in the middle of writing leaves the file readable with every committed batch', async () => {
    const path = join(dir, 'killed.db');
    const batchSize = 50;
    const worker = startWorker(new URL('../test/sqlite-writer-worker.ts', import.meta.url), { DB_PATH: path, BATCH_SIZE: String(batchSize) });
    try {
      await worker.next('ready');
      await vi.waitUntil(() => worker.messages.filter((m) => m.type === 'committed').length >= 30, { timeout: 60_000, interval: 5 });
      worker.child.kill('SIGKILL');
      await new Promise((resolve) => worker.child.once('exit', resolve));
    } finally {
      worker.child.kill('SIGKILL');
    }
    const committed = worker.messages.filter((m) => m.type === 'committed').map((m) => Number(m.batch));
    const store = await openSqliteStore({ path, now: () => NOW });
    const stored = await store.records({ from: 0, to: NOW });
    const ids = new Set(stored.map((r) => r.id));
    for (const batch of committed) for (let i = 0; i < batchSize; i++) expect(ids.has(`w${worker.child.pid}-${batch}-${i}`)).toBe(true);
    // Whole batches only: the one being written when the process died is there entirely or not at all.
    expect(stored.length % batchSize).toBe(0);
    expect(stored.length / batchSize).toBeGreaterThanOrEqual(committed.length);
    const all = await aggregate(store, { from: NOW - 86_400_000, to: NOW, groupBy: [] }, NOW);
    expect(all.totals.count).toBe(stored.length);
    await store.close();
    // SQLite's own check of the file, opened with the driver directly.
    const db = new Database(path);
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    db.close();
  }, 120_000);

  it('without libsql installed, says what to install', async () => {
    vi.resetModules();
    vi.doMock('libsql', () => {
      throw new Error("Cannot find package 'libsql'");
    });
    try {
      const { openSqliteStore: open } = await import('./sqlite-store.js');
      await expect(open({ path: join(dir, 'none.db') })).rejects.toMatchObject({ code: 'configuration', message: expect.stringMatching(/needs the libsql package.*pnpm add libsql/) });
    } finally {
      vi.doUnmock('libsql');
    }
  });
});
