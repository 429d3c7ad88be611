import { AggregationTemporality, DataPointType, InstrumentType, MetricReader, type HistogramMetricData, type MetricData, type SumMetricData } from '@opentelemetry/sdk-metrics';
import type { Attributes } from '@opentelemetry/api';
import { expect } from 'vitest';

/** A reader the telemetry suite collects from when it wants (cumulative points). */
export class CollectingReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
  async all(): Promise<MetricData[]> {
    const { resourceMetrics } = await this.collect();
    return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
  }
  async metric(name: string): Promise<MetricData | undefined> {
    return (await this.all()).find((m) => m.descriptor.name === name);
  }
}

export type SemconvMode = 'established' | 'latest';

/**
 * The names each mode must use, written out from the conventions' text (not imported from the
 * code under test): semantic-conventions v1.41.1 (`gen-ai-metrics.md`, `gen-ai-spans.md`) and
 * semantic-conventions-genai (`client-inference.md`, `gen-ai-token-metrics.md`).
 */
export const SEMCONV_NAMES = {
  established: {
    duration: 'gen_ai.client.operation.duration',
    timeToFirstChunk: 'gen_ai.client.operation.time_to_first_chunk',
    timePerOutputChunk: 'gen_ai.client.operation.time_per_output_chunk',
    cacheWriteAttribute: 'gen_ai.usage.cache_creation.input_tokens',
    metrics: ['gen_ai.client.operation.duration', 'gen_ai.client.operation.time_to_first_chunk', 'gen_ai.client.operation.time_per_output_chunk', 'gen_ai.client.token.usage'],
  },
  latest: {
    duration: 'gen_ai.client.inference.duration',
    timeToFirstChunk: 'gen_ai.client.inference.time_to_first_chunk',
    timePerOutputChunk: 'gen_ai.client.inference.time_per_output_chunk',
    cacheWriteAttribute: 'gen_ai.usage.cache_write.input_tokens',
    metrics: [
      'gen_ai.client.inference.duration',
      'gen_ai.client.inference.time_to_first_chunk',
      'gen_ai.client.inference.time_per_output_chunk',
      'gen_ai.client.inference.usage.input_tokens',
      'gen_ai.client.inference.usage.output_tokens',
      'gen_ai.client.inference.usage.cache_read.input_tokens',
      'gen_ai.client.inference.usage.cache_write.input_tokens',
      'gen_ai.client.inference.usage.reasoning.output_tokens',
      'gen_ai.client.inference.operation.input_tokens',
      'gen_ai.client.inference.operation.output_tokens',
    ],
  },
} as const;

/** The latest usage counters, by the usage field they count. */
const LATEST_COUNTERS = [
  ['input', 'gen_ai.client.inference.usage.input_tokens'],
  ['output', 'gen_ai.client.inference.usage.output_tokens'],
  ['cacheRead', 'gen_ai.client.inference.usage.cache_read.input_tokens'],
  ['cacheWrite', 'gen_ai.client.inference.usage.cache_write.input_tokens'],
  ['reasoning', 'gen_ai.client.inference.usage.reasoning.output_tokens'],
] as const;

export interface TokenCounts {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
}

/**
 * The kind of instrument that made a metric (`COUNTER`, `HISTOGRAM`, `OBSERVABLE_COUNTER`...): the
 * SDK's descriptor carries it, though its declared type does not. Exported data alone cannot tell
 * a Counter from an ObservableCounter.
 */
export function instrumentType(metric: MetricData): InstrumentType | undefined {
  return (metric.descriptor as { type?: InstrumentType }).type;
}

/** Every GenAI metric the reader holds belongs to `mode`'s set (the other set is absent). */
export async function expectOnlyNamesOf(reader: CollectingReader, mode: SemconvMode): Promise<void> {
  const names = (await reader.all()).map((m) => m.descriptor.name).filter((n) => n.startsWith('gen_ai.'));
  const allowed: readonly string[] = SEMCONV_NAMES[mode].metrics;
  expect(names.filter((n) => !allowed.includes(n))).toEqual([]);
}

/** The token metrics of one call that answered (`attributes`: the call's, with its response model). */
export async function expectCallTokens(reader: CollectingReader, mode: SemconvMode, attributes: Attributes, tokens: TokenCounts): Promise<void> {
  if (mode === 'established') {
    const usage = (await reader.metric('gen_ai.client.token.usage')) as HistogramMetricData;
    expect([instrumentType(usage), usage.descriptor.unit]).toEqual([InstrumentType.HISTOGRAM, '{token}']);
    expect(usage.dataPoints.map((p) => [p.attributes, p.value.sum, p.value.count])).toEqual([
      [{ ...attributes, 'gen_ai.token.type': 'input' }, tokens.input, 1],
      [{ ...attributes, 'gen_ai.token.type': 'output' }, tokens.output, 1],
    ]);
    return;
  }
  expect(await reader.metric('gen_ai.client.token.usage')).toBeUndefined();
  const byModality = { ...attributes, 'gen_ai.token.modality': 'unknown' };
  for (const [field, name] of LATEST_COUNTERS) {
    const counter = (await reader.metric(name)) as SumMetricData;
    expect([name, instrumentType(counter), counter.descriptor.unit, counter.dataPointType, counter.isMonotonic]).toEqual([name, InstrumentType.COUNTER, '{token}', DataPointType.SUM, true]);
    expect([name, counter.dataPoints.map((p) => [p.attributes, p.value])]).toEqual([name, [[byModality, tokens[field] ?? 0]]]);
  }
  for (const [name, value] of [
    ['gen_ai.client.inference.operation.input_tokens', tokens.input],
    ['gen_ai.client.inference.operation.output_tokens', tokens.output],
  ] as const) {
    const histogram = (await reader.metric(name)) as HistogramMetricData;
    expect([name, instrumentType(histogram), histogram.descriptor.unit]).toEqual([name, InstrumentType.HISTOGRAM, '{token}']);
    expect([name, histogram.dataPoints.map((p) => [p.attributes, p.value.sum, p.value.count])]).toEqual([name, [[attributes, value, 1]]]);
  }
}

/**
 * The token metrics of one call that failed before any usage came (`attributes`: the call's):
 * none with the established names; with the latest, every operation counts, a failed one as 0.
 */
export async function expectFailedCallTokens(reader: CollectingReader, mode: SemconvMode, attributes: Attributes, errorType: string): Promise<void> {
  if (mode === 'established') {
    expect(await reader.metric('gen_ai.client.token.usage')).toBeUndefined();
    return;
  }
  for (const [, name] of LATEST_COUNTERS) {
    const counter = (await reader.metric(name)) as SumMetricData;
    expect([name, counter.dataPoints.map((p) => [p.attributes, p.value])]).toEqual([name, [[{ ...attributes, 'gen_ai.token.modality': 'unknown' }, 0]]]);
  }
  const input = (await reader.metric('gen_ai.client.inference.operation.input_tokens')) as HistogramMetricData;
  expect(input.dataPoints.map((p) => [p.attributes, p.value.sum, p.value.count])).toEqual([[{ ...attributes, 'error.type': errorType }, 0, 1]]);
}
