import { LLMError } from '@llm/errors';
import { createOtelMetricsRecorder, noopMetricsRecorder, type CallAttributes, type MetricsRecorder } from '@llm/metrics';
import { metrics } from '@opentelemetry/api';
import { AggregationTemporality, MeterProvider, MetricReader, type HistogramMetricData, type MetricData, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { createChatModel, type ChatTransport } from '../model/index.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { metricsMiddleware } from './metrics-middleware.js';
import { applyMiddleware } from '../middleware/index.js';
import { retryMiddleware } from '../retry/index.js';
import { defaultMiddlewareStack } from '../client/index.js';
import { ClientConfigSchema } from '../config/index.js';
import { noopLogger } from '../logging/index.js';
import { UsageTracker } from '../cost/index.js';

class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
  async metric(name: string): Promise<MetricData | undefined> {
    const { resourceMetrics } = await this.collect();
    return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
  }
}

const hi = { messages: [{ role: 'user' as const, content: 'hi' }] };

function failing(code: 'rate_limited' | 'overloaded', times = Infinity): ChatTransport {
  const ok = fakeTransport();
  let left = times;
  return {
    ...ok,
    async doChat(request, options) {
      if (left-- > 0) throw new LLMError({ code, message: code });
      return ok.doChat(request, options);
    },
  };
}

function setup(transport: ChatTransport = fakeTransport({ chunks: ['a', 'b', 'c'], usage: { inputTokens: 10, outputTokens: 4, totalTokens: 14 } })) {
  const reader = new TestReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const model = applyMiddleware(createChatModel(transport), metricsMiddleware({ meterProvider, serverUrl: 'http://127.0.0.1:8080' }));
  return { reader, model };
}

const base = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'fake',
  'gen_ai.request.model': 'fake-model',
  'server.address': '127.0.0.1',
  'server.port': 8080,
};

describe('metricsMiddleware', () => {
  afterEach(() => metrics.disable());

  it('records duration and token usage of a chat call', async () => {
    const { reader, model } = setup();
    await model.chat(hi);
    const duration = (await reader.metric('gen_ai.client.operation.duration')) as HistogramMetricData;
    expect(duration.dataPoints.map((p) => [p.attributes, p.value.count])).toEqual([[{ ...base, 'gen_ai.response.model': 'fake-model-001' }, 1]]);
    const tokens = (await reader.metric('gen_ai.client.token.usage')) as HistogramMetricData;
    expect(tokens.dataPoints.map((p) => [p.attributes['gen_ai.token.type'], p.value.sum])).toEqual([
      ['input', 10],
      ['output', 4],
    ]);
    expect(await reader.metric('gen_ai.client.operation.time_to_first_chunk')).toBeUndefined();
    const active = (await reader.metric('llm.active_requests')) as SumMetricData;
    expect(active.dataPoints[0]!.value).toBe(0);
  });

  it('records time to first chunk, time per chunk and active streams of a stream', async () => {
    const { reader, model } = setup();
    const stream = model.streamChat(hi);
    let sawActive = false;
    for await (const e of stream) {
      if (e.type === 'text-delta' && !sawActive) {
        const active = (await reader.metric('llm.active_streams')) as SumMetricData;
        sawActive = active.dataPoints[0]!.value === 1;
      }
    }
    expect(sawActive).toBe(true);
    const ttfc = (await reader.metric('gen_ai.client.operation.time_to_first_chunk')) as HistogramMetricData;
    const answered = { ...base, 'gen_ai.response.model': 'fake-model-001' };
    expect(ttfc.dataPoints.map((p) => [p.attributes, p.value.count])).toEqual([[answered, 1]]);
    const tpoc = (await reader.metric('gen_ai.client.operation.time_per_output_chunk')) as HistogramMetricData;
    expect(tpoc.dataPoints.map((p) => [p.attributes, p.value.count])).toEqual([[answered, 2]]); // three chunks: two gaps
    const active = (await reader.metric('llm.active_streams')) as SumMetricData;
    expect(active.dataPoints[0]!.value).toBe(0);
    const requests = (await reader.metric('llm.requests')) as SumMetricData;
    expect(requests.dataPoints.map((p) => [p.attributes['llm.stream'], p.value])).toEqual([[true, 1]]);
  });

  it('records error.type on failure and counts errors by code', async () => {
    const { reader, model } = setup(failing('rate_limited'));
    await expect(model.chat(hi)).rejects.toMatchObject({ code: 'rate_limited' });
    const duration = (await reader.metric('gen_ai.client.operation.duration')) as HistogramMetricData;
    expect(duration.dataPoints.map((p) => p.attributes)).toEqual([{ ...base, 'error.type': 'rate_limited' }]);
    const errors = (await reader.metric('llm.errors')) as SumMetricData;
    expect(errors.dataPoints.map((p) => [p.attributes['error.type'], p.value])).toEqual([['rate_limited', 1]]);
    expect(await reader.metric('gen_ai.client.token.usage')).toBeUndefined();
  });

  it('outside retry, a call is measured once: retried then answered leaves no error point, and the retries are counted', async () => {
    const reader = new TestReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const recorder = createOtelMetricsRecorder({ meterProvider });
    const model = applyMiddleware(
      createChatModel(failing('overloaded', 2)),
      metricsMiddleware({ recorder }),
      retryMiddleware({ policy: { initialDelay: 1, maxDelay: 2 }, metrics: recorder }),
    );
    await model.chat(hi);
    const duration = (await reader.metric('gen_ai.client.operation.duration')) as HistogramMetricData;
    expect(duration.dataPoints.map((p) => [p.attributes['error.type'] ?? 'ok', p.value.count])).toEqual([['ok', 1]]);
    expect(await reader.metric('llm.errors')).toBeUndefined(); // no error was the call's outcome
    const requests = (await reader.metric('llm.requests')) as SumMetricData;
    expect(requests.dataPoints.map((p) => p.value)).toEqual([1]);
    const retries = (await reader.metric('llm.retries')) as SumMetricData;
    expect(retries.dataPoints.map((p) => [p.attributes['llm.retry.attempt'], p.value])).toEqual([
      [2, 1],
      [3, 1],
    ]);
  });

  it('a disabled recorder is never called: calls and chunks go straight through', async () => {
    const calls: string[] = [];
    const spy: MetricsRecorder = {
      ...noopMetricsRecorder,
      isEnabled: () => false,
      callStarted: (_a: CallAttributes) => void calls.push('start'),
      timePerOutputChunk: () => void calls.push('chunk'),
    };
    const model = applyMiddleware(createChatModel(fakeTransport({ chunks: ['a', 'b'] })), metricsMiddleware({ recorder: spy }));
    await model.chat(hi);
    await model.streamChat(hi).response;
    expect(calls).toEqual([]);
    const inner = createChatModel(fakeTransport());
    expect(metricsMiddleware({ recorder: noopMetricsRecorder })(inner)).toBe(inner);
  });

  it('with no SDK registered the default recorder records nothing, and starts once one is', async () => {
    const model = applyMiddleware(createChatModel(fakeTransport()), metricsMiddleware());
    await model.chat(hi);
    const reader = new TestReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    await model.chat(hi);
    const duration = (await reader.metric('gen_ai.client.operation.duration')) as HistogramMetricData;
    expect(duration.dataPoints[0]!.value.count).toBe(1);
  });

  it('the client config’s telemetry.semconv, else OTEL_SEMCONV_STABILITY_OPT_IN, picks the names', async () => {
    const saved = process.env.OTEL_SEMCONV_STABILITY_OPT_IN;
    const names = async (telemetry: Record<string, unknown>, optIn: string | undefined): Promise<string[]> => {
      if (optIn === undefined) delete process.env.OTEL_SEMCONV_STABILITY_OPT_IN;
      else process.env.OTEL_SEMCONV_STABILITY_OPT_IN = optIn;
      metrics.disable();
      const reader = new TestReader();
      metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
      const config = ClientConfigSchema.parse({ provider: 'fake', model: 'fake-model', telemetry });
      const model = applyMiddleware(createChatModel(fakeTransport()), ...defaultMiddlewareStack(config, { logger: noopLogger, usage: new UsageTracker() }));
      await model.chat(hi);
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name)).filter((n) => n.endsWith('duration') && n.startsWith('gen_ai.')).sort();
    };
    try {
      expect(await names({}, undefined)).toEqual(['gen_ai.client.operation.duration']);
      expect(await names({}, 'http/dup,gen_ai_latest_experimental')).toEqual(['gen_ai.client.inference.duration']);
      expect(await names({}, 'gen_ai_latest_experimental/dup')).toEqual(['gen_ai.client.inference.duration', 'gen_ai.client.operation.duration']);
      // The config wins over the environment.
      expect(await names({ semconv: 'established' }, 'gen_ai_latest_experimental')).toEqual(['gen_ai.client.operation.duration']);
      expect(await names({ semconv: 'both' }, undefined)).toEqual(['gen_ai.client.inference.duration', 'gen_ai.client.operation.duration']);
    } finally {
      if (saved === undefined) delete process.env.OTEL_SEMCONV_STABILITY_OPT_IN;
      else process.env.OTEL_SEMCONV_STABILITY_OPT_IN = saved;
    }
  });
});
