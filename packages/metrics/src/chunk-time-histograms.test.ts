import { AggregationTemporality, MeterProvider, MetricReader, type HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { ChunkTimeHistograms } from './chunk-time-histograms.js';
import { DURATION_BUCKETS } from './gen-ai-semconv.js';
import type { CallAttributes, MetricsRecorder } from './metrics-recorder.js';
import { createOtelMetricsRecorder } from './otel-metrics-recorder.js';
import { TestReader } from './test-reader.test-util.js';

const stream: CallAttributes = { operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini', serverAddress: '127.0.0.1', serverPort: 8080, stream: true };
const other: CallAttributes = { ...stream, requestModel: 'gpt-4o' };

/** Chunk times in ms: on boundaries (10 ms = 0.01 s), between them, zero, past the last one, and invalid ones. */
const GAPS = [0, 0.5, 10, 10.000001, 20, 39.9, 640, 81920, 100000, 3, -1, Number.NaN];

function play(recorder: MetricsRecorder): void {
  for (const gap of GAPS) recorder.timePerOutputChunk(stream, gap, 'gpt-4o-mini-2024-07-18');
  // A second CallAttributes object with the same content (a rebuilt stack) joins the same series.
  for (const gap of GAPS.slice(0, 4)) recorder.timePerOutputChunk({ ...stream }, gap, 'gpt-4o-mini-2024-07-18');
  for (const gap of [5, 15]) recorder.timePerOutputChunk(other, gap);
  recorder.timePerOutputChunk(stream, 7, undefined);
}

async function sdkHistograms(semconv: 'established' | 'both') {
  const reader = new TestReader();
  play(createOtelMetricsRecorder({ meterProvider: new MeterProvider({ readers: [reader] }), semconv }));
  return (await reader.all()).filter((m): m is HistogramMetricData => m.descriptor.name.endsWith('time_per_output_chunk'));
}

describe('ChunkTimeHistograms', () => {
  it('holds exactly what the SDK histograms of the recorder hold: per attribute set, count, sum, min, max and buckets, under the same names', async () => {
    for (const semconv of ['established', 'both'] as const) {
      const expected = await sdkHistograms(semconv);
      expect(expected).toHaveLength(semconv === 'both' ? 2 : 1);

      const histograms = new ChunkTimeHistograms({ semconv });
      const reader = new TestReader();
      play(createOtelMetricsRecorder({ meterProvider: new MeterProvider({ readers: [reader] }), semconv, chunkTimes: histograms }));
      // The recorder's own chunk histograms are not made: nothing to export twice.
      expect((await reader.all()).map((m) => m.descriptor.name).filter((n) => n.endsWith('time_per_output_chunk'))).toEqual([]);

      expect(histograms.instruments).toEqual(expected.map((m) => ({ name: m.descriptor.name, description: m.descriptor.description, unit: m.descriptor.unit })));
      expect(histograms.boundaries).toEqual(DURATION_BUCKETS);
      for (const metric of expected) {
        const points = histograms.points();
        expect(points).toHaveLength(metric.dataPoints.length);
        expect(points).toHaveLength(3);
        for (const sdk of metric.dataPoints) {
          const ours = points.find((p) => JSON.stringify(p.attributes) === JSON.stringify(sdk.attributes));
          expect(ours, JSON.stringify(sdk.attributes)).toBeDefined();
          expect(sdk.value.buckets.boundaries).toEqual(histograms.boundaries);
          expect(ours!.bucketCounts).toEqual(sdk.value.buckets.counts);
          expect([ours!.count, ours!.min, ours!.max]).toEqual([sdk.value.count, sdk.value.min, sdk.value.max]);
          expect(ours!.sum).toBeCloseTo(sdk.value.sum!, 12);
        }
      }
    }
  });

  it('counts each valid value in its bucket, the upper boundary included', () => {
    const histograms = new ChunkTimeHistograms({ semconv: 'established', now: () => 1_700_000_000_000 });
    const attributes = { 'gen_ai.operation.name': 'chat' };
    for (const seconds of [0, 0.01, 0.0100001, 81.92, 81.93, -0.5, Number.NaN]) histograms.record(seconds, attributes);
    const [point] = histograms.points();
    expect(point!.count).toBe(5);
    expect(point!.startTimeMs).toBe(1_700_000_000_000);
    expect(point!.bucketCounts[0]).toBe(2);
    expect(point!.bucketCounts[1]).toBe(1);
    expect(point!.bucketCounts[DURATION_BUCKETS.length - 1]).toBe(1);
    expect(point!.bucketCounts[DURATION_BUCKETS.length]).toBe(1);
    expect([point!.min, point!.max]).toEqual([0, 81.93]);
    // A copy: recording more does not change what was read.
    histograms.record(1, attributes);
    expect(point!.count).toBe(5);
    expect(histograms.points()[0]!.count).toBe(6);
  });

  it('sends the values of attribute sets past the cardinality limit to the overflow set, as the SDK does', async () => {
    class LimitedReader extends MetricReader {
      constructor() {
        super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE, cardinalitySelector: () => 3 });
      }
      protected override async onForceFlush(): Promise<void> {}
      protected override async onShutdown(): Promise<void> {}
    }
    const play5 = (recorder: MetricsRecorder) => {
      for (let round = 0; round < 2; round++) for (let m = 0; m < 5; m++) recorder.timePerOutputChunk({ ...stream, requestModel: `model-${m}` }, 5 + m + round, undefined);
    };
    const reader = new LimitedReader();
    play5(createOtelMetricsRecorder({ meterProvider: new MeterProvider({ readers: [reader] }), semconv: 'established' }));
    const { resourceMetrics } = await reader.collect();
    const sdk = resourceMetrics.scopeMetrics.flatMap((m) => m.metrics).find((m) => m.descriptor.name.endsWith('time_per_output_chunk')) as HistogramMetricData;
    const histograms = new ChunkTimeHistograms({ semconv: 'established', cardinalityLimit: 3 });
    play5(createOtelMetricsRecorder({ meterProvider: new MeterProvider({ readers: [new TestReader()] }), semconv: 'established', chunkTimes: histograms }));
    const summary = (points: Array<{ attributes: object; count: number; sum?: number }>) =>
      points.map((p) => [JSON.stringify(p.attributes), p.count, Math.round(p.sum! * 1e6)]).sort();
    expect(sdk.dataPoints.some((p) => p.attributes['otel.metric.overflow'] === true)).toBe(true);
    expect(summary(histograms.points())).toEqual(summary(sdk.dataPoints.map((p) => ({ attributes: p.attributes, count: p.value.count, sum: p.value.sum }))));
  });
});
