import { GROQ_RATE_LIMIT_HEADERS, startFakeGroqServer } from '@llm/mocks';
import type { FakeServer } from '@llm/mocks';
import type { StreamEvent } from '@llm/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GroqMetadata } from './groq-metadata.js';
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
});
