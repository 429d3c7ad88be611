import type { GenAiSemconv } from '@llm/schema';
import { DataPointType, InstrumentType, MeterProvider, type HistogramMetricData, type MetricData, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { DURATION_BUCKETS, TOKEN_USAGE_BUCKETS } from './gen-ai-semconv.js';
import type { CallAttributes } from './metrics-recorder.js';
import { createOtelMetricsRecorder } from './otel-metrics-recorder.js';
import { TestReader } from './test-reader.test-util.js';

function setup(semconv: GenAiSemconv) {
  const reader = new TestReader();
  return { reader, recorder: createOtelMetricsRecorder({ meterProvider: new MeterProvider({ readers: [reader] }), semconv }) };
}

const call: CallAttributes = { operation: 'chat', provider: 'anthropic', requestModel: 'claude-haiku-4-5', stream: true };
const base = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-haiku-4-5' };
const answered = { ...base, 'gen_ai.response.model': 'claude-haiku-4-5-20251001' };
const usage = { inputTokens: 120, outputTokens: 30, totalTokens: 150, cachedInputTokens: 100, cacheWriteTokens: 15, reasoningTokens: 12 };

/** One answered stream and one failed call. */
function record(recorder: ReturnType<typeof createOtelMetricsRecorder>) {
  recorder.callStarted(call);
  recorder.timeToFirstChunk(call, 200, answered['gen_ai.response.model']);
  recorder.timePerOutputChunk(call, 20, answered['gen_ai.response.model']);
  recorder.callEnded(call, { durationMs: 900, responseModel: answered['gen_ai.response.model'], usage });
  recorder.callStarted(call);
  recorder.callEnded(call, { durationMs: 50, errorCode: 'overloaded' });
}

/** The instrument kind, which the SDK's descriptor carries though its declared type does not. */
const kind = (m: MetricData) => (m.descriptor as { type?: InstrumentType }).type;
const byName = (all: MetricData[]) => Object.fromEntries(all.filter((m) => m.descriptor.name.startsWith('gen_ai.')).map((m) => [m.descriptor.name, m]));

describe('GenAI metric names per semantic-convention mode', () => {
  it('established: the v1.41.1 names (token usage histogram by gen_ai.token.type)', async () => {
    const { reader, recorder } = setup('established');
    record(recorder);
    const m = byName(await reader.all());
    expect(Object.keys(m).sort()).toEqual([
      'gen_ai.client.operation.duration',
      'gen_ai.client.operation.time_per_output_chunk',
      'gen_ai.client.operation.time_to_first_chunk',
      'gen_ai.client.token.usage',
    ]);
    const tokens = m['gen_ai.client.token.usage'] as HistogramMetricData;
    // Only the call that answered is counted.
    expect(tokens.dataPoints.map((p) => [p.attributes['gen_ai.token.type'], p.value.sum])).toEqual([
      ['input', 120],
      ['output', 30],
    ]);
  });

  it('latest: the semantic-conventions-genai names, kinds, units, attributes and buckets', async () => {
    const { reader, recorder } = setup('latest');
    record(recorder);
    const m = byName(await reader.all());
    expect(Object.keys(m).sort()).toEqual([
      'gen_ai.client.inference.duration',
      'gen_ai.client.inference.operation.input_tokens',
      'gen_ai.client.inference.operation.output_tokens',
      'gen_ai.client.inference.time_per_output_chunk',
      'gen_ai.client.inference.time_to_first_chunk',
      'gen_ai.client.inference.usage.cache_read.input_tokens',
      'gen_ai.client.inference.usage.cache_write.input_tokens',
      'gen_ai.client.inference.usage.input_tokens',
      'gen_ai.client.inference.usage.output_tokens',
      'gen_ai.client.inference.usage.reasoning.output_tokens',
    ]);
    const duration = m['gen_ai.client.inference.duration'] as HistogramMetricData;
    expect([kind(duration), duration.descriptor.unit]).toEqual([InstrumentType.HISTOGRAM, 's']);
    expect(duration.dataPoints.map((p) => [p.attributes, p.value.count])).toEqual([
      [answered, 1],
      [{ ...base, 'error.type': 'overloaded' }, 1],
    ]);
    expect(duration.dataPoints[0]!.value.buckets.boundaries).toEqual(DURATION_BUCKETS);
    for (const name of ['gen_ai.client.inference.time_to_first_chunk', 'gen_ai.client.inference.time_per_output_chunk']) {
      const h = m[name] as HistogramMetricData;
      expect([name, h.descriptor.unit, h.dataPoints.map((p) => [p.attributes, p.value.count])]).toEqual([name, 's', [[answered, 1]]]);
    }

    // Counters by modality (unknown: the vendors do not break usage down), no error.type; the failed
    // call adds 0 (the conventions record every operation, failed ones included).
    const counters: Array<[string, number]> = [
      ['gen_ai.client.inference.usage.input_tokens', 120],
      ['gen_ai.client.inference.usage.output_tokens', 30],
      ['gen_ai.client.inference.usage.cache_read.input_tokens', 100],
      ['gen_ai.client.inference.usage.cache_write.input_tokens', 15],
      ['gen_ai.client.inference.usage.reasoning.output_tokens', 12],
    ];
    for (const [name, total] of counters) {
      const c = m[name] as SumMetricData;
      expect([name, kind(c), c.descriptor.unit, c.dataPointType, c.isMonotonic]).toEqual([name, InstrumentType.COUNTER, '{token}', DataPointType.SUM, true]);
      expect([name, c.dataPoints.map((p) => [p.attributes, p.value])]).toEqual([
        name,
        [
          [{ ...answered, 'gen_ai.token.modality': 'unknown' }, total],
          [{ ...base, 'gen_ai.token.modality': 'unknown' }, 0],
        ],
      ]);
    }

    // Per-operation histograms: not by modality, error.type on the failed operation (which records 0).
    for (const [name, value] of [
      ['gen_ai.client.inference.operation.input_tokens', 120],
      ['gen_ai.client.inference.operation.output_tokens', 30],
    ] as const) {
      const h = m[name] as HistogramMetricData;
      expect([name, h.descriptor.unit, h.dataPoints.map((p) => [p.attributes, p.value.sum, p.value.count])]).toEqual([
        name,
        '{token}',
        [
          [answered, value, 1],
          [{ ...base, 'error.type': 'overloaded' }, 0, 1],
        ],
      ]);
      expect(h.dataPoints[0]!.value.buckets.boundaries).toEqual(TOKEN_USAGE_BUCKETS);
    }
  });

  it('both: every name of both sets, with the same values', async () => {
    const { reader, recorder } = setup('both');
    record(recorder);
    const m = byName(await reader.all());
    expect(Object.keys(m)).toHaveLength(14);
    const sum = (name: string) => (m[name] as HistogramMetricData).dataPoints.reduce((n, p) => n + (p.value.sum ?? 0), 0);
    expect(sum('gen_ai.client.operation.duration')).toBeCloseTo(sum('gen_ai.client.inference.duration'));
    expect(sum('gen_ai.client.operation.time_to_first_chunk')).toBeCloseTo(sum('gen_ai.client.inference.time_to_first_chunk'));
    expect(sum('gen_ai.client.inference.operation.input_tokens')).toBe(120);
  });

  it('a reply served from a cache (answered, no billed usage) records no tokens in any mode', async () => {
    const { reader, recorder } = setup('both');
    recorder.callStarted(call);
    recorder.callEnded(call, { durationMs: 1, responseModel: 'claude-haiku-4-5-20251001' });
    const names = (await reader.all()).map((m) => m.descriptor.name).filter((n) => n.startsWith('gen_ai.'));
    expect(names.filter((n) => n.includes('token'))).toEqual([]);
    expect(names).toContain('gen_ai.client.inference.duration');
  });
});
