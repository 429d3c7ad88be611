import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.js';
import type { CallRecord } from './call-record.js';
import { compareModels } from './compare.js';
import { MemoryAnalyticsStore } from './memory-store.js';
import { SKETCH_RELATIVE_ACCURACY } from './quantile-sketch.js';
import { timeSeries } from './time-series.js';
import { makeCallRecord } from './testing.js';
import { exactQuantile, seeded } from './test-random.test-util.js';

const T0 = Date.parse('2026-03-18T00:00:00Z');
const NOW = Date.parse('2026-03-20T12:00:00Z');

/** Two models over two days, one call a minute each, with known errors, cache hits and retries. */
function dataset(): CallRecord[] {
  const random = seeded(3);
  const out: CallRecord[] = [];
  for (let minute = 0; minute < 2 * 1440; minute++) {
    const start = T0 + minute * 60_000 + 7_000;
    const a = 200 + random() * 800;
    out.push(
      makeCallRecord({
        start,
        model: 'gpt-4o-mini',
        durationMs: a,
        outcome: minute % 50 === 0 ? 'error' : 'success',
        errorCode: minute % 50 === 0 ? (minute % 100 === 0 ? 'rate_limited' : 'timeout') : undefined,
        retries: minute % 10 === 0 ? 1 : 0,
        cacheHit: minute % 25 === 1,
        tags: { feature: minute % 2 ? 'search' : 'chat' },
      }),
    );
    out.push(
      makeCallRecord({
        start,
        provider: 'anthropic',
        model: 'claude-haiku',
        streamed: true,
        durationMs: 1000 + random() * 1000,
        ttfcMs: 100 + random() * 300,
        chunkMs: 20,
        costUsd: 0.001,
        inputUsd: 0.0006,
        outputUsd: 0.0004,
        tags: { feature: 'search' },
      }),
    );
  }
  return out;
}

function expected(records: CallRecord[]) {
  const ok = records.filter((r) => r.outcome === 'success' && !r.cacheHit);
  return {
    count: records.length,
    errors: records.filter((r) => r.outcome === 'error').length,
    cacheHits: records.filter((r) => r.cacheHit).length,
    retries: records.reduce((s, r) => s + r.retries, 0),
    latencies: ok.map((r) => r.durationMs),
    cost: records.filter((r) => r.outcome === 'success' && !r.cacheHit).reduce((s, r) => s + (r.costUsd ?? 0), 0),
  };
}

const near = (got: number | undefined, exact: number, next: number) => {
  expect(got).toBeDefined();
  expect(got!).toBeGreaterThanOrEqual(exact * (1 - SKETCH_RELATIVE_ACCURACY) - 1e-6);
  expect(got!).toBeLessThanOrEqual(next * (1 + SKETCH_RELATIVE_ACCURACY) + 1e-6);
};

describe('aggregate over the memory store', () => {
  const records = dataset().map((r) => (r.cacheHit ? { ...r, costUsd: undefined, inputUsd: undefined, outputUsd: undefined, inputTokens: 0, outputTokens: 0 } : r));
  const errorsZeroed = records.map((r) => (r.outcome === 'error' ? { ...r, costUsd: undefined, inputUsd: undefined, outputUsd: undefined, inputTokens: 0, outputTokens: 0 } : r));
  const store = new MemoryAnalyticsStore({ now: () => NOW, maxRecords: 10, retention: { raw: '14d', minute: '14d' } });
  for (const r of errorsZeroed) store.appendOne(r);

  it('per model: counts, error rate by code, cache hits, retries, cost and latency percentiles, matching values computed from the records', async () => {
    // A window with ragged edges: minutes, hours and whole days are read.
    const from = T0 + 5 * 3_600_000 + 13 * 60_000;
    const to = T0 + 40 * 3_600_000 + 47 * 60_000;
    const result = await aggregate(store, { from, to }, NOW);
    expect(result.groups.map((g) => g.group)).toEqual([
      { provider: 'anthropic', model: 'claude-haiku' },
      { provider: 'openai', model: 'gpt-4o-mini' },
    ]);
    for (const group of result.groups) {
      const mine = errorsZeroed.filter((r) => r.model === group.group.model && r.start >= from && r.start < to);
      const e = expected(mine);
      expect(group.count).toBe(e.count);
      expect(group.errors).toBe(e.errors);
      expect(group.errorRate).toBeCloseTo(e.errors / e.count, 6);
      expect(group.cacheHitRate).toBeCloseTo(e.cacheHits / e.count, 6);
      expect(group.retriesPerCall).toBeCloseTo(e.retries / e.count, 6);
      expect(group.cost.totalUsd).toBeCloseTo(e.cost, 9);
      for (const [q, key] of [[0.5, 'p50'], [0.9, 'p90'], [0.95, 'p95'], [0.99, 'p99']] as const) {
        near(group.latencyMs?.[key], exactQuantile(e.latencies, q), exactQuantile(e.latencies, Math.min(1, q + 1 / e.latencies.length)));
      }
    }
    const mini = result.groups[1]!;
    const codes = errorsZeroed.filter((r) => r.model === 'gpt-4o-mini' && r.start >= from && r.start < to && r.outcome === 'error');
    expect(mini.errorsByCode.rate_limited?.count).toBe(codes.filter((r) => r.errorCode === 'rate_limited').length);
    expect(mini.errorsByCode.timeout?.count).toBe(codes.filter((r) => r.errorCode === 'timeout').length);
    const haiku = result.groups[0]!;
    expect(haiku.ttfcMs?.count).toBe(haiku.count);
    expect(haiku.chunkMs).toBe(20);
    // Output tokens over generation time (duration minus TTFC for streams).
    const hk = errorsZeroed.filter((r) => r.model === 'claude-haiku' && r.start >= from && r.start < to);
    const gen = hk.reduce((s, r) => s + (r.durationMs - r.ttfcMs!), 0);
    expect(haiku.outputTokensPerSecond).toBeCloseTo((hk.length * 200) / (gen / 1000), 2);
    expect(haiku.cost.perCallUsd).toBeCloseTo(0.001, 9);
    expect(haiku.cost.perThousandTokensUsd).toBeCloseTo(0.001 / 1.2, 9);
    expect(result.totals.count).toBe(result.groups[0]!.count + result.groups[1]!.count);
  });

  it('groups by a tag and filters by tags', async () => {
    const result = await aggregate(store, { from: T0, to: T0 + 86_400_000, groupBy: ['tag:feature'], tags: { feature: 'search' } }, NOW);
    expect(result.groups.map((g) => [g.group['tag:feature'], g.count])).toEqual([['search', 1440 + 720]]);
  });

  it('keeps only the raw records its bound allows, while roll-ups keep every call', async () => {
    expect(store.size).toBe(10);
    const all = await aggregate(store, { from: T0, to: T0 + 2 * 86_400_000, groupBy: [] }, NOW);
    expect(all.totals.count).toBe(errorsZeroed.length);
  });

  it('time series per hour per model, each point the same as an aggregate of that hour', async () => {
    const series = await timeSeries(store, { from: T0, to: T0 + 6 * 3_600_000, granularity: '1h', model: 'gpt-4o-mini' }, NOW);
    expect(series.level).toBe('hour');
    expect(series.series).toHaveLength(1);
    expect(series.series[0]!.points.map((p) => p.count)).toEqual([60, 60, 60, 60, 60, 60]);
    const third = await aggregate(store, { from: T0 + 2 * 3_600_000, to: T0 + 3 * 3_600_000, model: 'gpt-4o-mini', groupBy: [] }, NOW);
    expect(series.series[0]!.points[2]).toMatchObject({ time: '2026-03-18T02:00:00.000Z', count: third.totals.count, errors: third.totals.errors, latencyMs: third.totals.latencyMs });
    const fifteen = await timeSeries(store, { from: T0, to: T0 + 3_600_000, granularity: '15m', model: 'gpt-4o-mini' }, NOW);
    expect(fifteen.level).toBe('minute');
    expect(fifteen.series[0]!.points.map((p) => p.count)).toEqual([15, 15, 15, 15]);
  });

  it('compares models side by side and marks the best of each measure', async () => {
    const c = await compareModels(store, { from: T0, to: T0 + 86_400_000 }, NOW);
    expect(c.models).toEqual(['anthropic:claude-haiku', 'openai:gpt-4o-mini']);
    const line = (name: string) => c.metrics.find((m) => m.name === name)!;
    expect(line('latency p50').best).toBe(1);
    expect(line('error rate').best).toBe(0);
    expect(line('cost per call').best).toBe(1);
    expect(line('time to first chunk p50').values[1]).toBeUndefined();
  });

  it('refuses a bad groupBy and a bad granularity with errors naming them', async () => {
    await expect(aggregate(store, { from: T0, to: T0 + 1, groupBy: ['colour' as never] }, NOW)).rejects.toThrow(/invalid analytics groupBy: colour/);
    await expect(timeSeries(store, { from: T0, to: T0 + 1, granularity: '90s' }, NOW)).rejects.toThrow(/invalid analytics granularity "90s"/);
  });
});

describe('time series past the minute retention', () => {
  it('says that the minute roll-ups are gone rather than returning nothing', async () => {
    const store = new MemoryAnalyticsStore({ now: () => NOW });
    store.appendOne(makeCallRecord({ start: T0 }));
    await expect(timeSeries(store, { from: T0, to: T0 + 3_600_000, granularity: '15m' }, NOW)).rejects.toThrow(/no minute roll-ups are kept for this window .*coarser granularity/);
    const hourly = await timeSeries(store, { from: T0, to: T0 + 3_600_000, granularity: '1h' }, NOW);
    expect(hourly.series[0]!.points[0]!.count).toBe(1);
  });
});
