import { startFakeOpenAIServer, type FakeServer } from '@llm/mocks';
import type { TransportStreamPart } from '@llm/core';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIProvider } from './openai-provider.js';
import { ChatCompletionChunkParts, fromChatCompletionChunks } from './openai-stream.js';

// Chat Completions chunks → transport parts. Through the real SDK: reasoning text as the
// OpenAI-compatible vendors send it (`reasoning_content`, DeepSeek-style). On hand-made chunks:
// the hooks Groq and OpenRouter plug in, and how the parts end and close.

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

async function* chunksOf(list: Chunk[], onClose?: () => void): AsyncGenerator<Chunk> {
  try {
    for (const c of list) yield c;
  } finally {
    onClose?.();
  }
}

async function parts(iterable: AsyncIterable<TransportStreamPart>): Promise<TransportStreamPart[]> {
  const out: TransportStreamPart[] = [];
  for await (const p of iterable) out.push(p);
  return out;
}

const mapError = (err: unknown) => (err instanceof Error ? err : new Error(String(err)));
const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };

describe('ChatCompletionChunkParts', () => {
  it('merges vendor metadata two levels deep, from the opening and from every chunk', async () => {
    const got = await parts(
      new ChatCompletionChunkParts(
        async () => ({ chunks: chunksOf([chunk({ delta: { content: 'a' } }), chunk({ delta: { content: 'b' }, finish: 'stop', usage })]), requestId: 'req-1', metadata: { groq: { region: 'eu' } } }),
        mapError,
        { chunkMetadata: (c) => (c.usage ? { groq: { id: 'x' }, flag: true } : c.choices.length ? { groq: 'not-a-record-yet' } : undefined) },
      ),
    );
    expect(got.at(-1)).toEqual({ type: 'metadata', providerMetadata: { groq: { id: 'x' }, flag: true } });
    expect(got[0]).toEqual({ type: 'metadata', id: 'chatcmpl-1', model: 'm-1', created: 1, requestId: 'req-1' });
  });

  it('keeps both levels when each chunk adds its own key', async () => {
    const got = await parts(
      fromChatCompletionChunks(
        async () => ({ chunks: chunksOf([chunk({ delta: { content: 'a' } }), chunk({ finish: 'stop' })]), requestId: undefined, metadata: { groq: { region: 'eu' } } }),
        mapError,
        { chunkMetadata: (c) => ({ groq: c.choices[0]?.finish_reason ? { done: true } : { started: true } }) },
      ),
    );
    expect(got.at(-1)).toEqual({ type: 'metadata', providerMetadata: { groq: { region: 'eu', started: true, done: true } } });
  });

  it('uses usage a vendor sends elsewhere only when no top-level usage came, once, at the end', async () => {
    const elsewhere = { prompt_tokens: 7, completion_tokens: 1, total_tokens: 8 };
    const hooks = { chunkUsage: (c: Chunk) => (c.choices[0]?.finish_reason ? elsewhere : null) };
    const fallback = await parts(new ChatCompletionChunkParts(async () => ({ chunks: chunksOf([chunk({ delta: { content: 'a' } }), chunk({ finish: 'stop' })]), requestId: undefined }), mapError, hooks));
    expect(fallback.filter((p) => p.type === 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 7, outputTokens: 1, totalTokens: 8 } }]);
    const direct = await parts(new ChatCompletionChunkParts(async () => ({ chunks: chunksOf([chunk({ delta: { content: 'a' } }), chunk({ finish: 'stop', usage })]), requestId: undefined }), mapError, hooks));
    expect(direct.filter((p) => p.type === 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 } }]);
  });

  it('reads reasoning as `reasoning` or `reasoning_content`, and a tool call without arguments as empty', async () => {
    const got = await parts(
      new ChatCompletionChunkParts(
        async () => ({
          chunks: chunksOf([
            chunk({ delta: { reasoning: 'r1' } }),
            chunk({ delta: { reasoning_content: 'r2' } }),
            chunk({ delta: { tool_calls: [{ index: 0, id: 'call_1', function: { name: 'ping' } }] } }),
            chunk({ finish: 'tool_calls' }),
          ]),
          requestId: undefined,
        }),
        mapError,
      ),
    );
    expect(got.filter((p) => p.type !== 'metadata')).toEqual([
      { type: 'reasoning-delta', text: 'r1' },
      { type: 'reasoning-delta', text: 'r2' },
      { type: 'tool-call-delta', index: 0, id: 'call_1', name: 'ping', argumentsDelta: '' },
      { type: 'finish', finishReason: 'tool_calls', rawFinishReason: 'tool_calls' },
    ]);
  });

  it('a stream with no chunks still reports its request id', async () => {
    const got = await parts(new ChatCompletionChunkParts(async () => ({ chunks: chunksOf([]), requestId: 'req-9' }), mapError));
    expect(got).toEqual([{ type: 'metadata', requestId: 'req-9' }]);
  });

  it('return() closes the SDK stream while it is open, and nothing after', async () => {
    let closed = 0;
    const it = new ChatCompletionChunkParts(async () => ({ chunks: chunksOf([chunk({ delta: { content: 'a' } }), chunk({ delta: { content: 'b' } })], () => closed++), requestId: undefined }), mapError);
    await it.next();
    expect(await it.return()).toEqual({ done: true, value: undefined });
    expect(await it.return()).toEqual({ done: true, value: undefined });
    expect(closed).toBe(1);
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });
});
