import type { Attributes } from '@opentelemetry/api';
import { AggregationTemporality, MeterProvider, MetricReader, type HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { meterHistogram, secondsDescription } from './gen-ai-instruments.js';
import { DURATION_BUCKETS, TOKEN_USAGE_BUCKETS } from './gen-ai-semconv.js';
import { fromKept, fromSdk, isHistogram } from './histogram-parity.test-util.js';
import type { HistogramDescription } from './histogram-description.js';
import { KeptHistograms } from './kept-histograms.js';

class Reader extends MetricReader {
  constructor(limit = 2000) {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE, cardinalitySelector: () => limit });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const seconds = secondsDescription('test.seconds', 'Seconds.');
const tokens: HistogramDescription = { name: 'test.tokens', description: 'Tokens.', unit: '{token}', valueType: 'INT', boundaries: TOKEN_USAGE_BUCKETS };
const a: Attributes = { 'gen_ai.request.model': 'a' };

type Play = (record: (d: HistogramDescription, value: number, attributes: Attributes) => void, collect: () => Promise<void>) => Promise<void>;

/** Plays the same records into SDK histograms and kept ones; returns what each collection gave on both sides. */
async function both(play: Play, limit = 2000) {
  const reader = new Reader(limit);
  const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
  const sdk = new Map<string, ReturnType<typeof meterHistogram>>();
  const kept = new KeptHistograms({ cardinalityLimit: limit, now: () => 1_700_000_000_000 });
  const collections: Array<{ sdk: ReturnType<typeof fromSdk>[]; kept: ReturnType<typeof fromKept>[] }> = [];
  await play(
    (d, value, attributes) => {
      if (!sdk.has(d.name)) sdk.set(d.name, meterHistogram(meter, d));
      sdk.get(d.name)!.record(value, attributes);
      kept.histogram(d).record(value, attributes);
    },
    async () => {
      const { resourceMetrics } = await reader.collect();
      const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).filter(isHistogram) as HistogramMetricData[];
      collections.push({ sdk: metrics.map(fromSdk).sort((x, y) => x.name.localeCompare(y.name)), kept: kept.collect().map(fromKept).sort((x, y) => x.name.localeCompare(y.name)) });
    },
  );
  return { collections, kept };
}

describe('KeptHistogram', () => {
  it('puts a value equal to a boundary in that boundary’s bucket, and counts, sums, min and max as the SDK', async () => {
    const values = [0, 0.01, 0.0100001, 0.02, 1, 81.92, 81.93, 1000];
    const { collections } = await both(async (record, collect) => {
      for (const v of values) record(seconds, v, a);
      await collect();
    });
    const [{ sdk, kept }] = collections as [(typeof collections)[0]];
    expect(kept).toEqual(sdk);
    const point = kept[0]!.points[0]!;
    expect(point.counts[0]).toBe(2); // 0 and 0.01 (≤ 0.01)
    expect(point.counts[1]).toBe(2); // 0.0100001 and 0.02 (≤ 0.02)
    expect(point.counts[DURATION_BUCKETS.indexOf(1.28)]).toBe(1);
    expect(point.counts[DURATION_BUCKETS.length - 1]).toBe(1); // 81.92
    expect(point.counts[DURATION_BUCKETS.length]).toBe(2); // above every boundary
    expect([point.count, point.min, point.max]).toEqual([8, 0, 1000]);
    expect(point.sum).toBeCloseTo(values.reduce((s, v) => s + v, 0), 9);
  });

  it('drops negative values; NaN is not counted but opens a DOUBLE set’s series (as the SDK), not an INT one’s', async () => {
    const b = { 'gen_ai.request.model': 'b' };
    const { collections } = await both(async (record, collect) => {
      record(seconds, -0.5, a);
      record(seconds, Number.NaN, b);
      record(tokens, Number.NaN, b);
      record(tokens, -3, b);
      record(seconds, 2, a);
      record(seconds, -1, a);
      await collect();
    });
    const [{ sdk, kept }] = collections as [(typeof collections)[0]];
    expect(kept).toEqual(sdk);
    expect(kept.map((m) => m.name)).toEqual(['test.seconds']);
    const [pa, pb] = kept[0]!.points;
    expect([pa!.count, pa!.sum, pa!.min, pa!.max]).toEqual([1, 2, 2, 2]);
    expect([pb!.count, pb!.sum, pb!.min, pb!.max]).toEqual([0, 0, undefined, undefined]);
  });

  it('keeps token histograms INT: a fraction is dropped, a non-finite value too (as the SDK)', async () => {
    const { collections, kept: histograms } = await both(async (record, collect) => {
      for (const v of [2.9, 4, 0.2, Number.POSITIVE_INFINITY, 67108864, 67108865]) record(tokens, v, a);
      record(seconds, Number.POSITIVE_INFINITY, a);
      await collect();
    });
    const [{ sdk, kept }] = collections as [(typeof collections)[0]];
    expect(kept).toEqual(sdk);
    const t = kept.find((m) => m.name === 'test.tokens')!;
    expect(t.valueType).toBe('INT');
    expect([t.points[0]!.count, t.points[0]!.sum, t.points[0]!.min]).toEqual([5, 2 + 4 + 0 + 67108864 + 67108865, 0]);
    // 0.2 → 0 (≤ 1); 2.9 → 2 and 4 (≤ 4); the last boundary in its own bucket, one more above.
    expect(t.points[0]!.counts.slice(0, 2)).toEqual([1, 2]);
    expect(t.points[0]!.counts.slice(-2)).toEqual([1, 1]);
    expect(histograms.histograms.map((h) => h.descriptor.valueType)).toEqual(['INT', 'DOUBLE']);
    // Infinity in a DOUBLE histogram is counted, above every boundary.
    const s = kept.find((m) => m.name === 'test.seconds')!.points[0]!;
    expect([s.count, s.max, s.counts[DURATION_BUCKETS.length]]).toEqual([1, Number.POSITIVE_INFINITY, 1]);
  });

  it('sends the values of sets past the cardinality limit to the overflow set, per metric and per collection interval, as the SDK', async () => {
    const model = (m: number): Attributes => ({ 'gen_ai.request.model': `model-${m}` });
    const { collections } = await both(async (record, collect) => {
      for (let round = 0; round < 2; round++) for (let m = 0; m < 5; m++) record(seconds, 0.005 + m + round, model(m));
      record(tokens, 7, model(4)); // another metric: its own limit, so model-4 has a series there
      await collect();
      // A new interval: sets new to the cumulative series take slots again (the SDK limits each interval).
      for (const m of [5, 0, 6, 7]) record(seconds, 3, model(m));
      await collect();
    }, 3);
    for (const { sdk, kept } of collections) expect(kept).toEqual(sdk);
    const [first, second] = collections as [(typeof collections)[0], (typeof collections)[0]];
    const names = (c: typeof first) => c.kept.find((m) => m.name === 'test.seconds')!.points.map((p) => p.attributes);
    expect(names(first)).toHaveLength(3);
    expect(names(first).some((n) => n.includes('otel.metric.overflow'))).toBe(true);
    expect(first.kept.find((m) => m.name === 'test.tokens')!.points.map((p) => p.attributes)).toEqual([JSON.stringify([['gen_ai.request.model', 'model-4']])]);
    expect(names(second).some((n) => n.includes('model-5'))).toBe(true);
  });

  it('gives copies: recording more does not change a collected point', () => {
    const histograms = new KeptHistograms({ now: () => 5 });
    const h = histograms.histogram(seconds);
    h.record(1, a);
    const [metric] = histograms.collect();
    h.record(1, a);
    expect(metric!.points[0]!.count).toBe(1);
    expect(metric!.points[0]!.bucketCounts.reduce((s, c) => s + c, 0)).toBe(1);
    expect(metric!.points[0]!.startTimeMs).toBe(5);
    expect(histograms.collect()[0]!.points[0]!.count).toBe(2);
  });
});
