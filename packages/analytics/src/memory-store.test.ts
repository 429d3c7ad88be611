import { describe, expect, it } from 'vitest';
import { MemoryAnalyticsStore } from './memory-store.js';
import { makeCallRecord } from './testing.js';

const NOW = Date.parse('2026-03-20T12:00:00Z');
const HOUR = 3_600_000;

describe('MemoryAnalyticsStore', () => {
  it('rolls a record older than the minute retention into its hour and day only, and one older than the hour retention into its day', async () => {
    const store = new MemoryAnalyticsStore({ now: () => NOW, retention: { raw: '60d', minute: '1d', hour: '7d', day: '365d' } });
    await store.prune();
    const twoDays = NOW - 48 * HOUR;
    const tenDays = NOW - 240 * HOUR;
    await store.append([makeCallRecord({ start: twoDays }), makeCallRecord({ start: tenDays }), makeCallRecord({ start: NOW - 1000 })]);
    const count = async (level: 'minute' | 'hour' | 'day', at: number) =>
      (await store.rollups({ level, from: at - 2 * 86_400_000, to: at + 1 })).filter((row) => row.bucket <= at && row.bucket > at - 86_400_000).reduce((n, row) => n + row.stats.count, 0);
    expect([await count('minute', twoDays), await count('hour', twoDays), await count('day', twoDays)]).toEqual([0, 1, 1]);
    expect([await count('minute', tenDays), await count('hour', tenDays), await count('day', tenDays)]).toEqual([0, 0, 1]);
    expect([await count('minute', NOW - 1000), await count('hour', NOW - 1000)]).toEqual([1, 1]);
    expect(store.size).toBe(3);
  });

  it('counts every record of a minute in its minute, hour and day rows when a prune or a read comes in the middle of it', async () => {
    let now = NOW + 10_000;
    const store = new MemoryAnalyticsStore({ now: () => now });
    const at = (second: number) => makeCallRecord({ start: NOW + second * 1000, durationMs: 100 + second });
    // The automatic prune runs on the 64th append (a minute after the last one): in the middle of the minute.
    for (let i = 0; i < 100; i++) store.appendOne(at(i % 50));
    now += 120_000;
    for (let i = 0; i < 100; i++) store.appendOne(at(i % 50));
    await store.prune(NOW + 30_000);
    for (let i = 0; i < 30; i++) store.appendOne(at(55));
    const count = async (level: 'minute' | 'hour' | 'day') => (await store.rollups({ level, from: NOW - 86_400_000, to: NOW + 86_400_000 })).reduce((n, row) => n + row.stats.count, 0);
    // A read folds the open minute into its hour and day; records after it still count once everywhere.
    expect([await count('minute'), await count('hour'), await count('day')]).toEqual([230, 230, 230]);
    for (let i = 0; i < 20; i++) store.appendOne(at(58));
    expect([await count('minute'), await count('hour'), await count('day')]).toEqual([250, 250, 250]);
    // A later minute: the last one is folded once.
    store.appendOne(makeCallRecord({ start: NOW + 61_000 }));
    const hour = await store.rollups({ level: 'hour', from: NOW - 3_600_000, to: NOW + 3_600_000 });
    expect(hour.map((row) => [row.stats.count, row.stats.latency.n])).toEqual([[251, 251]]);
  });

  it('keeps the newest maxRecords raw records and gives them back by time', async () => {
    const store = new MemoryAnalyticsStore({ now: () => NOW, maxRecords: 5 });
    await store.append(Array.from({ length: 12 }, (_, i) => makeCallRecord({ id: `m-${i}`, start: NOW - 12_000 + i * 1000 })));
    expect((await store.records({ from: 0, to: NOW })).map((r) => r.id)).toEqual(['m-7', 'm-8', 'm-9', 'm-10', 'm-11']);
  });
});
