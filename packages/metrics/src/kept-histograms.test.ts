import { MeterProvider, type HistogramMetricData, type MetricData } from '@opentelemetry/sdk-metrics';
import { isLLMError } from '@llm/errors';
import type { GenAiSemconv } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { secondsDescription } from './gen-ai-instruments.js';
import { fromKept, fromSdk, isHistogram } from './histogram-parity.test-util.js';
import { KeptHistograms } from './kept-histograms.js';
import type { CallAttributes, MetricsRecorder } from './metrics-recorder.js';
import { createOtelMetricsRecorder } from './otel-metrics-recorder.js';
import { TestReader } from './test-reader.test-util.js';

const call: CallAttributes = { operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini', serverAddress: '127.0.0.1', serverPort: 8080, stream: false };
const stream: CallAttributes = { ...call, stream: true };
const other: CallAttributes = { ...stream, provider: 'anthropic', requestModel: 'claude-haiku-4-5' };

/** Chunk times in ms: on boundaries (10 ms = 0.01 s), between them, zero, past the last one, and invalid ones. */
const GAPS = [0, 0.5, 10, 10.000001, 20, 39.9, 640, 81920, 100000, 3, -1, Number.NaN];

/** Every kind of call the metrics middleware records: answered, failed, cached, streamed, on boundaries. */
function play(recorder: MetricsRecorder): void {
  for (const durationMs of [10, 20, 1234, 90000]) {
    recorder.callStarted(call);
    recorder.callEnded(call, { durationMs, responseModel: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 16, outputTokens: 4097, totalTokens: 4113 } });
  }
  recorder.callStarted(call);
  recorder.callEnded(call, { durationMs: 300, errorCode: 'rate_limited' });
  recorder.callStarted(call);
  recorder.callEnded(call, { durationMs: 2, responseModel: 'gpt-4o-mini-2024-07-18' }); // from the response cache
  // A second CallAttributes object with the same content (a rebuilt stack) joins the same series.
  recorder.callStarted({ ...call });
  recorder.callEnded({ ...call }, { durationMs: 50, responseModel: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 1, outputTokens: 0, totalTokens: 1, cachedInputTokens: 1 } });
  recorder.callStarted(stream);
  recorder.timeToFirstChunk(stream, 120, 'gpt-4o-mini-2024-07-18');
  for (const gap of GAPS) recorder.timePerOutputChunk(stream, gap, 'gpt-4o-mini-2024-07-18');
  recorder.callEnded(stream, { durationMs: 900, responseModel: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 11, outputTokens: 199, totalTokens: 210, reasoningTokens: 50 } });
  recorder.callStarted(other);
  recorder.timeToFirstChunk(other, 300);
  for (const gap of [10, 20, 0.5]) recorder.timePerOutputChunk(other, gap);
  recorder.callEnded(other, { durationMs: 400, errorCode: 'provider_error', usage: { inputTokens: 9, outputTokens: 3, totalTokens: 12 } });
  recorder.rateLimitWait(call, 40);
}

async function sdkOnly(semconv: GenAiSemconv): Promise<MetricData[]> {
  const reader = new TestReader();
  play(createOtelMetricsRecorder({ meterProvider: new MeterProvider({ readers: [reader] }), semconv }));
  return reader.all();
}

/** The per-call GenAI histograms (not the rare `llm.*` ones). */
const genAi = (metrics: MetricData[]) => metrics.filter((m): m is HistogramMetricData => isHistogram(m) && m.descriptor.name.startsWith('gen_ai.'));
/** What a metric exported, for comparing the rest of the metrics (no times). */
const content = (m: MetricData) => ({ descriptor: m.descriptor, points: m.dataPoints.map((p) => [p.attributes, p.value]) });

describe('KeptHistograms with createOtelMetricsRecorder({ histograms })', () => {
  for (const semconv of ['established', 'latest', 'both'] as const) {
    it(`keeps exactly the GenAI histograms the SDK would hold (${semconv}): names, units, value types, boundaries, and per attribute set count, sum, min, max and buckets`, async () => {
      const sdk = await sdkOnly(semconv);
      const expected = genAi(sdk).map(fromSdk);
      expect(expected.length).toBe({ established: 4, latest: 5, both: 9 }[semconv]);

      const histograms = new KeptHistograms();
      const reader = new TestReader();
      play(createOtelMetricsRecorder({ meterProvider: new MeterProvider({ readers: [reader] }), semconv, histograms }));
      const kept = histograms.collect().map(fromKept);
      const byName = (x: { name: string }, y: { name: string }) => x.name.localeCompare(y.name);
      expect(kept.sort(byName)).toEqual(expected.sort(byName));

      // The meter no longer holds those histograms (nothing exported twice); everything else is as before.
      const rest = await reader.all();
      expect(genAi(rest)).toEqual([]);
      expect(rest.map(content)).toEqual(sdk.filter((m) => !genAi([m]).length).map(content));
      expect(rest.some((m) => m.descriptor.name === 'llm.rate_limit.wait')).toBe(true);
    });
  }

  it('exports the token histograms as INT and the times as DOUBLE', () => {
    const histograms = new KeptHistograms();
    play(createOtelMetricsRecorder({ meterProvider: new MeterProvider(), semconv: 'both', histograms }));
    const types = Object.fromEntries(histograms.histograms.map((h) => [h.descriptor.name, h.descriptor.valueType]));
    expect(types['gen_ai.client.token.usage']).toBe('INT');
    expect(types['gen_ai.client.inference.operation.input_tokens']).toBe('INT');
    expect(types['gen_ai.client.inference.operation.output_tokens']).toBe('INT');
    expect(types['gen_ai.client.operation.duration']).toBe('DOUBLE');
    expect(types['gen_ai.client.inference.time_per_output_chunk']).toBe('DOUBLE');
  });

  it('records nothing in the kept histograms before the recorder’s first call, and two recorders on one set share its metrics', () => {
    const histograms = new KeptHistograms();
    const r1 = createOtelMetricsRecorder({ meterProvider: new MeterProvider(), semconv: 'established', histograms });
    const r2 = createOtelMetricsRecorder({ meterProvider: new MeterProvider(), semconv: 'established', histograms });
    expect(histograms.collect()).toEqual([]);
    for (const r of [r1, r2]) r.callEnded(call, { durationMs: 100, errorCode: 'timeout' });
    const [duration] = histograms.collect();
    expect(duration!.descriptor.name).toBe('gen_ai.client.operation.duration');
    expect(duration!.points.map((p) => p.count)).toEqual([2]);
  });

  it('refuses a second description for a kept name, and a cardinality limit that is not a whole number ≥ 1 (LLMError configuration)', () => {
    const histograms = new KeptHistograms();
    const d = secondsDescription('x.seconds', 'X.');
    expect(histograms.histogram(d)).toBe(histograms.histogram({ ...d, boundaries: [...d.boundaries] }));
    for (const bad of [{ ...d, unit: 'ms' }, { ...d, valueType: 'INT' as const }, { ...d, boundaries: [1, 2] }, { ...d, description: 'Y.' }]) {
      let error: unknown;
      try {
        histograms.histogram(bad);
      } catch (e) {
        error = e;
      }
      expect(isLLMError(error) && error.code === 'configuration' && error.message.includes('x.seconds')).toBe(true);
    }
    for (const cardinalityLimit of [0, 2.5, Number.NaN]) {
      expect(() => new KeptHistograms({ cardinalityLimit })).toThrow(/cardinalityLimit must be a whole number/);
    }
  });
});
