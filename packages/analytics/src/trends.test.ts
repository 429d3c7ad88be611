import { LLMError } from '@llm/errors';
import { linearRegression } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { studentTQuantile } from './distributions.js';
import { MemoryAnalyticsStore } from './memory-store.js';
import { timeSeries } from './time-series.js';
import { slopePerDay, trends, type Slope } from './trends.js';
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

/** slopePerDay as it was before the points carried their calls (ordinary least squares), verbatim. */
function unweightedSlopePerDay(points: ReadonlyArray<{ t: number; value: number }>): Slope | undefined {
  const n = points.length;
  if (n < 3) return undefined;
  const xs = points.map((p) => p.t / 86_400_000);
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const sxx = xs.reduce((a, x) => a + (x - meanX) ** 2, 0);
  if (sxx === 0) return undefined;
  const { m, b } = linearRegression(points.map((p, i) => [xs[i]!, p.value]));
  const ssr = points.reduce((a, p, i) => a + (p.value - (m * xs[i]! + b)) ** 2, 0);
  const standardError = Math.sqrt(ssr / (n - 2) / sxx);
  const t = studentTQuantile(0.975, n - 2);
  const low = m - t * standardError;
  const high = m + t * standardError;
  return { perDay: m, standardError, low, high, n, significant: low > 0 || high < 0 };
}

describe('slopePerDay weighted by the calls of each point', () => {
  // Three full days of a call an hour on the line 10 + day, and the first hour of the fourth day:
  // one call, thirty (18 above the line).
  const partial = [10, 11, 12, 30].map((value, d) => ({ t: START + d * DAY, value, calls: d < 3 ? 24 : 1 }));

  it('a last bucket of one call and an outlying value moves the slope little (hand-computed weighted least squares)', () => {
    const s = slopePerDay(partial)!;
    // By hand, x = 0..3 days from START (a shift of x changes no slope), w = 24, 24, 24, 1: W = 73,
    // mean x = 75/73, mean y = 822/73; Sxx = 129 - 75^2/73 = 3792/73, Sxy = 930 - 75*822/73 = 6240/73;
    // slope = 6240/3792 = 130/79 = 1.645570 a day (the line without the outlier: 1; unweighted: 6.1).
    expect(s.perDay).toBeCloseTo(130 / 79, 9);
    expect(unweightedSlopePerDay(partial)!.perDay).toBeCloseTo(6.1, 9);
    // Intercept 756/79; residuals 34, -17, -68, 1224 (/79); weighted SSR = (24*(34^2 + 17^2 + 68^2) +
    // 1224^2)/79^2 = 20808/79, over n - 2 = 2 and Sxx: SE^2 = 20808*73/(79*2*3792) = 63291/24964.
    expect(s.standardError).toBeCloseTo(Math.sqrt(63291 / 24964), 9);
    expect(s.standardError).toBeCloseTo(1.59226, 5);
    // t(0.975, 2) = 4.302653 (tables): 1.645570 -+ 6.850960.
    expect(s.low).toBeCloseTo(1.64557 - 6.85096, 4);
    expect(s.high).toBeCloseTo(1.64557 + 6.85096, 4);
    expect(s).toMatchObject({ n: 4, significant: false });
  });

  it('weights only relatively: the calls scaled, or each point repeated calls times (ordinary fit), give the same slope', () => {
    const s = slopePerDay(partial)!;
    const scaled = slopePerDay(partial.map((p) => ({ ...p, calls: p.calls * 2.5 })))!;
    expect(scaled.perDay).toBeCloseTo(s.perDay, 9);
    expect(scaled.standardError).toBeCloseTo(s.standardError, 9);
    const repeated = partial.flatMap((p) => Array.from({ length: p.calls }, () => ({ t: p.t, value: p.value })));
    expect(slopePerDay(repeated)!.perDay).toBeCloseTo(s.perDay, 9);
  });

  it('equal calls, or none, give the unweighted fit exactly', () => {
    const random = seeded(11);
    for (const n of [3, 7, 28]) {
      const points = Array.from({ length: n }, (_, d) => ({ t: START + d * DAY + 3_600_000 * (d % 3), value: 500 + 20 * d + 30 * normal(random) }));
      const old = unweightedSlopePerDay(points);
      expect(slopePerDay(points)).toEqual(old);
      expect(slopePerDay(points.map((p) => ({ ...p, calls: 288 })))).toEqual(old);
    }
  });

  it('refuses calls on some points only, and calls that are not a number > 0, naming them', () => {
    const points = [0, 1, 2].map((d) => ({ t: d * DAY, value: d }));
    const refused = (pts: Array<{ t: number; value: number; calls?: number }>) => {
      try {
        slopePerDay(pts);
      } catch (err) {
        expect(LLMError.is(err) && err.code).toBe('invalid_request');
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused([{ ...points[0]!, calls: 5 }, points[1]!, points[2]!])).toContain('calls is given on 1 of 3 points');
    expect(refused(points.map((p, i) => ({ ...p, calls: [5, 0, -1][i]! })))).toContain('calls must be a finite number > 0 (point 1: 0, point 2: -1)');
    expect(refused(points.map((p, i) => ({ ...p, calls: i === 0 ? Number.NaN : 3 })))).toContain('point 0: NaN');
  });
});

describe('trends over a store', () => {
  it('a day that has just begun (six calls, ten times as slow) swings the slope of a latency rising 100 ms a day little', async () => {
    // Ten days of a call every 5 minutes, 100 ms slower each day (plus a small wobble); then 30
    // minutes into the eleventh day, six calls ten times as slow: the CLI test that failed every
    // night from 00:00 to 01:00 UTC while every bucket weighed the same.
    const now = START + 10 * DAY + 30 * 60_000;
    const store = new MemoryAnalyticsStore({ now: () => now, maxRecords: 0 });
    let i = 0;
    for (let t = START; t < now; t += 5 * 60_000) {
      const base = 500 + 100 * ((t - START) / DAY) + ((i++ * 37) % 11);
      store.appendOne(makeCallRecord({ start: t, durationMs: t >= START + 10 * DAY ? base * 10 : base }));
    }
    const result = await trends(store, { from: START, to: now, granularity: '1d' }, now);
    const slope = result.groups[0]!.metrics.find((m) => m.metric === 'latency p50')!.slope!;
    const points = (await timeSeries(store, { from: START, to: now, granularity: '1d' }, now)).series[0]!.points.map((p) => ({ t: Date.parse(p.time), value: p.latencyMs!.p50 }));
    expect(points.map((p) => p.value).at(-1)).toBeGreaterThan(14_000);
    // Weighted (288 calls a day, 6 in the last): 118.9 a day; unweighted: 711.6, seven times the rise.
    expect(slope.n).toBe(11);
    expect(slope.perDay).toBeGreaterThan(100);
    expect(slope.perDay).toBeLessThan(125);
    expect(unweightedSlopePerDay(points)!.perDay).toBeGreaterThan(600);
    // The interval is still wide (the six calls are far off the line for six calls: a level shift,
    // which a line cannot tell from noise), far wider than without them.
    expect(slope.standardError).toBeGreaterThan(50 * slopePerDay(points.slice(0, -1).map((p) => ({ ...p, calls: 288 })))!.standardError);
  });

  it('weights each measure by the calls its value is computed over', async () => {
    // Four days of 20 calls: 2 errors a day (6 on the last), a cache hit, 5 + 5d streams, 12 - 2d
    // priced calls; every value drifts with the day and per call, so each fit depends on its weights.
    const now = START + 4 * DAY;
    const store = new MemoryAnalyticsStore({ now: () => now, maxRecords: 0 });
    const random = seeded(3);
    for (let d = 0; d < 4; d++) {
      for (let i = 0; i < 20; i++) {
        const error = i < 2 + (d === 3 ? 4 : 0);
        store.appendOne(
          makeCallRecord({
            start: START + d * DAY + i * 60_000,
            durationMs: 500 + 40 * d * d + 50 * random(),
            outcome: error ? 'error' : 'success',
            errorCode: error ? 'overloaded' : undefined,
            cacheHit: i === 19,
            streamed: i >= 2 && i < 7 + 5 * d,
            ttfcMs: i >= 2 && i < 7 + 5 * d ? 100 + 30 * d * d + 20 * random() : undefined,
            costUsd: i >= 2 && i < 14 - 2 * d ? 0.001 * (1 + d * d + random()) : undefined,
            outputTokens: 100 + 50 * d * d,
          }),
        );
      }
    }
    const result = await trends(store, { from: START, to: now, granularity: '1d' }, now);
    const series = (await timeSeries(store, { from: START, to: now, granularity: '1d' }, now)).series[0]!.points;
    const expected = {
      calls: (p: (typeof series)[number]) => [p.count, p.count],
      'error rate': (p: (typeof series)[number]) => [p.errorRate, p.count],
      'latency p50': (p: (typeof series)[number]) => [p.latencyMs!.p50, p.latencyMs!.count],
      'latency p95': (p: (typeof series)[number]) => [p.latencyMs!.p95, p.latencyMs!.count],
      'ttfc p50': (p: (typeof series)[number]) => [p.ttfcMs!.p50, p.ttfcMs!.count],
      'cost per call': (p: (typeof series)[number]) => [p.cost.perCallUsd!, p.cost.pricedCalls],
      'output tokens per second': (p: (typeof series)[number]) => [p.outputTokensPerSecond!, p.latencyMs!.count],
    } as const;
    for (const m of result.groups[0]!.metrics) {
      const points = series.map((p) => {
        const [value, calls] = expected[m.metric](p);
        return { t: Date.parse(p.time), value: value!, calls: calls! };
      });
      expect(m.slope, m.metric).toEqual(slopePerDay(points));
    }
    // Per day: calls, latency's calls (successes not from the cache), ttfc's (successful streams), priced calls.
    expect(series.map((p) => [p.count, p.latencyMs!.count, p.ttfcMs!.count, p.cost.pricedCalls])).toEqual([
      [20, 17, 5, 12],
      [20, 17, 10, 10],
      [20, 17, 15, 8],
      [20, 13, 13, 6],
    ]);
  });

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
