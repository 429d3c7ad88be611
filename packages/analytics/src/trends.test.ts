import { describe, expect, it } from 'vitest';
import { MemoryAnalyticsStore } from './memory-store.js';
import { slopePerDay, trends } from './trends.js';
import { makeCallRecord } from './testing.js';
import { normal, seeded } from './test-random.test-util.js';

const DAY = 86_400_000;
const START = Date.parse('2026-03-01T00:00:00Z');

describe('slopePerDay', () => {
  it('is exact on a line, with no uncertainty', () => {
    const s = slopePerDay([0, 1, 2, 3, 4].map((d) => ({ t: START + d * DAY, value: 3 + 2 * d })))!;
    expect(s.perDay).toBeCloseTo(2, 9);
    expect(s.standardError).toBeCloseTo(0, 9);
    expect(s.significant).toBe(true);
  });

  it('matches the textbook least-squares slope and standard error, with the t(0.975, n-2) interval', () => {
    const ys = [10, 12, 11, 15, 14, 18];
    const s = slopePerDay(ys.map((value, d) => ({ t: d * DAY, value })))!;
    // By hand: x = 0..5, mean 2.5, Sxx = 17.5; mean y 13.3333, Sxy = 25 -> slope 25/17.5 = 1.428571.
    expect(s.perDay).toBeCloseTo(1.428571, 5);
    // Residual sum of squares 7.619048 over 4 degrees of freedom; SE = sqrt(1.904762 / 17.5) = 0.329914.
    expect(s.standardError).toBeCloseTo(0.329914, 5);
    // t(0.975, 4) = 2.776445 (tables).
    expect(s.high - s.perDay).toBeCloseTo(2.776445 * 0.329914, 4);
    expect(slopePerDay(ys.slice(0, 2).map((value, d) => ({ t: d * DAY, value })))).toBeUndefined();
  });
});

describe('trends over a store', () => {
  it('finds a latency growing 20 ms a day inside its interval, and compares the period with the one before', async () => {
    const now = START + 28 * DAY;
    const store = new MemoryAnalyticsStore({ now: () => now, maxRecords: 0 });
    const random = seeded(5);
    for (let d = 0; d < 28; d++) {
      for (let i = 0; i < 50; i++) store.appendOne(makeCallRecord({ start: START + d * DAY + i * 60_000, durationMs: 500 + 20 * d + 5 * normal(random) }));
    }
    const result = await trends(store, { from: START + 14 * DAY, to: now, granularity: '1d' }, now);
    const latency = result.groups[0]!.metrics.find((m) => m.metric === 'latency p50')!;
    expect(latency.slope!.low).toBeLessThan(20);
    expect(latency.slope!.high).toBeGreaterThan(20);
    expect(latency.slope!.significant).toBe(true);
    expect(latency.periodOverPeriod.change).toBeGreaterThan(14 * 20 * 0.9);
    const calls = result.groups[0]!.metrics.find((m) => m.metric === 'calls')!;
    expect(calls.periodOverPeriod).toMatchObject({ current: 700, previous: 700, change: 0, changePct: 0 });
  });
});
