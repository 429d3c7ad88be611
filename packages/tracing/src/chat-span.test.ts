import { LLMError } from '@llm/errors';
import type { ChatResponse } from '@llm/schema';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createAsyncContextManager } from './async-context-manager.js';
import { contextWithSpan, endChatSpan, failChatSpan, markFirstChunk, runInContext, startChatSpan, type ChatSpanInfo } from './chat-span.js';
import { genAiProviderName } from './gen-ai-span-attributes.js';
import { activeTraceCorrelation } from './log-correlation.js';
import { isGlobalTracingNoop, tracerResolver } from './tracer.js';

function sdk() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, provider, tracer: provider.getTracer('test') };
}

const info: ChatSpanInfo = { operation: 'chat', provider: 'openai', requestModel: 'gpt-4o-mini', stream: false, serverAddress: 'api.openai.com', serverPort: 443 };

const response: ChatResponse<unknown> = {
  id: 'chatcmpl-1',
  provider: 'openai',
  model: 'gpt-4o-mini-2024-07-18',
  created: 1,
  text: 'Paris.',
  toolCalls: [],
  finishReason: 'stop',
  usage: { inputTokens: 21, outputTokens: 8, totalTokens: 29, cachedInputTokens: 4, cost: { totalUsd: 0.002, source: 'computed' } },
  object: undefined,
};

describe('chat spans', () => {
  afterEach(() => {
    trace.disable();
    context.disable();
  });

  it('names the CLIENT span after operation and model and records request and response attributes', () => {
    const { exporter, tracer } = sdk();
    const span = startChatSpan(tracer, info, { messages: [{ role: 'user', content: 'hi' }], maxTokens: 77, temperature: 0.3, topP: 0.9, stop: 'END', seed: 7 });
    endChatSpan(span, response);
    const [s] = exporter.getFinishedSpans();
    expect(s!.name).toBe('chat gpt-4o-mini');
    expect(s!.kind).toBe(SpanKind.CLIENT);
    expect(s!.status.code).toBe(SpanStatusCode.UNSET);
    expect(s!.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'llm.provider': 'openai',
      'openai.api.type': 'chat_completions',
      'server.address': 'api.openai.com',
      'server.port': 443,
      'gen_ai.request.max_tokens': 77,
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.request.seed': 7,
      'gen_ai.response.id': 'chatcmpl-1',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 21,
      'gen_ai.usage.output_tokens': 8,
      'gen_ai.usage.cache_read.input_tokens': 4,
      'llm.cost.usd': 0.002,
    });
  });

  it('records no content unless asked, and masks secrets when it does', () => {
    const { exporter, tracer } = sdk();
    const request = {
      messages: [
        { role: 'system' as const, content: 'Be brief.' },
        { role: 'user' as const, content: 'my key is sk-proj-abcdefghijklmnopqrstuvwxyz and a custom secret-value-123' },
      ],
    };
    endChatSpan(startChatSpan(tracer, info, request), response);
    const plain = exporter.getFinishedSpans()[0]!;
    expect(Object.keys(plain.attributes).filter((k) => k.includes('messages') || k.includes('instructions'))).toEqual([]);

    exporter.reset();
    const options = { recordContent: true, secrets: ['secret-value-123'] };
    endChatSpan(startChatSpan(tracer, info, request, options), response, options);
    const s = exporter.getFinishedSpans()[0]!;
    const input = s.attributes['gen_ai.input.messages'] as string;
    expect(input).not.toContain('abcdefghijklmnopqrstuvwxyz');
    expect(input).not.toContain('secret-value-123');
    expect(JSON.parse(s.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Paris.' }], finish_reason: 'stop' },
    ]);
  });

  it('records a system message where the provider’s API takes it: in the history (OpenAI) or apart (Anthropic)', () => {
    const { exporter, tracer } = sdk();
    const request = { messages: [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'Hi' }] };
    const record = (spanInfo: ChatSpanInfo) => {
      exporter.reset();
      endChatSpan(startChatSpan(tracer, spanInfo, request, { recordContent: true }), response, { recordContent: true });
      const a = exporter.getFinishedSpans()[0]!.attributes;
      return [JSON.parse(a['gen_ai.input.messages'] as string), a['gen_ai.system_instructions'] && JSON.parse(a['gen_ai.system_instructions'] as string)];
    };
    const system = { type: 'text', content: 'Be brief.' };
    const user = { role: 'user', parts: [{ type: 'text', content: 'Hi' }] };
    expect(record(info)).toEqual([[{ role: 'system', parts: [system] }, user], undefined]);
    expect(record({ ...info, provider: 'groq' })).toEqual([[{ role: 'system', parts: [system] }, user], undefined]);
    expect(record({ ...info, provider: 'anthropic' })).toEqual([[user], [system]]);
    expect(record({ ...info, provider: 'google' })).toEqual([[user], [system]]);
    // A provider of one's own says where its API takes them.
    expect(record({ ...info, provider: 'in-house', systemInstructions: 'separate' })).toEqual([[user], [system]]);
  });

  it('OpenAI spans carry the requested and served service tiers and the system fingerprint; others none of openai.*', () => {
    const { exporter, tracer } = sdk();
    const served = { ...response, serviceTier: 'default', systemFingerprint: 'fp_44709d6fcb' };
    const openaiAttributes = (spanInfo: ChatSpanInfo, tier?: string) => {
      exporter.reset();
      const request = { messages: [{ role: 'user' as const, content: 'hi' }], ...(tier ? { providerOptions: { openai: { service_tier: tier } } } : {}) };
      endChatSpan(startChatSpan(tracer, spanInfo, request), { ...served, provider: spanInfo.provider });
      return Object.fromEntries(Object.entries(exporter.getFinishedSpans()[0]!.attributes).filter(([k]) => k.startsWith('openai.')));
    };
    expect(openaiAttributes(info, 'flex')).toEqual({
      'openai.api.type': 'chat_completions',
      'openai.request.service_tier': 'flex',
      'openai.response.service_tier': 'default',
      'openai.response.system_fingerprint': 'fp_44709d6fcb',
    });
    // `auto` is not recorded as a requested tier (conditionally required only for another value).
    expect(openaiAttributes(info, 'auto')).not.toHaveProperty('openai.request.service_tier');
    expect(openaiAttributes({ ...info, provider: 'groq' }, 'flex')).toEqual({});
  });

  it('names the cache-write count by the conventions asked for', () => {
    const { exporter, tracer } = sdk();
    const cached = { ...response, usage: { ...response.usage, cacheWriteTokens: 12 } };
    const names = (semconv?: 'established' | 'latest' | 'both') => {
      exporter.reset();
      endChatSpan(startChatSpan(tracer, info, { messages: [{ role: 'user', content: 'hi' }] }), cached, semconv ? { semconv } : {});
      return Object.keys(exporter.getFinishedSpans()[0]!.attributes).filter((k) => k.startsWith('gen_ai.usage.cache_'));
    };
    expect(names()).toEqual(['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_creation.input_tokens']);
    expect(names('established')).toEqual(['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_creation.input_tokens']);
    expect(names('latest')).toEqual(['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_write.input_tokens']);
    expect(names('both')).toEqual(['gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_write.input_tokens']);
  });

  it('fails a span with status ERROR and error.type set to the LLMError code', () => {
    const { exporter, tracer } = sdk();
    const span = startChatSpan(tracer, info, { messages: [{ role: 'user', content: 'hi' }] });
    failChatSpan(span, new LLMError({ code: 'rate_limited', message: 'slow down', status: 429 }));
    const s = exporter.getFinishedSpans()[0]!;
    expect(s.status).toEqual({ code: SpanStatusCode.ERROR, message: 'slow down' });
    expect(s.attributes['error.type']).toBe('rate_limited');
    expect(s.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    expect(s.attributes['http.response.status_code']).toBe(429);
    expect(s.attributes['llm.error.retryable']).toBe(true);
  });

  it('records the first chunk of a stream as an event', () => {
    const { exporter, tracer } = sdk();
    const span = startChatSpan(tracer, { ...info, stream: true }, { messages: [{ role: 'user', content: 'hi' }] });
    markFirstChunk(span, 120);
    endChatSpan(span, response);
    const s = exporter.getFinishedSpans()[0]!;
    expect(s.attributes['gen_ai.request.stream']).toBe(true);
    expect(s.attributes['gen_ai.response.time_to_first_chunk']).toBeCloseTo(0.12);
    expect(s.events.map((e) => e.name)).toEqual(['llm.first_chunk']);
  });

  it('uses the global provider only once an SDK registered one', () => {
    const resolveTracer = tracerResolver();
    expect(isGlobalTracingNoop()).toBe(true);
    expect(resolveTracer()).toBeUndefined();
    const { exporter, provider } = sdk();
    trace.setGlobalTracerProvider(provider);
    expect(isGlobalTracingNoop()).toBe(false);
    const tracer = resolveTracer();
    expect(tracer).toBeDefined();
    expect(resolveTracer()).toBe(tracer);
    trace.disable();
    expect(resolveTracer()).toBeUndefined();
    const again = sdk();
    trace.setGlobalTracerProvider(again.provider);
    expect(resolveTracer()).not.toBe(tracer);
    endChatSpan(startChatSpan(resolveTracer()!, info, { messages: [{ role: 'user', content: 'hi' }] }), response);
    expect(again.exporter.getFinishedSpans()).toHaveLength(1);
    endChatSpan(startChatSpan(tracer!, info, { messages: [{ role: 'user', content: 'hi' }] }), response);
    expect(exporter.getFinishedSpans()).toHaveLength(1);
  });

  it('gives the active span ids for log correlation', async () => {
    context.setGlobalContextManager(createAsyncContextManager());
    const { tracer } = sdk();
    expect(activeTraceCorrelation()).toBeUndefined();
    const span = startChatSpan(tracer, info, { messages: [{ role: 'user', content: 'hi' }] });
    const ids = await runInContext(contextWithSpan(span), async () => {
      await new Promise((r) => setTimeout(r, 1));
      return activeTraceCorrelation();
    });
    expect(ids).toEqual({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId, trace_flags: '01' });
    span.end();
  });

  it('maps provider names to the conventions’ well-known values', () => {
    expect(['openai', 'anthropic', 'google', 'groq', 'openrouter'].map(genAiProviderName)).toEqual(['openai', 'anthropic', 'gcp.gemini', 'groq', 'openrouter']);
  });
});
