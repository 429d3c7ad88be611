import { applyMiddleware, createFallbackModel, metricsMiddleware, retryMiddleware, tracingMiddleware, type ChatModel } from '@llm/core';
import { isLLMError } from '@llm/errors';
import { createOtelMetricsRecorder } from '@llm/metrics';
import type { GenAiSemconv, StreamEvent } from '@llm/schema';
import { createAsyncContextManager } from '@llm/tracing';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { MeterProvider, type HistogramMetricData, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConformanceHarness } from './conformance-harness.js';
import { CollectingReader, expectCallTokens, expectFailedCallTokens, expectOnlyNamesOf, SEMCONV_NAMES, type SemconvMode } from './telemetry-expectations.js';

export interface TelemetrySuiteOptions {
  /** Shown in the suite's name. */
  name: string;
  /** The same harness the conformance suite takes. */
  setup(): Promise<ConformanceHarness>;
  /** The `gen_ai.provider.name` the provider's spans and metrics must carry (`openai`, `anthropic`, `gcp.gemini`, `groq`, `openrouter`...). */
  genAiProvider: string;
  /** The vendor sends errors inside a stream (then a mid-stream error is checked too). */
  streamErrors?: boolean;
  /** The vendor reports tokens written to its prompt cache (Anthropic); then their attribute name is checked per mode. */
  cacheWrites?: boolean;
  /**
   * Where the vendor's API takes system messages: `separate` (Anthropic's `system`, Gemini's
   * `systemInstruction`: recorded as `gen_ai.system_instructions`) or `in-history` (OpenAI Chat
   * Completions and compatible APIs: recorded in `gen_ai.input.messages`).
   */
  systemInstructions: 'separate' | 'in-history';
}

/** The modes every provider is checked against (`both` is the two at once, checked in @llm/metrics and @llm/tracing). */
const MODES: readonly SemconvMode[] = ['established', 'latest'];

interface Instrumented {
  model: ChatModel;
  modelId: string;
  exporter: InMemorySpanExporter;
  reader: CollectingReader;
}

async function drain<T>(stream: AsyncIterable<StreamEvent<T>>): Promise<StreamEvent<T>[]> {
  const events: StreamEvent<T>[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    expect(isLLMError(err), `expected an LLMError, got ${String(err)}`).toBe(true);
    return err;
  }
  throw new Error('expected the call to fail');
}

function onlySpan(exporter: InMemorySpanExporter): ReadableSpan {
  const spans = exporter.getFinishedSpans();
  expect(spans.map((s) => s.name)).toHaveLength(1);
  return spans[0]!;
}

/**
 * The telemetry conformance suite: wraps the provider's model (from the conformance harness) with
 * the tracing and metrics middlewares over the real OpenTelemetry SDK (in-memory span exporter, a
 * collecting metric reader) and checks the exact span names, attributes and metric points for a
 * chat call, a stream, errors, a cancelled stream, retries, fallback, usage details and content,
 * once with the established GenAI names (semantic-conventions v1.41.1) and once with the latest
 * (semantic-conventions-genai).
 */
export function runTelemetrySuite(options: TelemetrySuiteOptions): void {
  for (const semconv of MODES) describeMode(options, semconv);
}

function describeMode(options: TelemetrySuiteOptions, semconv: GenAiSemconv & SemconvMode): void {
  const names = SEMCONV_NAMES[semconv];
  describe(`telemetry: ${options.name} (${semconv} names)`, () => {
    let h: ConformanceHarness;
    let t: Instrumented;
    const providers: Array<{ shutdown(): Promise<void> }> = [];

    const sdk = () => {
      const exporter = new InMemorySpanExporter();
      const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
      const reader = new CollectingReader();
      const meterProvider = new MeterProvider({ readers: [reader] });
      providers.push(tracerProvider, meterProvider);
      return { exporter, tracerProvider, reader, meterProvider, recorder: createOtelMetricsRecorder({ meterProvider, semconv }) };
    };

    const instrument = (recordContent = false): Instrumented => {
      const { exporter, tracerProvider, reader, recorder } = sdk();
      const inner = h.createModel();
      const model = applyMiddleware(inner, tracingMiddleware({ tracerProvider, recordContent, semconv }), metricsMiddleware({ recorder }));
      return { model, modelId: inner.modelId, exporter, reader };
    };

    beforeAll(async () => {
      // As an application's SDK does (the Node SDK registers one): spans nest, retries are noted on the call's span.
      context.setGlobalContextManager(createAsyncContextManager());
      h = await options.setup();
    });
    afterAll(async () => {
      await Promise.all(providers.map((p) => p.shutdown()));
      await h?.close();
      context.disable();
    });
    beforeEach(() => {
      h.target.reset();
      t = instrument();
    });

    const callAttributes = () => ({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': options.genAiProvider,
      'gen_ai.request.model': t.modelId,
    });

    it('a chat call gives one CLIENT span and the GenAI duration and token metrics', async () => {
      h.target.enqueue({ kind: 'text', text: 'Paris.', usage: { inputTokens: 21, outputTokens: 8 } });
      const r = await t.model.chat({ messages: [{ role: 'user', content: 'Capital of France?' }], maxTokens: 77, temperature: 0.3 });

      const span = onlySpan(t.exporter);
      expect(span.name).toBe(`chat ${t.modelId}`);
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes).toMatchObject({
        ...callAttributes(),
        'gen_ai.request.max_tokens': 77,
        'gen_ai.request.temperature': 0.3,
        'gen_ai.response.id': r.id,
        'gen_ai.response.model': r.model,
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 21,
        'gen_ai.usage.output_tokens': 8,
      });
      expect(Object.keys(span.attributes).some((k) => k.startsWith('gen_ai.input') || k.startsWith('gen_ai.output.messages'))).toBe(false);
      expect(span.attributes['error.type']).toBeUndefined();
      // Set if and only if the request streams.
      expect(span.attributes).not.toHaveProperty('gen_ai.request.stream');

      const withResponse = { ...callAttributes(), 'gen_ai.response.model': r.model };
      const duration = (await t.reader.metric(names.duration)) as HistogramMetricData;
      expect(duration.descriptor.unit).toBe('s');
      expect(duration.dataPoints.map((p) => [p.attributes, p.value.count])).toEqual([[withResponse, 1]]);
      await expectCallTokens(t.reader, semconv, withResponse, { input: 21, output: 8 });
      const requests = (await t.reader.metric('llm.requests')) as SumMetricData;
      expect(requests.dataPoints.map((p) => p.value)).toEqual([1]);
      expect(await t.reader.metric(names.timeToFirstChunk)).toBeUndefined();
      await expectOnlyNamesOf(t.reader, semconv);
    });

    it('a stream gives one span over the whole stream with a first-chunk event, and chunk timings', async () => {
      h.target.enqueue({ kind: 'text', text: 'One two three four five six seven.', usage: { inputTokens: 12, outputTokens: 9 } });
      const events = await drain(t.model.streamChat({ messages: [{ role: 'user', content: 'count' }] }));
      const deltas = events.filter((e) => e.type === 'text-delta').length;
      const last = events[events.length - 1]!;
      if (last.type !== 'finish') throw new Error('the stream did not finish');

      const span = onlySpan(t.exporter);
      expect(span.name).toBe(`chat ${t.modelId}`);
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.attributes).toMatchObject({
        ...callAttributes(),
        'gen_ai.request.stream': true,
        'gen_ai.response.id': last.response.id,
        'gen_ai.response.model': last.response.model,
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 9,
      });
      expect(span.events.map((e) => e.name)).toEqual(['llm.first_chunk']);
      expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0);

      // Chunk timings carry the model that answered.
      const answered = { ...callAttributes(), 'gen_ai.response.model': last.response.model };
      const ttfc = (await t.reader.metric(names.timeToFirstChunk)) as HistogramMetricData;
      expect(ttfc.descriptor.unit).toBe('s');
      expect(ttfc.dataPoints.map((p) => [p.attributes, p.value.count])).toEqual([[answered, 1]]);
      const tpoc = (await t.reader.metric(names.timePerOutputChunk)) as HistogramMetricData;
      expect(tpoc.dataPoints.map((p) => [p.attributes, p.value.count])).toEqual([[answered, deltas - 1]]);
      const active = (await t.reader.metric('llm.active_streams')) as SumMetricData;
      expect(active.dataPoints.map((p) => p.value)).toEqual([0]);
      await expectCallTokens(t.reader, semconv, answered, { input: 12, output: 9 });
      await expectOnlyNamesOf(t.reader, semconv);
    });

    it('an error sets span status ERROR and error.type to the LLMError code, on the span and the duration', async () => {
      h.target.enqueue({ kind: 'error', error: 'rate_limited', retryAfterSeconds: 1 });
      await failure(t.model.chat({ messages: [{ role: 'user', content: 'hi' }] }));

      const span = onlySpan(t.exporter);
      expect(span.name).toBe(`chat ${t.modelId}`);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes).toMatchObject({ ...callAttributes(), 'error.type': 'rate_limited', 'gen_ai.response.finish_reasons': ['error'] });

      const duration = (await t.reader.metric(names.duration)) as HistogramMetricData;
      expect(duration.dataPoints.map((p) => p.attributes)).toEqual([{ ...callAttributes(), 'error.type': 'rate_limited' }]);
      const errors = (await t.reader.metric('llm.errors')) as SumMetricData;
      expect(errors.dataPoints.map((p) => [p.attributes['error.type'], p.value])).toEqual([['rate_limited', 1]]);
      await expectFailedCallTokens(t.reader, semconv, callAttributes(), 'rate_limited');
    });

    it('a stream that fails ends its span with status ERROR and finish reason error', async () => {
      if (options.streamErrors) h.target.enqueue({ kind: 'stream-error', afterText: 'partial answer', error: 'overloaded' });
      else h.target.enqueue({ kind: 'error', error: 'overloaded' });
      await failure(drain(t.model.streamChat({ messages: [{ role: 'user', content: 'hi' }] })));
      const span = onlySpan(t.exporter);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['error.type']).toBe('overloaded');
      expect(span.attributes['gen_ai.request.stream']).toBe(true);
      // A finish reason was expected and none came.
      expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
      const duration = (await t.reader.metric(names.duration)) as HistogramMetricData;
      expect(duration.dataPoints.map((p) => p.attributes['error.type'])).toEqual(['overloaded']);
      const active = (await t.reader.metric('llm.active_streams')) as SumMetricData;
      expect(active.dataPoints.map((p) => p.value)).toEqual([0]);
    });

    it('a stream the caller cancels ends its span with error.type canceled and finish reason error', async () => {
      h.target.enqueue({ kind: 'text', text: 'One two three four five six seven eight nine ten.' });
      for await (const e of t.model.streamChat({ messages: [{ role: 'user', content: 'count' }] })) if (e.type === 'text-delta') break;
      const span = onlySpan(t.exporter);
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes).toMatchObject({ 'error.type': 'canceled', 'gen_ai.response.finish_reasons': ['error'] });
      const duration = (await t.reader.metric(names.duration)) as HistogramMetricData;
      expect(duration.dataPoints.map((p) => p.attributes['error.type'])).toEqual(['canceled']);
      const active = (await t.reader.metric('llm.active_streams')) as SumMetricData;
      expect(active.dataPoints.map((p) => p.value)).toEqual([0]);
    });

    it('cached, cache-write and reasoning tokens are reported under this mode’s names', async () => {
      h.target.enqueue({ kind: 'text', text: 'Thought about it.', usage: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100, cacheWriteTokens: 15, reasoningTokens: 12 } });
      const r = await t.model.chat({ messages: [{ role: 'user', content: 'think' }] });
      const span = onlySpan(t.exporter);
      const u = r.usage;
      if (options.cacheWrites) expect(u.cacheWriteTokens).toBe(15);
      // The span says what the vendor reported, under this mode's names (the other mode's absent).
      const expected: Record<string, number | undefined> = {
        'gen_ai.usage.input_tokens': u.inputTokens,
        'gen_ai.usage.output_tokens': u.outputTokens,
        'gen_ai.usage.cache_read.input_tokens': u.cachedInputTokens,
        'gen_ai.usage.reasoning.output_tokens': u.reasoningTokens,
        [names.cacheWriteAttribute]: u.cacheWriteTokens,
        [SEMCONV_NAMES[semconv === 'latest' ? 'established' : 'latest'].cacheWriteAttribute]: undefined,
      };
      expect(Object.fromEntries(Object.keys(expected).map((k) => [k, span.attributes[k]]))).toEqual(expected);
      await expectCallTokens(t.reader, semconv, { ...callAttributes(), 'gen_ai.response.model': r.model }, {
        input: u.inputTokens,
        output: u.outputTokens,
        cacheRead: u.cachedInputTokens ?? 0,
        cacheWrite: u.cacheWriteTokens ?? 0,
        reasoning: u.reasoningTokens ?? 0,
      });
    });

    it('a retried call is one span under the caller’s span, each retried attempt an event, and one duration point with its outcome', async () => {
      const { exporter, tracerProvider, reader, recorder } = sdk();
      const model = applyMiddleware(
        h.createModel(),
        tracingMiddleware({ tracerProvider, semconv }),
        metricsMiddleware({ recorder }),
        retryMiddleware({ policy: { maxRetries: 2, initialDelay: 1, maxDelay: 1 }, metrics: recorder }),
      );
      h.target.enqueue({ kind: 'error', error: 'overloaded' }, { kind: 'text', text: 'second time lucky', usage: { inputTokens: 5, outputTokens: 3 } });
      const caller = tracerProvider.getTracer('app');
      const r = await caller.startActiveSpan('request', async (root) => {
        try {
          return await model.chat({ messages: [{ role: 'user', content: 'hi' }] });
        } finally {
          root.end();
        }
      });
      expect(r.text).toBe('second time lucky');
      const root = exporter.getFinishedSpans().find((s) => s.name === 'request')!;
      const calls = exporter.getFinishedSpans().filter((s) => s !== root);
      expect(calls.map((s) => s.name)).toEqual([`chat ${t.modelId}`]);
      const call = calls[0]!;
      expect(call.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
      expect(call.spanContext().traceId).toBe(root.spanContext().traceId);
      // The call answered: no error on its span, the failed attempt is an event.
      expect(call.status.code).toBe(SpanStatusCode.UNSET);
      expect(call.attributes['error.type']).toBeUndefined();
      expect(call.attributes).toMatchObject({ 'gen_ai.response.finish_reasons': ['stop'], 'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.output_tokens': 3 });
      expect(call.events.map((e) => [e.name, e.attributes?.['llm.retry.attempt'], e.attributes?.['error.type']])).toEqual([['llm.retry', 2, 'overloaded']]);
      // The outcome is recorded once: one duration point, without error.type; tokens once.
      const duration = (await reader.metric(names.duration)) as HistogramMetricData;
      expect(duration.dataPoints.map((p) => [p.attributes['error.type'], p.value.count])).toEqual([[undefined, 1]]);
      expect(await reader.metric('llm.errors')).toBeUndefined();
      await expectCallTokens(reader, semconv, { ...callAttributes(), 'gen_ai.response.model': r.model }, { input: 5, output: 3 });
      const retries = (await reader.metric('llm.retries')) as SumMetricData;
      expect(retries.dataPoints.map((p) => [p.attributes['error.type'], p.value])).toEqual([['overloaded', 1]]);
    });

    it('a stream retried before its first chunk is one span, the retried attempt an event', async () => {
      const { exporter, tracerProvider } = sdk();
      const model = applyMiddleware(h.createModel(), tracingMiddleware({ tracerProvider, semconv }), retryMiddleware({ policy: { maxRetries: 2, initialDelay: 1, maxDelay: 1 } }));
      h.target.enqueue({ kind: 'error', error: 'overloaded' }, { kind: 'text', text: 'streamed on the second try' });
      const events = await drain(model.streamChat({ messages: [{ role: 'user', content: 'hi' }] }));
      expect(events.at(-1)?.type).toBe('finish');
      const span = onlySpan(exporter);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes['gen_ai.request.stream']).toBe(true);
      expect(span.events.map((e) => [e.name, e.attributes?.['error.type']])).toEqual([
        ['llm.retry', 'overloaded'],
        ['llm.first_chunk', undefined],
      ]);
    });

    it('each fallback hop is its own span, and the response says who answered', async () => {
      const { exporter, tracerProvider } = sdk();
      const traced = () => applyMiddleware(h.createModel(), tracingMiddleware({ tracerProvider, semconv }));
      const model = createFallbackModel([traced(), traced()]);
      h.target.enqueue({ kind: 'error', error: 'provider_error' }, { kind: 'text', text: 'from the backup' });
      const r = await model.chat({ messages: [{ role: 'user', content: 'hi' }] });
      expect(r.text).toBe('from the backup');
      expect(r.providerMetadata?.routing).toMatchObject({ tried: [{ errorCode: 'provider_error' }] });
      expect(exporter.getFinishedSpans().map((s) => [s.name, s.status.code, s.attributes['error.type']])).toEqual([
        [`chat ${t.modelId}`, SpanStatusCode.ERROR, 'provider_error'],
        [`chat ${t.modelId}`, SpanStatusCode.UNSET, undefined],
      ]);
    });

    it('the vendor SDK adds no span of its own: with a global SDK, ours is the only inference span, under the caller’s', async () => {
      const { exporter, tracerProvider } = sdk();
      // As an application does: the global provider, which a vendor SDK's own instrumentation would use too.
      trace.setGlobalTracerProvider(tracerProvider);
      try {
        const model = applyMiddleware(h.createModel(), tracingMiddleware({ semconv }));
        h.target.enqueue({ kind: 'text', text: 'One.', usage: { inputTokens: 7, outputTokens: 2 } }, { kind: 'text', text: 'Two three.', usage: { inputTokens: 9, outputTokens: 3 } });
        await trace.getTracer('app').startActiveSpan('request', async (root) => {
          try {
            await model.chat({ messages: [{ role: 'user', content: 'one' }] });
            await drain(model.streamChat({ messages: [{ role: 'user', content: 'two' }] }));
          } finally {
            root.end();
          }
        });
      } finally {
        trace.disable();
      }
      const spans = exporter.getFinishedSpans();
      const root = spans.find((s) => s.name === 'request')!;
      // Nothing but the caller's span and one span per call (no `anthropic.messages.create` or the like).
      expect(spans.filter((s) => s !== root).map((s) => [s.name, s.kind, s.parentSpanContext?.spanId])).toEqual([
        [`chat ${t.modelId}`, SpanKind.CLIENT, root.spanContext().spanId],
        [`chat ${t.modelId}`, SpanKind.CLIENT, root.spanContext().spanId],
      ]);
      // Token totals summed over the trace's spans count each call once.
      const total = (key: string) => spans.reduce((n, s) => n + (typeof s.attributes[key] === 'number' ? (s.attributes[key] as number) : 0), 0);
      expect([total('gen_ai.usage.input_tokens'), total('gen_ai.usage.output_tokens')]).toEqual([16, 5]);
    });

    it('records prompt and completion only when asked, the system message where the API takes it, and never a key', async () => {
      const content = instrument(true);
      h.target.enqueue({ kind: 'text', text: 'Bonjour.' });
      await content.model.chat({ messages: [{ role: 'system', content: 'Answer in French.' }, { role: 'user', content: 'Hello' }] });
      const span = onlySpan(content.exporter);
      const user = { role: 'user', parts: [{ type: 'text', content: 'Hello' }] };
      const input: unknown = JSON.parse(span.attributes['gen_ai.input.messages'] as string);
      if (options.systemInstructions === 'separate') {
        expect(input).toEqual([user]);
        expect(JSON.parse(span.attributes['gen_ai.system_instructions'] as string)).toEqual([{ type: 'text', content: 'Answer in French.' }]);
      } else {
        // Part of the chat history: in gen_ai.input.messages, in order (the conventions' simple chat completion example).
        expect(input).toEqual([{ role: 'system', parts: [{ type: 'text', content: 'Answer in French.' }] }, user]);
        expect(span.attributes).not.toHaveProperty('gen_ai.system_instructions');
      }
      expect(span.attributes['gen_ai.output.messages']).toContain('Bonjour.');
      const everything = JSON.stringify(content.exporter.getFinishedSpans().map((s) => ({ attributes: s.attributes, events: s.events, status: s.status })));
      expect(everything).not.toMatch(/authorization|bearer|x-api-key/i);
    });

    it('OpenAI spans carry openai.api.type, the response service tier and system fingerprint; other providers no openai.* attribute', async () => {
      h.target.enqueue({ kind: 'text', text: 'Tiered.' }, { kind: 'text', text: 'Streamed and tiered.' });
      const r = await t.model.chat({ messages: [{ role: 'user', content: 'hi' }], providerOptions: { openai: { service_tier: 'flex' } } });
      const streamed = await t.model.streamChat({ messages: [{ role: 'user', content: 'hi' }] }).response;
      const [chat, stream] = t.exporter.getFinishedSpans();
      const openaiAttributes = (span: ReadableSpan) => Object.fromEntries(Object.entries(span.attributes).filter(([k]) => k.startsWith('openai.')));
      if (options.genAiProvider !== 'openai') {
        expect([openaiAttributes(chat!), openaiAttributes(stream!)]).toEqual([{}, {}]);
        return;
      }
      expect(r.serviceTier).toBeDefined();
      expect(r.systemFingerprint).toBeDefined();
      expect(openaiAttributes(chat!)).toEqual({
        'openai.api.type': 'chat_completions',
        'openai.request.service_tier': 'flex',
        'openai.response.service_tier': r.serviceTier,
        'openai.response.system_fingerprint': r.systemFingerprint,
      });
      expect(openaiAttributes(stream!)).toEqual({
        'openai.api.type': 'chat_completions',
        'openai.response.service_tier': streamed.serviceTier,
        'openai.response.system_fingerprint': streamed.systemFingerprint,
      });
    });
  });
}
