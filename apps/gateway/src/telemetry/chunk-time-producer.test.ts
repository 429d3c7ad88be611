import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { createOtelMetricsRecorder, type CallAttributes, type MetricsRecorder } from '@llm/metrics';
import { PrometheusMetrics } from './prometheus-metrics.js';

class Reader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const stream: CallAttributes = { operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini', serverAddress: '127.0.0.1', serverPort: 9100, stream: true };

/** Two streams of two models, one of them failed before the vendor named its model, as the metrics middleware records them. */
function play(recorder: MetricsRecorder): void {
  const other = { ...stream, provider: 'anthropic', requestModel: 'claude-haiku-4-5' };
  recorder.callStarted(stream);
  recorder.timeToFirstChunk(stream, 120, 'gpt-4o-mini-2024-07-18');
  for (let i = 0; i < 199; i++) recorder.timePerOutputChunk(stream, (i % 13) * 1.7 + (i === 7 ? 90 : 0), 'gpt-4o-mini-2024-07-18');
  recorder.callEnded(stream, { durationMs: 900, responseModel: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 11, outputTokens: 199, totalTokens: 210 } });
  recorder.callStarted(other);
  recorder.timeToFirstChunk(other, 300);
  for (const gap of [10, 20, 0.5]) recorder.timePerOutputChunk(other, gap);
  recorder.callEnded(other, { durationMs: 400, errorCode: 'provider_error' });
}

/** The exposition's lines, sorted (the order of the metric blocks may differ). */
const lines = (text: string) => text.split('\n').filter((l) => l !== '').sort();

describe('the gateway’s per-chunk histograms', () => {
  it('scrape exactly as the recorder’s own SDK histograms would', async () => {
    const reader = new Reader();
    play(createOtelMetricsRecorder({ meterProvider: new MeterProvider({ readers: [reader] }) }));
    const { resourceMetrics } = await reader.collect();
    const expected = new PrometheusSerializer().serialize(resourceMetrics);
    expect(expected).toContain('gen_ai_client_operation_time_per_output_chunk_count{');

    const gateway = new PrometheusMetrics(async () => []);
    play(gateway.recorder);
    const scraped = await gateway.scrape();
    await gateway.shutdown();
    expect(lines(scraped)).toEqual(lines(expected));
    expect(scraped.match(/^# TYPE gen_ai_client_operation_time_per_output_chunk histogram$/gm)).toHaveLength(1);
  });

  it('exports no chunk histogram before the first chunk time', async () => {
    const gateway = new PrometheusMetrics(async () => []);
    expect(await gateway.scrape()).not.toContain('time_per_output_chunk');
    await gateway.shutdown();
  });
});
