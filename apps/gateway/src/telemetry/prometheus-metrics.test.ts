import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOtelMetricsRecorder, type CallAttributes, type MetricsRecorder } from '@llm/metrics';
import { PrometheusMetrics } from './prometheus-metrics.js';

class Reader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const json: CallAttributes = { operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini', serverAddress: '127.0.0.1', serverPort: 9100, stream: false };
const stream: CallAttributes = { ...json, stream: true };
const other: CallAttributes = { ...stream, provider: 'anthropic', requestModel: 'claude-haiku-4-5' };

/**
 * What the gateway's stacks record: JSON calls answered (durations on and between boundaries),
 * failed and served from the cache; two streams of two models, one of them failed before the
 * vendor named its model.
 */
function play(recorder: MetricsRecorder): void {
  for (const durationMs of [10, 10.5, 700, 81920, 100000]) {
    recorder.callStarted(json);
    recorder.callEnded(json, { durationMs, responseModel: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 16, outputTokens: 64, totalTokens: 80 } });
  }
  recorder.callStarted(json);
  recorder.callEnded(json, { durationMs: 250, errorCode: 'rate_limited' });
  recorder.callStarted(json);
  recorder.callEnded(json, { durationMs: 1, responseModel: 'gpt-4o-mini-2024-07-18' });
  recorder.callStarted(stream);
  recorder.timeToFirstChunk(stream, 120, 'gpt-4o-mini-2024-07-18');
  for (let i = 0; i < 199; i++) recorder.timePerOutputChunk(stream, (i % 13) * 1.7 + (i === 7 ? 90 : 0), 'gpt-4o-mini-2024-07-18');
  recorder.callEnded(stream, { durationMs: 900, responseModel: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 11, outputTokens: 199, totalTokens: 210 } });
  recorder.callStarted(other);
  recorder.timeToFirstChunk(other, 300);
  for (const gap of [10, 20, 0.5]) recorder.timePerOutputChunk(other, gap);
  recorder.callEnded(other, { durationMs: 400, errorCode: 'provider_error', usage: { inputTokens: 9, outputTokens: 0, totalTokens: 9 } });
}

/** The exposition's metric families by name: each one's lines (HELP, TYPE, samples) in the order printed. */
function families(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const help = /^# HELP (\S+) /.exec(line);
    if (help) out.set(help[1]!, (current = []));
    current!.push(line);
  }
  return out;
}

const histogramFamilies = (text: string) => new Map([...families(text)].filter(([, lines]) => lines.some((l) => / histogram$/.test(l) && l.startsWith('# TYPE '))));

async function sdkExposition(): Promise<string> {
  const reader = new Reader();
  play(createOtelMetricsRecorder({ meterProvider: new MeterProvider({ readers: [reader] }) }));
  const { resourceMetrics } = await reader.collect();
  return new PrometheusSerializer().serialize(resourceMetrics);
}

async function gatewayExposition(): Promise<string> {
  const gateway = new PrometheusMetrics(async () => []);
  play(gateway.recorder);
  const scraped = await gateway.scrape();
  await gateway.shutdown();
  return scraped;
}

describe('the gateway’s kept GenAI histograms (through @llm/metrics/sdk’s keptHistogramProducer)', () => {
  afterEach(() => vi.unstubAllEnvs());

  for (const [mode, optIn] of [['established', undefined], ['both', 'gen_ai_latest_experimental/dup']] as const) {
    it(`scrape exactly as the recorder’s own SDK histograms would (${mode}): same families, lines and order`, async () => {
      if (optIn) vi.stubEnv('OTEL_SEMCONV_STABILITY_OPT_IN', optIn);
      const expectedText = await sdkExposition();
      const scrapedText = await gatewayExposition();
      const expected = histogramFamilies(expectedText);
      const scraped = histogramFamilies(scrapedText);
      expect([...expected.keys()].sort()).toEqual(
        (mode === 'established'
          ? ['gen_ai_client_operation_duration', 'gen_ai_client_operation_time_per_output_chunk', 'gen_ai_client_operation_time_to_first_chunk', 'gen_ai_client_token_usage']
          : [
              'gen_ai_client_inference_duration',
              'gen_ai_client_inference_operation_input_tokens',
              'gen_ai_client_inference_operation_output_tokens',
              'gen_ai_client_inference_time_per_output_chunk',
              'gen_ai_client_inference_time_to_first_chunk',
              'gen_ai_client_operation_duration',
              'gen_ai_client_operation_time_per_output_chunk',
              'gen_ai_client_operation_time_to_first_chunk',
              'gen_ai_client_token_usage',
            ]
        ).sort(),
      );
      expect([...scraped.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [name, lines] of expected) expect(scraped.get(name), name).toEqual(lines);
      // Each family printed once: the kept histograms are not also in the SDK.
      for (const name of expected.keys()) expect(scrapedText.match(new RegExp(`^# TYPE ${name} histogram$`, 'gm'))).toHaveLength(1);
      // And the rest of the exposition is the same too (the counters stay in the SDK).
      const rest = (text: string) => [...families(text)].filter(([name]) => !expected.has(name));
      expect(rest(scrapedText)).toEqual(rest(expectedText));
    });
  }

  it('exports no GenAI histogram before the first call', async () => {
    const gateway = new PrometheusMetrics(async () => []);
    const text = await gateway.scrape();
    expect(text).not.toContain('gen_ai_');
    await gateway.shutdown();
  });
});
