import { ValueType } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, MeterProvider, MetricReader, type MetricData, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { KeptHistograms } from '../kept-histograms.js';
import type { CallAttributes, MetricsRecorder } from '../metrics-recorder.js';
import { createOtelMetricsRecorder, METER_NAME, METER_VERSION } from '../otel-metrics-recorder.js';
import { keptHistogramProducer } from './kept-histogram-producer.js';

class Reader extends MetricReader {
  constructor(metricProducers: MetricProducer[] = []) {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE, metricProducers });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const json: CallAttributes = { operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini', serverAddress: '127.0.0.1', serverPort: 9100, stream: false };
const stream: CallAttributes = { ...json, stream: true };

/** Answered calls (on and between boundaries), a failed one, a stream with its chunk gaps. */
function play(recorder: MetricsRecorder): void {
  for (const durationMs of [10, 10.5, 700, 81920, 100000]) {
    recorder.callStarted(json);
    recorder.callEnded(json, { durationMs, responseModel: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 16, outputTokens: 64, totalTokens: 80 } });
  }
  recorder.callStarted(json);
  recorder.callEnded(json, { durationMs: 250, errorCode: 'rate_limited' });
  recorder.callStarted(stream);
  recorder.timeToFirstChunk(stream, 120, 'gpt-4o-mini-2024-07-18');
  for (let i = 0; i < 50; i++) recorder.timePerOutputChunk(stream, (i % 13) * 1.7, 'gpt-4o-mini-2024-07-18');
  recorder.callEnded(stream, { durationMs: 900, responseModel: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 11, outputTokens: 50, totalTokens: 61 } });
}

/** The GenAI histograms of a collection: descriptor (without the SDK's advice), temporality, points. */
const summary = (metrics: MetricData[]) =>
  metrics
    .filter((m) => m.dataPointType === DataPointType.HISTOGRAM && m.descriptor.name.startsWith('gen_ai.'))
    .map((m) => ({ descriptor: { ...m.descriptor, advice: undefined, type: undefined }, temporality: m.aggregationTemporality, points: m.dataPoints.map((p) => [p.attributes, p.value]) }))
    .sort((a, b) => a.descriptor.name.localeCompare(b.descriptor.name));

describe('keptHistogramProducer', () => {
  it('gives a reader the metric data the SDK histograms give: scope, names, value types (INT tokens), buckets, min, max', async () => {
    const sdkReader = new Reader();
    play(createOtelMetricsRecorder({ meterProvider: new MeterProvider({ readers: [sdkReader] }), semconv: 'both' }));
    const sdk = (await sdkReader.collect()).resourceMetrics.scopeMetrics;

    const histograms = new KeptHistograms();
    const reader = new Reader([keptHistogramProducer(histograms)]);
    play(createOtelMetricsRecorder({ meterProvider: new MeterProvider({ readers: [reader] }), semconv: 'both', histograms }));
    const collected = await reader.collect();
    expect(collected.errors).toEqual([]);
    const scopes = collected.resourceMetrics.scopeMetrics;
    // The SDK's own scope keeps the counters; the producer's carries the histograms, under the same scope name.
    expect(scopes.map((s) => s.scope)).toEqual([sdk[0]!.scope, sdk[0]!.scope]);
    expect(sdk[0]!.scope).toEqual({ name: METER_NAME, version: METER_VERSION, schemaUrl: undefined });
    expect(summary(scopes[0]!.metrics)).toEqual([]);

    const expected = summary(sdk[0]!.metrics);
    expect(expected.map((m) => m.descriptor.name)).toContain('gen_ai.client.operation.time_per_output_chunk');
    expect(expected.filter((m) => m.descriptor.valueType === ValueType.INT).map((m) => m.descriptor.name)).toEqual([
      'gen_ai.client.inference.operation.input_tokens',
      'gen_ai.client.inference.operation.output_tokens',
      'gen_ai.client.token.usage',
    ]);
    expect(summary(scopes[1]!.metrics)).toEqual(expected);
  });

  it('stamps points with the start of their set and the collection time, cumulative across collections', async () => {
    let clock = 1_700_000_000_250;
    const histograms = new KeptHistograms({ now: () => clock });
    const producer = keptHistogramProducer(histograms, { now: () => clock });
    const recorder = createOtelMetricsRecorder({ meterProvider: new MeterProvider(), histograms });
    recorder.callStarted(json);
    recorder.callEnded(json, { durationMs: 10 });
    clock += 1500.5;
    const first = (await producer.collect()).resourceMetrics.scopeMetrics[0]!.metrics[0]!;
    expect(first.descriptor.name).toBe('gen_ai.client.operation.duration');
    expect(first.aggregationTemporality).toBe(AggregationTemporality.CUMULATIVE);
    expect(first.dataPoints[0]!.startTime).toEqual([1_700_000_000, 250_000_000]);
    expect(first.dataPoints[0]!.endTime).toEqual([1_700_000_001, 750_500_000]);
    recorder.callEnded(json, { durationMs: 20 });
    const second = (await producer.collect()).resourceMetrics.scopeMetrics[0]!.metrics[0]!;
    expect(second.dataPoints[0]!.value).toMatchObject({ count: 2, sum: 0.03, min: 0.01, max: 0.02 });
  });

  it('gives no scope before the first record', async () => {
    const { resourceMetrics, errors } = await keptHistogramProducer(new KeptHistograms()).collect();
    expect(errors).toEqual([]);
    expect(resourceMetrics.scopeMetrics).toEqual([]);
  });
});
