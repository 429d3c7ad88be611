import { metrics } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, MeterProvider, MetricReader, type HistogramMetricData, type MetricData, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { DURATION_BUCKETS, genAiProviderName, TOKEN_USAGE_BUCKETS } from './gen-ai-semconv.js';
import type { CallAttributes } from './metrics-recorder.js';
import { noopMetricsRecorder } from './metrics-recorder.js';
import { createOtelMetricsRecorder } from './otel-metrics-recorder.js';
import { TestReader } from './test-reader.test-util.js';

function setup() {
  const reader = new TestReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return { reader, meterProvider, recorder: createOtelMetricsRecorder({ meterProvider }) };
}

async function metric(reader: TestReader, name: string): Promise<MetricData> {
  const found = (await reader.all()).find((m) => m.descriptor.name === name);
  if (!found) throw new Error(`no metric ${name}`);
  return found;
}

const call: CallAttributes = { operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini', serverAddress: 'api.openai.com', serverPort: 443, stream: false };

describe('createOtelMetricsRecorder', () => {
  afterEach(() => metrics.disable());

  it('records token usage and duration with the GenAI attributes, units and bucket boundaries', async () => {
    const { reader, recorder } = setup();
    const a = { ...call };
    recorder.callStarted(a);
    recorder.callEnded(a, { durationMs: 1500, responseModel: 'gpt-4o-mini-2024-07-18', usage: { inputTokens: 21, outputTokens: 8, totalTokens: 29, cost: { totalUsd: 0.25, source: 'computed' } } });

    const tokens = (await metric(reader, 'gen_ai.client.token.usage')) as HistogramMetricData;
    expect(tokens.descriptor.unit).toBe('{token}');
    expect(tokens.dataPointType).toBe(DataPointType.HISTOGRAM);
    const common = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'server.address': 'api.openai.com',
      'server.port': 443,
    };
    expect(tokens.dataPoints.map((p) => [p.attributes, p.value.sum, p.value.count])).toEqual([
      [{ ...common, 'gen_ai.token.type': 'input' }, 21, 1],
      [{ ...common, 'gen_ai.token.type': 'output' }, 8, 1],
    ]);
    expect(tokens.dataPoints[0]!.value.buckets.boundaries).toEqual(TOKEN_USAGE_BUCKETS);

    const duration = (await metric(reader, 'gen_ai.client.operation.duration')) as HistogramMetricData;
    expect(duration.descriptor.unit).toBe('s');
    expect(duration.dataPoints).toHaveLength(1);
    expect(duration.dataPoints[0]!.attributes).toEqual(common);
    expect(duration.dataPoints[0]!.value.sum).toBeCloseTo(1.5);
    expect(duration.dataPoints[0]!.value.buckets.boundaries).toEqual(DURATION_BUCKETS);

    const requests = (await metric(reader, 'llm.requests')) as SumMetricData;
    expect(requests.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ ...common, 'llm.stream': false }, 1]]);
    const cost = (await metric(reader, 'llm.cost')) as SumMetricData;
    expect(cost.descriptor.unit).toBe('{USD}');
    expect(cost.dataPoints[0]!.value).toBeCloseTo(0.25);
    const active = (await metric(reader, 'llm.active_requests')) as SumMetricData;
    expect(active.dataPoints[0]!.value).toBe(0);
    expect((await reader.all()).some((m) => m.descriptor.name === 'llm.errors')).toBe(false);
  });

  it('records error.type on a failed call and counts errors by code', async () => {
    const { reader, recorder } = setup();
    const a = { ...call, serverAddress: undefined, serverPort: undefined };
    recorder.callStarted(a);
    recorder.callEnded(a, { durationMs: 20, errorCode: 'rate_limited' });
    const duration = (await metric(reader, 'gen_ai.client.operation.duration')) as HistogramMetricData;
    expect(duration.dataPoints[0]!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'error.type': 'rate_limited',
    });
    const errors = (await metric(reader, 'llm.errors')) as SumMetricData;
    expect(errors.dataPoints.map((p) => [p.attributes['error.type'], p.value])).toEqual([['rate_limited', 1]]);
    expect((await reader.all()).some((m) => m.descriptor.name === 'gen_ai.client.token.usage')).toBe(false);
  });

  it('tracks active streams and chunk timings in seconds', async () => {
    const { reader, recorder } = setup();
    const a: CallAttributes = { ...call, stream: true };
    recorder.callStarted(a);
    let active = (await metric(reader, 'llm.active_streams')) as SumMetricData;
    expect(active.dataPoints[0]!.value).toBe(1);
    recorder.timeToFirstChunk(a, 250, 'gpt-4o-mini-2024-07-18');
    recorder.timePerOutputChunk(a, 10, 'gpt-4o-mini-2024-07-18');
    recorder.timePerOutputChunk(a, 30, 'gpt-4o-mini-2024-07-18');
    recorder.callEnded(a, { durationMs: 400, responseModel: 'gpt-4o-mini-2024-07-18' });
    active = (await metric(reader, 'llm.active_streams')) as SumMetricData;
    expect(active.dataPoints[0]!.value).toBe(0);
    const ttfc = (await metric(reader, 'gen_ai.client.operation.time_to_first_chunk')) as HistogramMetricData;
    expect(ttfc.dataPoints[0]!.value).toMatchObject({ count: 1, sum: 0.25 });
    expect(ttfc.dataPoints[0]!.attributes['gen_ai.response.model']).toBe('gpt-4o-mini-2024-07-18');
    expect(ttfc.dataPoints[0]!.value.buckets.boundaries).toEqual(DURATION_BUCKETS);
    const tpoc = (await metric(reader, 'gen_ai.client.operation.time_per_output_chunk')) as HistogramMetricData;
    expect(tpoc.dataPoints[0]!.value.count).toBe(2);
    expect(tpoc.dataPoints[0]!.value.sum).toBeCloseTo(0.04);
    expect(tpoc.dataPoints[0]!.attributes['gen_ai.response.model']).toBe('gpt-4o-mini-2024-07-18');
    // The stream's outcome made one llm.requests series; the chunk timings none.
    const requests = (await metric(reader, 'llm.requests')) as SumMetricData;
    expect(requests.dataPoints.map((p) => p.value)).toEqual([1]);
  });

  it('records retries, rate-limit waits, circuit changes and cache lookups under llm.*', async () => {
    const { reader, recorder } = setup();
    const a = { provider: 'anthropic', requestModel: 'claude-x' };
    recorder.retry(a, 2, 'overloaded');
    recorder.rateLimitWait(a, 500);
    recorder.circuitStateChange(a, 'closed', 'open');
    recorder.cacheLookup(a, true);
    recorder.cacheLookup(a, false);
    recorder.cacheLookup(a, true);
    const base = { 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-x' };
    const retries = (await metric(reader, 'llm.retries')) as SumMetricData;
    expect(retries.dataPoints.map((p) => [p.attributes, p.value])).toEqual([[{ ...base, 'error.type': 'overloaded', 'llm.retry.attempt': 2 }, 1]]);
    const wait = (await metric(reader, 'llm.rate_limit.wait')) as HistogramMetricData;
    expect(wait.dataPoints[0]!.value).toMatchObject({ count: 1, sum: 0.5 });
    const circuit = (await metric(reader, 'llm.circuit.state_changes')) as SumMetricData;
    expect(circuit.dataPoints[0]!.attributes).toEqual({ ...base, 'llm.circuit.previous_state': 'closed', 'llm.circuit.state': 'open' });
    const cache = (await metric(reader, 'llm.cache.lookups')) as SumMetricData;
    expect(cache.dataPoints.map((p) => [p.attributes['llm.cache.result'], p.value])).toEqual([
      ['hit', 2],
      ['miss', 1],
    ]);
  });

  it('follows the global meter provider, including one registered after the recorder was made', async () => {
    const recorder = createOtelMetricsRecorder();
    expect(recorder.isEnabled?.()).toBe(false);
    recorder.callStarted(call); // nothing to record to, nothing breaks
    const reader = new TestReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    expect(recorder.isEnabled?.()).toBe(true);
    recorder.callEnded({ ...call }, { durationMs: 5 });
    const duration = (await metric(reader, 'gen_ai.client.operation.duration')) as HistogramMetricData;
    expect(duration.dataPoints[0]!.value.count).toBe(1);
  });

  it('the no-op recorder is disabled', () => {
    expect(noopMetricsRecorder.isEnabled?.()).toBe(false);
  });

  it('maps provider names to the conventions’ well-known values', () => {
    expect(['openai', 'anthropic', 'google', 'groq', 'openrouter', 'mock'].map(genAiProviderName)).toEqual([
      'openai',
      'anthropic',
      'gcp.gemini',
      'groq',
      'openrouter',
      'mock',
    ]);
  });
});

describe('createOtelMetricsRecorder: per-call counters as running totals', () => {
  afterEach(() => metrics.disable());

  it('sums calls by attribute values, not by object, and reports calls in flight', async () => {
    const { reader, recorder } = setup();
    const shared = { ...call };
    for (let i = 0; i < 3; i++) recorder.callStarted(shared);
    recorder.callEnded(shared, { durationMs: 10, responseModel: 'm-1', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2, cost: { totalUsd: 0.5, source: 'computed' } } });
    // An equal object made afresh lands in the same series.
    recorder.callEnded({ ...call }, { durationMs: 10, responseModel: 'm-1', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2, cost: { totalUsd: 0.25, source: 'computed' } } });
    recorder.callEnded(shared, { durationMs: 10, responseModel: 'm-2' });
    const requests = (await metric(reader, 'llm.requests')) as SumMetricData;
    expect(requests.dataPoints.map((p) => [p.attributes['gen_ai.response.model'], p.value])).toEqual([
      ['m-1', 2],
      ['m-2', 1],
    ]);
    const active = (await metric(reader, 'llm.active_requests')) as SumMetricData;
    expect(active.dataPoints.map((p) => p.value)).toEqual([0]);
    recorder.callStarted(shared);
    const inFlight = (await metric(reader, 'llm.active_requests')) as SumMetricData;
    expect(inFlight.dataPoints.map((p) => p.value)).toEqual([1]);
    const cost = (await metric(reader, 'llm.cost')) as SumMetricData;
    expect(cost.dataPoints).toHaveLength(1);
    expect(cost.dataPoints[0]!.value).toBeCloseTo(0.75);
    const duration = (await metric(reader, 'gen_ai.client.operation.duration')) as HistogramMetricData;
    expect(duration.dataPoints.map((p) => p.value.count)).toEqual([2, 1]);
  });

  it('a reader asking for delta temporality gets what changed since its last collection', async () => {
    const deltaReader = new (class extends MetricReader {
      constructor() {
        super({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
      }
      protected override async onForceFlush(): Promise<void> {}
      protected override async onShutdown(): Promise<void> {}
    })();
    const recorder = createOtelMetricsRecorder({ meterProvider: new MeterProvider({ readers: [deltaReader] }) });
    const requestsNow = async () => {
      const { resourceMetrics } = await deltaReader.collect();
      const m = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((x) => x.descriptor.name === 'llm.requests') as SumMetricData | undefined;
      return m?.dataPoints.map((p) => p.value) ?? [];
    };
    recorder.callEnded(call, { durationMs: 1, errorCode: 'timeout' });
    recorder.callEnded(call, { durationMs: 1, errorCode: 'timeout' });
    expect(await requestsNow()).toEqual([2]);
    recorder.callEnded(call, { durationMs: 1, errorCode: 'timeout' });
    expect(await requestsNow()).toEqual([1]);
  });

  it('starts from zero on a newly registered global provider', async () => {
    const recorder = createOtelMetricsRecorder();
    const first = new TestReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [first] }));
    recorder.callEnded(call, { durationMs: 1 });
    metrics.disable();
    const second = new TestReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [second] }));
    recorder.callEnded(call, { durationMs: 1 });
    recorder.callEnded(call, { durationMs: 1 });
    expect(((await metric(first, 'llm.requests')) as SumMetricData).dataPoints[0]!.value).toBe(1);
    expect(((await metric(second, 'llm.requests')) as SumMetricData).dataPoints[0]!.value).toBe(2);
  });
});
