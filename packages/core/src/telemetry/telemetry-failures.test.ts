import { LLMError } from '@llm/errors';
import { createAsyncContextManager } from '@llm/tracing';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { noopMetricsRecorder, type MetricsRecorder } from '@llm/metrics';
import { AggregationTemporality, MeterProvider, MetricReader, type HistogramMetricData, type MetricData } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatModelFrom, createChatModel, type ChatTransport, type TransportStreamPart } from '../model/index.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { applyMiddleware } from '../middleware/index.js';
import { metricsMiddleware } from './metrics-middleware.js';
import { serverOf, tracingMiddleware } from './tracing-middleware.js';

// Telemetry of the paths the main suites do not take: streams that fail part-way (with and
// without usage), replies served from a cache, and server addresses of every kind.

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
const usage = { inputTokens: 10, outputTokens: 4, totalTokens: 14 };

/** A stream that sends `parts`, then fails with `overloaded`. */
function failingStream(parts: TransportStreamPart[]): ChatTransport {
  const ok = fakeTransport();
  return {
    ...ok,
    async *doStream() {
      for (const part of parts) yield part;
      throw new LLMError({ code: 'overloaded', message: 'vendor overloaded mid-stream', status: 529 });
    },
  };
}

describe('metricsMiddleware: failures and cached replies', () => {
  /** A recorder that keeps what the middleware tells it. */
  function spied() {
    const calls: Array<[string, ...unknown[]]> = [];
    const recorder: MetricsRecorder = {
      ...noopMetricsRecorder,
      isEnabled: () => true,
      callStarted: () => void calls.push(['started']),
      callEnded: (_a, outcome) => void calls.push(['ended', { ...outcome, durationMs: typeof outcome.durationMs }]),
      timeToFirstChunk: (_a, ms, responseModel) => void calls.push(['firstChunk', typeof ms, responseModel]),
      timePerOutputChunk: (_a, ms, responseModel) => void calls.push(['chunkGap', typeof ms, responseModel]),
    };
    return { calls, recorder };
  }

  it('a stream that fails after its usage came reports the error with that usage, and its chunk timings', async () => {
    const { calls, recorder } = spied();
    const model = applyMiddleware(createChatModel(failingStream([{ type: 'text-delta', text: 'a' }, { type: 'text-delta', text: 'b' }, { type: 'usage', usage }])), metricsMiddleware({ recorder }));
    await expect(model.streamChat(hi).response).rejects.toMatchObject({ code: 'overloaded' });
    expect(calls).toEqual([
      ['started'],
      ['firstChunk', 'number', undefined],
      ['chunkGap', 'number', undefined],
      ['ended', { durationMs: 'number', errorCode: 'overloaded', usage }],
    ]);
  });

  it('a stream that fails before any output reports the error alone', async () => {
    const { calls, recorder } = spied();
    const model = applyMiddleware(createChatModel(failingStream([])), metricsMiddleware({ recorder }));
    await expect(model.streamChat(hi).response).rejects.toMatchObject({ code: 'overloaded' });
    expect(calls).toEqual([['started'], ['ended', { durationMs: 'number', errorCode: 'overloaded' }]]);
  });

  it('a reply served from a cache is timed but its tokens are not usage', async () => {
    const reader = new TestReader();
    const cached = chatModelFrom({
      provider: 'fake',
      modelId: 'fake-model',
      chat: async <T>() => ({ id: 'c', provider: 'fake', model: 'fake-model', created: 0, text: 'from cache', toolCalls: [], finishReason: 'stop' as const, usage, cached: true, object: undefined as T }),
      streamChat: () => {
        throw new Error('not used');
      },
    });
    const model = applyMiddleware(cached, metricsMiddleware({ meterProvider: new MeterProvider({ readers: [reader] }) }));
    expect((await model.chat(hi)).text).toBe('from cache');
    expect(((await reader.metric('gen_ai.client.operation.duration')) as HistogramMetricData).dataPoints).toHaveLength(1);
    expect(await reader.metric('gen_ai.client.token.usage')).toBeUndefined();
  });
});

describe('tracingMiddleware: a stream that fails part-way', () => {
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('test');
  beforeAll(() => {
    context.setGlobalContextManager(createAsyncContextManager());
  });
  afterAll(() => {
    context.disable();
    trace.disable();
  });

  it('ends its one span with status ERROR and error.type, after marking the first chunk', async () => {
    const model = applyMiddleware(createChatModel(failingStream([{ type: 'text-delta', text: 'a' }])), tracingMiddleware({ tracer }));
    const texts: string[] = [];
    await expect(
      (async () => {
        for await (const e of model.streamChat(hi)) if (e.type === 'text-delta') texts.push(e.text);
      })(),
    ).rejects.toMatchObject({ code: 'overloaded' });
    expect(texts).toEqual(['a']);
    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(1);
    expect(spans[0]!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'vendor overloaded mid-stream' });
    expect(spans[0]!.attributes['error.type']).toBe('overloaded');
    expect(spans[0]!.events.map((e) => e.name)).toEqual(['llm.first_chunk']);
  });
});

describe('serverOf', () => {
  it('reads host and port, with the scheme\'s default port, and nothing from what is not a URL', () => {
    expect(serverOf('https://api.example.com/v1')).toEqual({ serverAddress: 'api.example.com', serverPort: 443 });
    expect(serverOf('http://localhost/v1')).toEqual({ serverAddress: 'localhost', serverPort: 80 });
    expect(serverOf('http://127.0.0.1:8080')).toEqual({ serverAddress: '127.0.0.1', serverPort: 8080 });
    expect(serverOf('ws://relay.example.com/x')).toEqual({ serverAddress: 'relay.example.com' });
    expect(serverOf('not a url')).toEqual({});
    expect(serverOf(undefined)).toEqual({});
  });
});
