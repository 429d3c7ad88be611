import { LLMError } from '@llm/errors';
import type { ChatResponse } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { ChatStream, createChatModel, type ChatTransport, type TransportStreamPart } from '../model/index.js';
import { fakeTransport } from '../model/fake-transport.test-util.js';
import { tapStream } from './cost-stream.js';

// tapStream, the stream the budget and usage layers watch: each hook called as it should be, and
// exactly one ending reported (finish, a failure, a stream cut short, a reader who left).

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

function hooks() {
  const seen = { events: [] as string[], finished: [] as ChatResponse<undefined>[], errors: [] as LLMError[] };
  return {
    seen,
    hooks: {
      onEvent: (e: { type: string }) => void seen.events.push(e.type),
      onFinish: (r: ChatResponse<undefined>) => void seen.finished.push(r),
      onError: (e: LLMError) => void seen.errors.push(e),
    },
  };
}

describe('tapStream', () => {
  it('passes every event on, reports the finish once and no failure', async () => {
    const { seen, hooks: h } = hooks();
    const inner = createChatModel(fakeTransport({ chunks: ['a', 'b'] }));
    const stream = tapStream('fake', 'fake-model', () => inner.streamChat(ask), h);
    expect((await stream.response).text).toBe('ab');
    expect(seen.events).toEqual(['text-delta', 'text-delta', 'usage', 'finish']);
    expect(seen.finished.map((r) => r.text)).toEqual(['ab']);
    expect(seen.errors).toEqual([]);
  });

  it('reports a stream that could not be opened: an LLMError as it is, anything else as a provider_error naming the call', async () => {
    const refused = new LLMError({ code: 'cost_exceeded', message: 'no room' });
    const first = hooks();
    await expect(tapStream('p', 'm', () => Promise.reject(refused), first.hooks).response).rejects.toMatchObject({ code: 'cost_exceeded' });
    expect(first.seen.errors).toEqual([refused]);

    const second = hooks();
    await expect(tapStream('p', 'm', () => Promise.reject(new Error('socket hang up')), second.hooks).response).rejects.toBeDefined();
    expect(second.seen.errors).toHaveLength(1);
    expect(second.seen.errors[0]).toMatchObject({ code: 'provider_error', provider: 'p', model: 'm', message: 'Error: socket hang up' });
  });

  it('reports a stream that ended without its finish as a network failure, once', async () => {
    const { seen, hooks: h } = hooks();
    const cut = () =>
      new ChatStream<undefined>(
        async function* () {
          yield { type: 'text-delta', text: 'half' };
        },
        { provider: 'p', modelId: 'm' },
      );
    const it = tapStream('p', 'm', cut, h)[Symbol.asyncIterator]();
    await it.next();
    await it.next().catch(() => undefined);
    await it.next().catch(() => undefined);
    expect(seen.errors).toHaveLength(1);
    expect(seen.errors[0]).toMatchObject({ code: 'network', provider: 'p', model: 'm', message: 'the stream ended before it finished' });
    expect(seen.finished).toEqual([]);
  });

  it('a reader who leaves early is reported as canceled, and the stream below is closed', async () => {
    const { seen, hooks: h } = hooks();
    let closed = false;
    const transport: ChatTransport = {
      provider: 'p',
      modelId: 'm',
      doChat: () => Promise.reject(new Error('unused')),
      async *doStream(): AsyncGenerator<TransportStreamPart> {
        try {
          yield { type: 'text-delta', text: 'a' };
          yield { type: 'text-delta', text: 'b' };
          yield { type: 'finish', finishReason: 'stop' };
        } finally {
          closed = true;
        }
      },
    };
    const inner = createChatModel(transport);
    for await (const event of tapStream('p', 'm', () => inner.streamChat(ask), h)) {
      if (event.type === 'text-delta') break;
    }
    expect(seen.errors).toHaveLength(1);
    expect(seen.errors[0]).toMatchObject({ code: 'canceled', provider: 'p', model: 'm', message: 'the stream was closed before it finished' });
    expect(closed).toBe(true);
  });

  it("aborting the caller's signal aborts the stream below, even one opened after the abort", async () => {
    const signals: AbortSignal[] = [];
    const transport: ChatTransport = {
      provider: 'p',
      modelId: 'm',
      doChat: () => Promise.reject(new Error('unused')),
      async *doStream(_request, { signal }): AsyncGenerator<TransportStreamPart> {
        if (signal) signals.push(signal);
        yield { type: 'text-delta', text: 'a' };
        await new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
      },
    };
    const inner = createChatModel(transport);
    const caller = new AbortController();
    const stream = tapStream('p', 'm', () => inner.streamChat(ask), {}, caller.signal);
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    // Aborted while nobody reads: the vendor's request stops at once, not at the next read.
    caller.abort();
    expect(signals[0]?.aborted).toBe(true);
    await expect(it.next()).rejects.toMatchObject({ code: 'canceled' });

    const late = new AbortController();
    let opened: ChatStream<undefined> | undefined;
    const slow = tapStream(
      'p',
      'm',
      async () => {
        late.abort();
        opened = inner.streamChat(ask);
        return opened;
      },
      {},
      late.signal,
    );
    await expect(slow.response).rejects.toMatchObject({ code: 'canceled' });
    expect(opened?.signal.aborted).toBe(true);
    // The stream opened after the abort never reached the vendor.
    expect(signals).toHaveLength(1);
  });

  it('a reader who leaves right after the finish has nothing more reported', async () => {
    const { seen, hooks: h } = hooks();
    const inner = createChatModel(fakeTransport({ chunks: ['a'] }));
    for await (const event of tapStream('fake', 'fake-model', () => inner.streamChat(ask), h)) {
      if (event.type === 'finish') break;
    }
    expect(seen.finished).toHaveLength(1);
    expect(seen.errors).toEqual([]);
  });

  it('hooks that throw lose their own record, not the stream', async () => {
    const boom = () => {
      throw new Error('hook broke');
    };
    const inner = createChatModel(fakeTransport({ chunks: ['a'] }));
    const stream = tapStream('fake', 'fake-model', () => inner.streamChat(ask), { onEvent: boom, onFinish: boom, onError: boom });
    expect((await stream.response).text).toBe('a');
  });

  it('a reader who closes the stream after it failed has nothing more reported (one ending only)', async () => {
    const { seen, hooks: h } = hooks();
    const failing: ChatTransport = {
      provider: 'p',
      modelId: 'm',
      doChat: () => Promise.reject(new Error('unused')),
      async *doStream(): AsyncGenerator<TransportStreamPart> {
        yield { type: 'text-delta', text: 'a' };
        throw new LLMError({ code: 'overloaded', message: 'busy' });
      },
    };
    const it = tapStream('p', 'm', () => createChatModel(failing).streamChat(ask), h)[Symbol.asyncIterator]();
    await it.next();
    await expect(it.next()).rejects.toMatchObject({ code: 'overloaded' });
    await it.return?.();
    expect(seen.errors.map((e) => e.code)).toEqual(['overloaded']);
  });
});
