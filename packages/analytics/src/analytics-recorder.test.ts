import { createJsonLogger } from '@llm/core';
import { describe, expect, it } from 'vitest';
import { AnalyticsRecorder } from './analytics-recorder.js';
import type { AnalyticsStore } from './analytics-store.js';
import type { CallRecord } from './call-record.js';
import { MemoryAnalyticsStore } from './memory-store.js';
import { makeCallRecord } from './testing.js';

/** A store in front of a memory store that refuses writes while `down` is set. */
function flakyStore(): AnalyticsStore & { down: boolean; inner: MemoryAnalyticsStore; attempts: number } {
  const inner = new MemoryAnalyticsStore({ maxRecords: 1_000_000, now: () => Date.parse('2026-03-20T12:00:00Z') });
  const store = {
    kind: 'flaky',
    retention: inner.retention,
    down: true,
    inner,
    attempts: 0,
    async append(records: readonly CallRecord[]) {
      store.attempts += 1;
      if (store.down) throw new Error('connection refused');
      return inner.append(records);
    },
    records: (q: Parameters<AnalyticsStore['records']>[0]) => inner.records(q),
    rollups: (q: Parameters<AnalyticsStore['rollups']>[0]) => inner.rollups(q),
    prune: (now?: number) => inner.prune(now),
    close: () => inner.close(),
  };
  return store;
}

const all = { from: 0, to: Date.parse('2100-01-01') };

describe('AnalyticsRecorder', () => {
  it('keeps the records of a failed write and writes them once the store is back, none twice', async () => {
    const lines: string[] = [];
    const store = flakyStore();
    const recorder = new AnalyticsRecorder({ store, batchSize: 10, flushIntervalMs: 5, logger: createJsonLogger({ level: 'debug', write: (l) => lines.push(l) }) });
    for (let i = 0; i < 25; i++) recorder.record(makeCallRecord({ id: `a${i}` }));
    await expect(recorder.flush()).rejects.toThrow(/connection refused/);
    expect(recorder.stats()).toMatchObject({ recorded: 25, stored: 0, buffered: 25, dropped: 0 });
    store.down = false;
    await recorder.flush();
    expect(recorder.stats()).toMatchObject({ recorded: 25, stored: 25, buffered: 0, dropped: 0 });
    expect((await store.records(all)).map((r) => r.id).sort()).toEqual(Array.from({ length: 25 }, (_, i) => `a${i}`).sort());
    const messages = lines.map((l) => JSON.parse(l) as { msg: string; level: string });
    expect(messages.filter((m) => m.msg.startsWith('analytics store write failed'))).toHaveLength(1);
    expect(messages.some((m) => m.msg === 'analytics store is writable again')).toBe(true);
    await recorder.close();
  });

  it('retries in the background, and bounds what it holds while the store is down (counted and logged)', async () => {
    const lines: string[] = [];
    const store = flakyStore();
    const recorder = new AnalyticsRecorder({ store, batchSize: 5, flushIntervalMs: 1, maxBuffered: 20, logger: createJsonLogger({ level: 'debug', write: (l) => lines.push(l) }) });
    for (let i = 0; i < 30; i++) recorder.record(makeCallRecord({ id: `b${i}` }));
    await expect(recorder.flush()).rejects.toThrow();
    expect(recorder.stats()).toMatchObject({ buffered: 20, dropped: 10 });
    expect(lines.some((l) => l.includes('oldest records dropped'))).toBe(true);
    store.down = false;
    // The background retry (at 10x the interval) writes what is held, with no flush() from us.
    await expect.poll(() => recorder.stats().stored, { timeout: 2000 }).toBe(20);
    expect((await store.records(all)).map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => `b${i + 10}`));
    await recorder.close();
  });

  it('writes each record to the memory store at once (nothing buffered), and refuses records after close()', async () => {
    const recorder = new AnalyticsRecorder({ batchSize: 3 });
    for (let i = 0; i < 7; i++) recorder.record(makeCallRecord());
    expect(recorder.stats()).toMatchObject({ recorded: 7, stored: 7, buffered: 0 });
    expect((recorder.store as MemoryAnalyticsStore).size).toBe(7);
    await recorder.close();
    expect(recorder.stats()).toMatchObject({ stored: 7, buffered: 0 });
    expect(() => recorder.record(makeCallRecord())).toThrow(/recorder is closed/);
  });

  it('refuses bad options with an error naming them', () => {
    expect(() => new AnalyticsRecorder({ batchSize: 0 })).toThrow(/batchSize: expected a whole number > 0, got 0/);
  });
});
