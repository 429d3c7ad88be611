import { LLMError } from '@llm/errors';
import { createAsyncContextManager } from '@llm/tracing';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatModel, type ChatModel, type ChatTransport } from '../model/index.js';
import { defaultMiddlewareStack } from '../client/index.js';
import { ClientConfigSchema } from '../config/index.js';
import { noopLogger, createJsonLogger, loggingMiddleware } from '../logging/index.js';
import { UsageTracker } from '../cost/index.js';
import { createFallbackModel, createLoadBalancedModel } from '../routing/index.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { applyMiddleware, type Middleware } from '../middleware/index.js';
import { retryMiddleware } from '../retry/index.js';
import { budgetMiddleware } from '../budget/index.js';
import { cacheMiddleware } from '../cache/index.js';
import { circuitBreakerMiddleware } from '../circuit-breaker/index.js';
import { rateLimitMiddleware } from '../rate-limit/index.js';
import { timeoutMiddleware } from '../timeout/index.js';
import { tracingMiddleware } from './tracing-middleware.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('test');
const traced = tracingMiddleware({ tracer, serverUrl: 'https://api.example.com/v1' });
const hi = { messages: [{ role: 'user' as const, content: 'hi' }] };

/** A transport that fails `failures` times with `code`, then answers. */
function flaky(failures: number, code: 'overloaded' | 'rate_limited', name = 'fake'): ChatTransport {
  const ok = fakeTransport({}, name);
  let left = failures;
  return {
    ...ok,
    async doChat(request, options) {
      if (left-- > 0) throw new LLMError({ code, message: `vendor ${code}`, status: code === 'overloaded' ? 529 : 429 });
      return ok.doChat(request, options);
    },
  };
}

/** A transport whose stream fails before its first event `failures` times, then streams "a", "b". */
function flakyStream(failures: number): ChatTransport {
  const ok = fakeTransport({ chunks: ['a', 'b'] });
  let left = failures;
  return {
    ...ok,
    doStream(request, options) {
      if (left-- > 0) throw new LLMError({ code: 'overloaded', message: 'vendor overloaded', status: 529 });
      return ok.doStream(request, options);
    },
  };
}

const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

describe('tracingMiddleware', () => {
  beforeAll(() => {
    context.setGlobalContextManager(createAsyncContextManager());
  });
  afterAll(() => {
    context.disable();
    trace.disable();
  });
  beforeEach(() => exporter.reset());

  it('makes one CLIENT span per chat call with request, response and usage attributes', async () => {
    const model = applyMiddleware(createChatModel(fakeTransport({ usage: { inputTokens: 21, outputTokens: 8, totalTokens: 29 } })), traced);
    const r = await model.chat({ ...hi, maxTokens: 50, temperature: 0.5, stop: ['END'] });
    expect(spans()).toHaveLength(1);
    const s = spans()[0]!;
    expect(s.name).toBe('chat fake-model');
    expect(s.kind).toBe(SpanKind.CLIENT);
    expect(s.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'fake',
      'gen_ai.request.model': 'fake-model',
      'llm.provider': 'fake',
      'server.address': 'api.example.com',
      'server.port': 443,
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.response.id': r.id,
      'gen_ai.response.model': 'fake-model-001',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 21,
      'gen_ai.usage.output_tokens': 8,
    });
    expect(s.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('a stream has one span covering the whole stream, with a first-chunk event', async () => {
    const model = applyMiddleware(createChatModel(fakeTransport({ chunks: ['a', 'b', 'c'] })), traced);
    const stream = model.streamChat(hi);
    let events = 0;
    for await (const e of stream) {
      events++;
      if (e.type === 'text-delta') expect(spans()).toHaveLength(0); // still open while chunks arrive
    }
    expect(events).toBeGreaterThan(3);
    expect(spans()).toHaveLength(1);
    const s = spans()[0]!;
    expect(s.name).toBe('chat fake-model');
    expect(s.attributes['gen_ai.request.stream']).toBe(true);
    expect(s.attributes['gen_ai.response.model']).toBe('fake-model-001');
    expect(s.attributes['gen_ai.usage.output_tokens']).toBe(2);
    expect(s.events.map((e) => e.name)).toEqual(['llm.first_chunk']);
    expect(s.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });

  it('a failed call sets status ERROR and error.type to the LLMError code', async () => {
    const model = applyMiddleware(createChatModel(flaky(1, 'rate_limited')), traced);
    await expect(model.chat(hi)).rejects.toMatchObject({ code: 'rate_limited' });
    const s = spans()[0]!;
    expect(s.status).toEqual({ code: SpanStatusCode.ERROR, message: 'vendor rate_limited' });
    expect(s.attributes['error.type']).toBe('rate_limited');
    expect(s.attributes['http.response.status_code']).toBe(429);
  });

  it('a stream the caller leaves early ends its span as canceled', async () => {
    const model = applyMiddleware(createChatModel(fakeTransport({ chunks: ['a', 'b', 'c', 'd'] })), traced);
    for await (const e of model.streamChat(hi)) if (e.type === 'text-delta') break;
    await new Promise((r) => setTimeout(r, 5));
    expect(spans()).toHaveLength(1);
    expect(spans()[0]!.attributes['error.type']).toBe('canceled');
  });

  it('outside retry, one span covers the call and its retries, with an llm.retry event per retried attempt', async () => {
    const model = applyMiddleware(createChatModel(flaky(2, 'overloaded')), traced, retryMiddleware({ policy: { initialDelay: 1, maxDelay: 1 } }));
    await tracer.startActiveSpan('request', async (root) => {
      await model.chat(hi);
      root.end();
    });
    const calls = spans().filter((s) => s.name === 'chat fake-model');
    const root = spans().find((s) => s.name === 'request')!;
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(parentOf(call)).toBe(root.spanContext().spanId);
    // The outcome is the call's: answered, so no error on the span.
    expect(call.status.code).toBe(SpanStatusCode.UNSET);
    expect(call.attributes['error.type']).toBeUndefined();
    expect(call.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(call.events.map((e) => [e.name, e.attributes?.['llm.retry.attempt'], e.attributes?.['error.type'], e.attributes?.['http.response.status_code']])).toEqual([
      ['llm.retry', 2, 'overloaded', 529],
      ['llm.retry', 3, 'overloaded', 529],
    ]);
    expect(call.events[0]!.attributes?.['llm.error.message']).toBe('vendor overloaded');
    expect(call.events[0]!.attributes?.['llm.retry.delay']).toBeGreaterThanOrEqual(0);

    // Every attempt fails: the span ends with the last error, the earlier ones are events.
    exporter.reset();
    const failing = applyMiddleware(createChatModel(flaky(9, 'overloaded')), traced, retryMiddleware({ policy: { maxRetries: 1, initialDelay: 1, maxDelay: 1 } }));
    await expect(failing.chat(hi)).rejects.toMatchObject({ code: 'overloaded' });
    const [failed] = spans();
    expect(spans()).toHaveLength(1);
    expect([failed!.status.code, failed!.attributes['error.type'], failed!.events.map((e) => e.name)]).toEqual([SpanStatusCode.ERROR, 'overloaded', ['llm.retry']]);
  });

  it('a stream retried before its first chunk has one span, with the retry as an event', async () => {
    const model = applyMiddleware(createChatModel(flakyStream(1)), traced, retryMiddleware({ policy: { initialDelay: 1, maxDelay: 1 } }));
    expect((await model.streamChat(hi).response).text).toBe('ab');
    expect(spans()).toHaveLength(1);
    const [s] = spans();
    expect(s!.status.code).toBe(SpanStatusCode.UNSET);
    expect(s!.events.map((e) => [e.name, e.attributes?.['error.type']])).toEqual([
      ['llm.retry', 'overloaded'],
      ['llm.first_chunk', undefined],
    ]);
  });

  it('each fallback hop is its own span, naming the model it went to', async () => {
    const first = applyMiddleware(createChatModel(flaky(5, 'overloaded', 'alpha')), traced);
    const second = applyMiddleware(createChatModel(fakeTransport({}, 'beta')), traced);
    const model = createFallbackModel([first, second]);
    await model.chat(hi);
    const hops = spans();
    expect(hops.map((s) => [s.attributes['gen_ai.provider.name'], s.status.code, s.attributes['error.type']])).toEqual([
      ['alpha', SpanStatusCode.ERROR, 'overloaded'],
      ['beta', SpanStatusCode.UNSET, undefined],
    ]);
  });

  it('log lines written during the call carry its trace_id and span_id', async () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ level: 'debug', write: (l) => lines.push(l) });
    const model = applyMiddleware(createChatModel(fakeTransport()), traced, loggingMiddleware({ logger }));
    await model.chat(hi);
    const s = spans()[0]!;
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.map((l) => l.msg)).toEqual(['llm.request', 'llm.response']);
    for (const l of logged) expect([l.trace_id, l.span_id]).toEqual([s.spanContext().traceId, s.spanContext().spanId]);
    lines.length = 0;
    for await (const _e of model.streamChat(hi)) {
      // read it all
    }
    const streamSpan = spans()[1]!;
    expect(lines.map((l) => (JSON.parse(l) as Record<string, unknown>).span_id)).toEqual([streamSpan.spanContext().spanId, streamSpan.spanContext().spanId]);
  });

  it('in the default stack (logging outermost), the outcome line carries the call’s inference span', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createJsonLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l) as Record<string, unknown>) });
    const config = ClientConfigSchema.parse({ provider: 'fake', model: 'fake-model', retry: { maxRetries: 3, initialDelay: 1, maxDelay: 2 } });
    const stack = (transport: ChatTransport) => applyMiddleware(createChatModel(transport), ...defaultMiddlewareStack(config, { logger, usage: new UsageTracker(), tracer }));
    const ids = (line: Record<string, unknown> | undefined) => [line?.trace_id, line?.span_id];
    const idsOf = (s: ReadableSpan) => [s.spanContext().traceId, s.spanContext().spanId];

    // No span of the caller's: the request line has no ids, the response line those of the call's span (two retries on it).
    await stack(flaky(2, 'overloaded')).chat(hi);
    expect(lines.map((l) => l.msg)).toEqual(['llm.request', 'llm.response']);
    expect(ids(lines[0])).toEqual([undefined, undefined]);
    expect(spans()).toHaveLength(1);
    expect(spans()[0]!.events.map((e) => e.name)).toEqual(['llm.retry', 'llm.retry']);
    expect(ids(lines[1])).toEqual(idsOf(spans()[0]!));

    // Every attempt fails: the error line leads to the failed span.
    lines.length = 0;
    exporter.reset();
    await expect(stack(flaky(9, 'overloaded')).chat(hi)).rejects.toMatchObject({ code: 'overloaded' });
    expect(spans()).toHaveLength(1);
    expect(spans()[0]!.events).toHaveLength(3);
    expect(lines.map((l) => l.msg)).toEqual(['llm.request', 'llm.error']);
    expect(ids(lines[1])).toEqual(idsOf(spans()[0]!));

    // A stream retried before its first chunk, made inside the caller's span and read outside it:
    // its span still nests under the caller's span, and the response line names it.
    lines.length = 0;
    exporter.reset();
    const stream = tracer.startActiveSpan('request', (root) => {
      const s = stack(flakyStream(1)).streamChat(hi);
      root.end();
      return s;
    });
    expect((await stream.response).text).toBe('ab');
    const root = spans().find((s) => s.name === 'request')!;
    const calls = spans().filter((s) => s.name === 'chat fake-model');
    expect(calls.map((s) => [s.attributes['error.type'] ?? 'ok', s.events.map((e) => e.name)])).toEqual([['ok', ['llm.retry', 'llm.first_chunk']]]);
    expect(calls.map(parentOf)).toEqual([root.spanContext().spanId]);
    expect(lines.map((l) => l.msg)).toEqual(['llm.request', 'llm.response']);
    expect(ids(lines[1])).toEqual(idsOf(calls[0]!));
  });

  it('a stream opened on its first read by a layer above still nests under the span it was made in', async () => {
    const layers: [string, Middleware][] = [
      ['circuit breaker', circuitBreakerMiddleware()],
      ['rate limiter', rateLimitMiddleware({ requests: 100, maxConcurrent: 2 })],
      ['budget', budgetMiddleware({ maxCostPerRequest: 1, unpricedModels: 'allow' })],
      ['cache', cacheMiddleware({ cacheNonZeroTemperature: true })],
      ['timeout', timeoutMiddleware({ total: 5000 })],
      ['retry', retryMiddleware({ policy: { maxRetries: 1 } })],
    ];
    const balanced = createLoadBalancedModel([applyMiddleware(createChatModel(fakeTransport({ chunks: ['a'] })), traced)]);
    const models: [string, ChatModel][] = [
      ...layers.map(([name, layer]): [string, ChatModel] => [name, applyMiddleware(createChatModel(fakeTransport({ chunks: ['a'] })), layer, traced)]),
      ['load balancer', balanced],
    ];
    for (const [name, model] of models) {
      exporter.reset();
      const stream = tracer.startActiveSpan('request', (root) => {
        const s = model.streamChat(hi);
        root.end();
        return s;
      });
      await stream.response; // read outside the span
      const root = spans().find((s) => s.name === 'request')!;
      const call = spans().find((s) => s.name === 'chat fake-model');
      expect([name, call && parentOf(call)]).toEqual([name, root.spanContext().spanId]);
    }
  });

  it('records content only when asked', async () => {
    const withContent = applyMiddleware(createChatModel(fakeTransport({ text: 'Paris.' })), tracingMiddleware({ tracer, recordContent: true }));
    await withContent.chat({ messages: [{ role: 'user', content: 'Capital of France?' }] });
    const s = spans()[0]!;
    expect(JSON.parse(s.attributes['gen_ai.input.messages'] as string)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Capital of France?' }] }]);
    expect(s.attributes['gen_ai.output.messages']).toContain('Paris.');
  });

  it('without a tracer and no SDK registered, calls go straight through', async () => {
    const inner = createChatModel(fakeTransport());
    const model = applyMiddleware(inner, tracingMiddleware());
    const r = await model.chat(hi);
    expect(r.text).toBe('hello world');
    const s = model.streamChat(hi);
    expect((await s.response).text).toBe('hello world');
    expect(spans()).toHaveLength(0);
  });

  it('the default stack traces each call, its retries included, once an SDK is registered globally, with no code', async () => {
    const config = ClientConfigSchema.parse({ provider: 'fake', model: 'fake-model', baseUrl: 'http://127.0.0.1:9999/v1', retry: { initialDelay: 1 } });
    const stack = defaultMiddlewareStack(config, { logger: noopLogger, usage: new UsageTracker() });
    const model = applyMiddleware(createChatModel(flaky(1, 'overloaded')), ...stack);
    await model.chat(hi);
    expect(spans()).toHaveLength(0); // no SDK: nothing recorded, nothing broken
    trace.setGlobalTracerProvider(provider);
    const again = applyMiddleware(createChatModel(flaky(1, 'overloaded')), ...stack);
    await again.chat(hi);
    expect(spans().map((s) => [s.name, s.attributes['error.type'] ?? 'ok', s.attributes['server.port'], s.events.map((e) => e.name)])).toEqual([
      ['chat fake-model', 'ok', 9999, ['llm.retry']],
    ]);
    trace.disable();
  });
});
