import { startFakeOpenAIServer, type FakeServer } from '@llm/mocks';
import type { TransportStreamPart } from '@llm/core';
import type OpenAI from 'openai';
import { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIProvider } from './openai-provider.js';
import { ChatCompletionSink, type ChunkHooks } from './openai-stream.js';

// Chat Completions chunks → transport parts. Through the real SDK: reasoning text as the
// OpenAI-compatible vendors send it (`reasoning_content`, DeepSeek-style). On hand-made chunks
// through the sink: the hooks Groq and OpenRouter plug in, and how the parts end.

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;

describe('reasoning text from an OpenAI-compatible vendor, through the SDK', () => {
  let server: FakeServer;
  beforeAll(async () => {
    server = await startFakeOpenAIServer({ reasoningField: 'reasoning_content' });
  });
  afterAll(() => server.close());

  it('comes back as reasoning deltas and the response\'s reasoning, streamed or not', async () => {
    const model = createOpenAIProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('deepseek-reasoner');
    const ask = { messages: [{ role: 'user' as const, content: 'Why is the sky blue?' }] };
    server.enqueue({ kind: 'text', text: 'Rayleigh scattering.', reasoning: 'Short waves scatter more.' });
    const pieces: string[] = [];
    const stream = model.streamChat(ask);
    for await (const e of stream) if (e.type === 'reasoning-delta') pieces.push(e.text);
    expect(pieces.join('')).toBe('Short waves scatter more.');
    expect(await stream.response).toMatchObject({ text: 'Rayleigh scattering.', reasoning: 'Short waves scatter more.' });
    server.enqueue({ kind: 'text', text: 'Rayleigh scattering.', reasoning: 'Short waves scatter more.' });
    expect((await model.chat(ask)).reasoning).toBe('Short waves scatter more.');
  });
});

function chunk(over: Partial<Chunk> & { delta?: Record<string, unknown>; finish?: Chunk['choices'][number]['finish_reason'] } = {}): Chunk {
  const { delta, finish, ...rest } = over;
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm-1',
    choices: delta || finish ? [{ index: 0, delta: (delta ?? {}) as Chunk['choices'][number]['delta'], finish_reason: finish ?? null }] : [],
    ...rest,
  };
}

/**
 * Runs hand-made chunks through the sink as the stream reader does: the reply's headers first,
 * each chunk as one event's data, then the end.
 */
function sinkParts(
  chunks: Chunk[],
  hooks?: ChunkHooks,
  opts: { requestId?: string; headerMetadata?: Record<string, unknown>; events?: Array<{ data: string; name?: string }> } = {},
): TransportStreamPart[] {
  const sink = new ChatCompletionSink({ provider: 'openai', model: 'gpt-test' }, hooks, opts.headerMetadata ? () => opts.headerMetadata : undefined);
  sink.opened(new Response(null, { headers: opts.requestId ? { 'x-request-id': opts.requestId } : {} }));
  const out: TransportStreamPart[] = [];
  for (const c of chunks) sink.event(JSON.stringify(c), undefined, out);
  for (const e of opts.events ?? []) sink.event(e.data, e.name, out);
  sink.end(out);
  return out;
}

const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };

describe('ChatCompletionSink', () => {
  it('merges vendor metadata two levels deep, from the opening and from every chunk', () => {
    const got = sinkParts([chunk({ delta: { content: 'a' } }), chunk({ delta: { content: 'b' }, finish: 'stop', usage })], { chunkMetadata: (c) => (c.usage ? { groq: { id: 'x' }, flag: true } : c.choices.length ? { groq: 'not-a-record-yet' } : undefined) }, { requestId: 'req-1', headerMetadata: { groq: { region: 'eu' } } });
    expect(got.at(-1)).toEqual({ type: 'metadata', providerMetadata: { groq: { id: 'x' }, flag: true } });
    expect(got[0]).toEqual({ type: 'metadata', id: 'chatcmpl-1', model: 'm-1', created: 1, requestId: 'req-1' });
  });

  it('keeps both levels when each chunk adds its own key', () => {
    const got = sinkParts([chunk({ delta: { content: 'a' } }), chunk({ finish: 'stop' })], { chunkMetadata: (c) => ({ groq: c.choices[0]?.finish_reason ? { done: true } : { started: true } }) }, { headerMetadata: { groq: { region: 'eu' } } });
    expect(got.at(-1)).toEqual({ type: 'metadata', providerMetadata: { groq: { region: 'eu', started: true, done: true } } });
  });

  it('uses usage a vendor sends elsewhere only when no top-level usage came, once, at the end', () => {
    const elsewhere = { prompt_tokens: 7, completion_tokens: 1, total_tokens: 8 };
    const hooks = { chunkUsage: (c: Chunk) => (c.choices[0]?.finish_reason ? elsewhere : null) };
    const fallback = sinkParts([chunk({ delta: { content: 'a' } }), chunk({ finish: 'stop' })], hooks);
    expect(fallback.filter((p) => p.type === 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 7, outputTokens: 1, totalTokens: 8 } }]);
    const direct = sinkParts([chunk({ delta: { content: 'a' } }), chunk({ finish: 'stop', usage })], hooks);
    expect(direct.filter((p) => p.type === 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 } }]);
  });

  it('reads reasoning as `reasoning` or `reasoning_content`, and a tool call without arguments as empty', () => {
    const got = sinkParts([
      chunk({ delta: { reasoning: 'r1' } }),
      chunk({ delta: { reasoning_content: 'r2' } }),
      chunk({ delta: { tool_calls: [{ index: 0, id: 'call_1', function: { name: 'ping' } }] } }),
      chunk({ finish: 'tool_calls' }),
    ]);
    expect(got.filter((p) => p.type !== 'metadata')).toEqual([
      { type: 'reasoning-delta', text: 'r1' },
      { type: 'reasoning-delta', text: 'r2' },
      { type: 'tool-call-delta', index: 0, id: 'call_1', name: 'ping', argumentsDelta: '' },
      { type: 'finish', finishReason: 'tool_calls', rawFinishReason: 'tool_calls' },
    ]);
  });

  it('a stream with no chunks still reports its request id', () => {
    expect(sinkParts([], undefined, { requestId: 'req-9' })).toEqual([{ type: 'metadata', requestId: 'req-9' }]);
  });

  it('ignores what follows [DONE] and events named thread.*', () => {
    const got = sinkParts([chunk({ delta: { content: 'a' } })], undefined, {
      events: [{ data: JSON.stringify(chunk({ delta: { content: 'x' } })), name: 'thread.message.delta' }, { data: '[DONE]' }, { data: JSON.stringify(chunk({ delta: { content: 'late' } })) }],
    });
    expect(got.filter((p) => p.type === 'text-delta')).toEqual([{ type: 'text-delta', text: 'a' }]);
  });

  it('throws the SDK\'s APIError for an error object inside the stream', () => {
    expect(() => sinkParts([], undefined, { events: [{ data: JSON.stringify({ error: { message: 'overloaded', type: 'server_error' } }) }] })).toThrow(APIError);
  });
});
