import { GROQ_RATE_LIMIT_HEADERS, startFakeGroqServer } from '@llm/mocks';
import type { FakeServer } from '@llm/mocks';
import type { StreamEvent } from '@llm/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { groqChunkMetadata, groqChunkUsage, groqCompletionMetadata, type GroqMetadata } from './groq-metadata.js';
import { LLMError } from '@llm/errors';
import type OpenAI from 'openai';
import { createGroqProvider } from './groq-provider.js';

const messages = [{ role: 'user' as const, content: 'hi' }];

function groqMeta(providerMetadata: Record<string, unknown> | undefined): GroqMetadata {
  expect(providerMetadata?.groq, 'providerMetadata.groq').toBeDefined();
  return providerMetadata!.groq as GroqMetadata;
}

describe('groq metadata', () => {
  let server: FakeServer;
  let xGroqOnly: FakeServer;

  beforeAll(async () => {
    server = await startFakeGroqServer();
    xGroqOnly = await startFakeGroqServer({ streamUsage: 'x_groq' });
  });
  afterAll(async () => {
    await server.close();
    await xGroqOnly.close();
  });
  beforeEach(() => {
    server.reset();
    xGroqOnly.reset();
  });

  const model = (s: FakeServer) => createGroqProvider({ apiKey: s.apiKey, baseUrl: s.baseUrl }).chatModel('llama-3.3-70b-versatile');

  it('surfaces x_groq id and usage timings of a JSON reply', async () => {
    server.enqueue({ kind: 'text', text: 'hello', usage: { inputTokens: 30, outputTokens: 4, reasoningTokens: 2 } });
    const r = await model(server).chat({ messages });
    const groq = groqMeta(r.providerMetadata);
    expect(groq.id).toMatch(/^req_/);
    expect(groq.timings).toEqual({ queueTime: 0.041520249, promptTime: 0.010407901, completionTime: 0.046601227, totalTime: 0.057009128 });
    expect(r.usage).toMatchObject({ inputTokens: 30, outputTokens: 4, totalTokens: 34, reasoningTokens: 2 });
  });

  it('surfaces x_groq id and timings of a stream', async () => {
    server.enqueue({ kind: 'text', text: 'one two three', usage: { inputTokens: 12, outputTokens: 3 } });
    const r = await model(server).streamChat({ messages }).response;
    const groq = groqMeta(r.providerMetadata);
    expect(groq.id).toMatch(/^req_/);
    expect(groq.timings?.totalTime).toBe(0.057009128);
    expect(groq.timings?.queueTime).toBe(0.041520249);
    expect(r.usage).toMatchObject({ inputTokens: 12, outputTokens: 3, totalTokens: 15 });
  });

  it('takes the usage from x_groq.usage when the stream has no top-level usage, exactly once', async () => {
    xGroqOnly.enqueue({ kind: 'text', text: 'alpha beta gamma', usage: { inputTokens: 45, outputTokens: 662 } });
    const events: StreamEvent<undefined>[] = [];
    const stream = model(xGroqOnly).streamChat({ messages });
    for await (const e of stream) events.push(e);
    const usages = events.filter((e) => e.type === 'usage');
    expect(usages).toHaveLength(1);
    expect(usages[0]!.type === 'usage' && usages[0]!.usage).toEqual({ inputTokens: 45, outputTokens: 662, totalTokens: 707 });
    const r = await stream.response;
    expect(r.usage).toEqual({ inputTokens: 45, outputTokens: 662, totalTokens: 707 });
    expect(groqMeta(r.providerMetadata).timings?.completionTime).toBe(0.046601227);
  });

  it('reports one usage event when usage arrives both in x_groq and at the top level', async () => {
    server.enqueue({ kind: 'text', text: 'alpha beta', usage: { inputTokens: 5, outputTokens: 2 } });
    const events: StreamEvent<undefined>[] = [];
    for await (const e of model(server).streamChat({ messages })) events.push(e);
    expect(events.filter((e) => e.type === 'usage')).toHaveLength(1);
  });

  it('exposes the x-ratelimit-* headers as providerMetadata.groq.rateLimit on replies and streams', async () => {
    server.enqueue({ kind: 'text', text: 'ok' }, { kind: 'text', text: 'streamed ok' });
    const expected = {
      requests: { limit: Number(GROQ_RATE_LIMIT_HEADERS['x-ratelimit-limit-requests']), remaining: 14399, resetMs: 6000 },
      tokens: { limit: 6000, remaining: 5982, resetMs: 180 },
    };
    const chat = await model(server).chat({ messages });
    expect(groqMeta(chat.providerMetadata).rateLimit).toEqual(expected);
    const streamed = await model(server).streamChat({ messages }).response;
    const groq = groqMeta(streamed.providerMetadata);
    expect(groq.rateLimit).toEqual(expected);
    expect(groq.id).toMatch(/^req_/); // header and chunk metadata both kept
  });

  it('sends max_completion_tokens (Groq deprecated max_tokens) and asks for stream usage', async () => {
    server.enqueue({ kind: 'text', text: 'ok' });
    await model(server).streamChat({ messages, maxTokens: 64 }).response;
    const body = server.lastRequest().body as Record<string, unknown>;
    expect(body.max_completion_tokens).toBe(64);
    expect(body.max_tokens).toBeUndefined();
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(server.lastRequest().path).toBe('/openai/v1/chat/completions');
  });

  describe('x_groq of the wrong type is a malformed_response naming the field, never dropped', () => {
    const ctx = { provider: 'groq', model: 'llama-3.3-70b-versatile' };
    const chunk = (extra: Record<string, unknown>) => ({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [], ...extra }) as unknown as OpenAI.Chat.Completions.ChatCompletionChunk;
    const malformed = (fn: () => unknown): { field: unknown; retryable: boolean; rawText: string | undefined } => {
      try {
        fn();
      } catch (err) {
        expect(LLMError.is(err) && err.code).toBe('malformed_response');
        const e = err as LLMError;
        return { field: e.details?.field, retryable: e.retryable, rawText: e.rawText };
      }
      throw new Error('expected a malformed_response');
    };

    it.each([
      [{ x_groq: 'req_1' }, 'x_groq'],
      [{ x_groq: [1] }, 'x_groq'],
      [{ x_groq: { id: 42 } }, 'x_groq.id'],
      [{ x_groq: { id: 'req_1', seed: '7' } }, 'x_groq.seed'],
      [{ x_groq: { usage: 'lots' } }, 'x_groq.usage'],
      [{ x_groq: { id: 'req_1', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, queue_time: 'slow' } } }, 'x_groq.usage.queue_time'],
      [{ usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, total_time: true } }, 'usage.total_time'],
    ])('a chunk with %j: %s', (extra, field) => {
      const e = malformed(() => groqChunkMetadata(chunk(extra), ctx));
      expect(e).toMatchObject({ field, retryable: false });
      expect(e.rawText).toContain('chat.completion.chunk');
    });

    it('in the usage fallback and in a whole completion too; absent fields and null stay absent', () => {
      expect(malformed(() => groqChunkUsage(chunk({ x_groq: 5 }), ctx)).field).toBe('x_groq');
      const completion = { id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [], x_groq: { id: ['req_1'] } } as unknown as OpenAI.Chat.Completions.ChatCompletion;
      expect(malformed(() => groqCompletionMetadata(completion, new Headers(), ctx)).field).toBe('x_groq.id');
      expect(groqChunkMetadata(chunk({ x_groq: null }), ctx)).toBeUndefined();
      expect(groqChunkMetadata(chunk({ x_groq: { id: 'req_1', seed: null } }), ctx)).toEqual({ groq: { id: 'req_1' } });
      expect(groqChunkMetadata(chunk({ x_groq: { id: 'req_1', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, queue_time: 0.5, total_time: null } } }), ctx)).toEqual({ groq: { id: 'req_1', timings: { queueTime: 0.5 } } });
    });
  });
});

