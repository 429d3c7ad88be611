import { describe, expect, it } from 'vitest';
import { MemoryAnalyticsStore } from './memory-store.js';
import { makeRecord } from './test-records.test-util.js';

const NOW = Date.parse('2026-03-20T12:00:00Z');
const HOUR = 3_600_000;

describe('MemoryAnalyticsStore', () => {
  it('rolls a record older than the minute retention into its hour and day only, and one older than the hour retention into its day', async () => {
    const store = new MemoryAnalyticsStore({ now: () => NOW, retention: { raw: '60d', minute: '1d', hour: '7d', day: '365d' } });
    await store.prune();
    const twoDays = NOW - 48 * HOUR;
    const tenDays = NOW - 240 * HOUR;
    await store.append([makeRecord({ start: twoDays }), makeRecord({ start: tenDays }), makeRecord({ start: NOW - 1000 })]);
    const count = async (level: 'minute' | 'hour' | 'day', at: number) =>
      (await store.rollups({ level, from: at - 2 * 86_400_000, to: at + 1 })).filter((row) => row.bucket <= at && row.bucket > at - 86_400_000).reduce((n, row) => n + row.stats.count, 0);
    expect([await count('minute', twoDays), await count('hour', twoDays), await count('day', twoDays)]).toEqual([0, 1, 1]);
    expect([await count('minute', tenDays), await count('hour', tenDays), await count('day', tenDays)]).toEqual([0, 0, 1]);
    expect([await count('minute', NOW - 1000), await count('hour', NOW - 1000)]).toEqual([1, 1]);
    expect(store.size).toBe(3);
  });

  it('keeps the newest maxRecords raw records and gives them back by time', async () => {
    const store = new MemoryAnalyticsStore({ now: () => NOW, maxRecords: 5 });
    await store.append(Array.from({ length: 12 }, (_, i) => makeRecord({ id: `m-${i}`, start: NOW - 12_000 + i * 1000 })));
    expect((await store.records({ from: 0, to: NOW })).map((r) => r.id)).toEqual(['m-7', 'm-8', 'm-9', 'm-10', 'm-11']);
  });
});
