import { defineTool, type ChatRequest, type StreamEvent } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { expectLLMError } from './expect-llm-error.test-util.js';
import { assembleStream, StreamAssembler } from './response-assembler.js';
import type { TransportStreamPart } from './transport.js';

// The stream assembler on its own, fed the parts a transport yields: the way every provider's
// streamed tool calls, reasoning and metadata become the caller's events and final response.

const weather = defineTool({ name: 'get_weather', description: 'Weather', parameters: z.object({ city: z.string() }) });
const time = defineTool({ name: 'get_time', description: 'Time', parameters: z.object({ zone: z.string() }) });
const ctx = { provider: 'vendor', model: 'asked-model' };
const ask: ChatRequest = { messages: [{ role: 'user', content: 'hi' }] };
const withTools: ChatRequest = { ...ask, tools: [weather, time] };
const usage = { inputTokens: 5, outputTokens: 7, totalTokens: 12 };

async function* from(parts: TransportStreamPart[], onReturn?: () => void): AsyncGenerator<TransportStreamPart> {
  try {
    for (const part of parts) yield part;
  } finally {
    onReturn?.();
  }
}

async function collect<T>(events: AsyncIterable<StreamEvent<T>>): Promise<StreamEvent<T>[]> {
  const out: StreamEvent<T>[] = [];
  for await (const e of events) out.push(e);
  return out;
}

function finishOf<T>(events: StreamEvent<T>[]) {
  const last = events.at(-1);
  if (last?.type !== 'finish') throw new Error('the stream did not end with finish');
  return last.response;
}

describe('StreamAssembler: streamed tool calls', () => {
  it('joins the fragments of parallel calls by index, in index order, whatever order they came in', async () => {
    const events = await collect(
      new StreamAssembler(
        from([
          { type: 'tool-call-delta', index: 1, id: 'call_b', name: 'get_time', argumentsDelta: '{"zo' },
          { type: 'tool-call-delta', index: 0, id: 'call_a', name: 'get_weather', argumentsDelta: '' },
          { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":' },
          { type: 'tool-call-delta', index: 1, argumentsDelta: 'ne":"UTC"}' },
          { type: 'tool-call-delta', index: 0, argumentsDelta: '"Oslo"}' },
          { type: 'usage', usage },
          { type: 'finish', finishReason: 'tool_calls', rawFinishReason: 'tool_calls' },
        ]),
        withTools,
        ctx,
      ),
    );
    // Every fragment reaches the caller as it came, then one event per whole call, then finish.
    expect(events.filter((e) => e.type === 'tool-call-delta')).toHaveLength(5);
    const calls = events.filter((e) => e.type === 'tool-call').map((e) => (e.type === 'tool-call' ? e.toolCall : undefined));
    expect(calls).toEqual([
      { id: 'call_a', name: 'get_weather', arguments: { city: 'Oslo' } },
      { id: 'call_b', name: 'get_time', arguments: { zone: 'UTC' } },
    ]);
    const response = finishOf(events);
    expect(response.toolCalls).toEqual(calls);
    expect(response).toMatchObject({ finishReason: 'tool_calls', rawFinishReason: 'tool_calls', usage, provider: 'vendor', model: 'asked-model' });
  });

  it('takes the id and name from whichever fragment carries them first, and the signature from the last that has one', async () => {
    const events = await collect(
      new StreamAssembler(
        from([
          { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city"' },
          { type: 'tool-call-delta', index: 0, id: 'call_late', argumentsDelta: ':"Rome"', signature: 'sig-1' },
          { type: 'tool-call-delta', index: 0, id: 'call_other', name: 'get_weather', argumentsDelta: '}' },
          { type: 'tool-call-delta', index: 0, name: 'get_time', argumentsDelta: '', signature: 'sig-2' },
          { type: 'finish', finishReason: 'tool_calls' },
        ]),
        withTools,
        ctx,
      ),
    );
    expect(finishOf(events).toolCalls).toEqual([{ id: 'call_late', name: 'get_weather', arguments: { city: 'Rome' }, signature: 'sig-2' }]);
  });

  it('keeps a signature given on the first fragment', async () => {
    const events = await collect(
      new StreamAssembler(
        from([
          { type: 'tool-call-delta', index: 0, id: 'c1', name: 'get_weather', argumentsDelta: '{"city":"Lima"}', signature: 'sig-first' },
          { type: 'finish', finishReason: 'tool_calls' },
        ]),
        withTools,
        ctx,
      ),
    );
    expect(finishOf(events).toolCalls[0]?.signature).toBe('sig-first');
  });

  it('names a call the vendor sent without an id by its index, and takes no arguments as {}', async () => {
    const events = await collect(
      new StreamAssembler(
        from([
          { type: 'tool-call-delta', index: 0, name: 'get_weather', argumentsDelta: '{"city":"Oslo"}' },
          { type: 'tool-call-delta', index: 3, name: 'ping', argumentsDelta: '' },
          { type: 'finish', finishReason: 'tool_calls' },
        ]),
        ask,
        ctx,
      ),
    );
    expect(finishOf(events).toolCalls).toEqual([
      { id: 'call_0', name: 'get_weather', arguments: { city: 'Oslo' } },
      { id: 'call_3', name: 'ping', arguments: {} },
    ]);
  });

  it('refuses a call that never named its tool, with what it sent', async () => {
    const err = await expectLLMError(
      collect(new StreamAssembler(from([{ type: 'tool-call-delta', index: 2, id: 'c', argumentsDelta: '{"city":"Oslo"}' }, { type: 'finish', finishReason: 'tool_calls' }]), withTools, ctx)),
    );
    expect(err).toMatchObject({ code: 'malformed_response', provider: 'vendor', model: 'asked-model', rawText: '{"city":"Oslo"}' });
    expect(err.message).toBe('streamed tool call #2 never named its tool');
  });

  it('refuses arguments that do not fit the tool, naming the model that answered', async () => {
    const err = await expectLLMError(
      collect(
        new StreamAssembler(
          from([
            { type: 'metadata', model: 'answered-model' },
            { type: 'tool-call-delta', index: 0, id: 'c', name: 'get_weather', argumentsDelta: '{"town":"Oslo"}' },
            { type: 'finish', finishReason: 'tool_calls' },
          ]),
          withTools,
          ctx,
        ),
      ),
    );
    expect(err).toMatchObject({ code: 'malformed_response', model: 'answered-model' });
    expect(err.rawText).toContain('town');
  });
});

describe('StreamAssembler: text, reasoning and metadata', () => {
  it('passes deltas through, and builds the response from them and the merged metadata', async () => {
    const parts: TransportStreamPart[] = [
      { type: 'metadata', id: 'resp-1', model: 'answered-model', created: 1_700_000_000 },
      { type: 'reasoning-delta', text: 'Think' },
      { type: 'reasoning-delta', text: 'ing.' },
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      { type: 'metadata', systemFingerprint: 'fp', requestId: 'req-9', providerMetadata: { tier: 'x' }, reasoningParts: [{ type: 'reasoning', text: 'Thinking.', signature: 's' }] },
      { type: 'usage', usage },
      { type: 'finish', finishReason: 'stop' },
    ];
    const events = await collect(new StreamAssembler(from(parts), ask, ctx));
    expect(events.map((e) => e.type)).toEqual(['reasoning-delta', 'reasoning-delta', 'text-delta', 'text-delta', 'usage', 'finish']);
    // The transport's own objects are handed on.
    expect(events[2]).toBe(parts[3]);
    expect(finishOf(events)).toEqual({
      id: 'resp-1',
      provider: 'vendor',
      model: 'answered-model',
      created: 1_700_000_000,
      text: 'Hello',
      reasoning: 'Thinking.',
      reasoningParts: [{ type: 'reasoning', text: 'Thinking.', signature: 's' }],
      toolCalls: [],
      finishReason: 'stop',
      systemFingerprint: 'fp',
      requestId: 'req-9',
      providerMetadata: { tier: 'x' },
      usage,
      object: undefined,
    });
  });

  it('without metadata or usage: a local id, the asked model, zero usage, no reasoning', async () => {
    const events = await collect(new StreamAssembler(from([{ type: 'text-delta', text: 'x' }, { type: 'finish', finishReason: 'length' }]), ask, ctx));
    const response = finishOf(events);
    expect(response.id).toMatch(/^llm-/);
    expect(response).toMatchObject({ model: 'asked-model', text: 'x', finishReason: 'length', usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 } });
    expect(response).not.toHaveProperty('reasoning');
    expect(response).not.toHaveProperty('rawFinishReason');
  });

  it('parses structured output at the end', async () => {
    const request: ChatRequest<{ n: number }> = { ...ask, output: z.object({ n: z.number() }) };
    const events = await collect(new StreamAssembler(from([{ type: 'text-delta', text: '{"n":' }, { type: 'text-delta', text: '4}' }, { type: 'finish', finishReason: 'stop' }]), request, ctx));
    expect(finishOf(events).object).toEqual({ n: 4 });
  });

  it('a stream that ends without finish is a network failure, and nothing comes after it', async () => {
    const assembler = new StreamAssembler(from([{ type: 'text-delta', text: 'half' }]), ask, ctx);
    expect((await assembler.next()).value).toEqual({ type: 'text-delta', text: 'half' });
    const err = await expectLLMError(assembler.next());
    expect(err).toMatchObject({ code: 'network', message: 'the stream ended before the vendor finished it', provider: 'vendor' });
    expect(await assembler.next()).toEqual({ done: true, value: undefined });
  });

  it('a transport that fails ends the stream with its error, once', async () => {
    async function* broken(): AsyncGenerator<TransportStreamPart> {
      yield { type: 'text-delta', text: 'a' };
      throw new Error('boom');
    }
    const assembler = new StreamAssembler(broken(), ask, ctx);
    await assembler.next();
    await expect(assembler.next()).rejects.toThrow('boom');
    expect(await assembler.next()).toEqual({ done: true, value: undefined });
  });

  it('a transport whose iterator cannot even start fails the first read', async () => {
    const unreadable: AsyncIterable<TransportStreamPart> = {
      [Symbol.asyncIterator]() {
        throw new Error('no iterator');
      },
    };
    const assembler = new StreamAssembler(unreadable, ask, ctx);
    await expect(assembler.next()).rejects.toThrow('no iterator');
    expect(await assembler.next()).toEqual({ done: true, value: undefined });
  });

  it('return() closes the transport once, and the assembler stays done', async () => {
    let closed = 0;
    const assembler = new StreamAssembler(from([{ type: 'text-delta', text: 'a' }, { type: 'text-delta', text: 'b' }, { type: 'finish', finishReason: 'stop' }], () => closed++), ask, ctx);
    expect(assembler[Symbol.asyncIterator]()).toBe(assembler);
    await assembler.next();
    expect(await assembler.return()).toEqual({ done: true, value: undefined });
    expect(await assembler.return()).toEqual({ done: true, value: undefined });
    expect(closed).toBe(1);
    expect(await assembler.next()).toEqual({ done: true, value: undefined });
  });

  it('assembleStream yields the same events as a generator', async () => {
    const events = await collect(assembleStream(from([{ type: 'text-delta', text: 'ok' }, { type: 'finish', finishReason: 'stop' }]), ask, ctx));
    expect(events.map((e) => e.type)).toEqual(['text-delta', 'finish']);
    expect(finishOf(events).text).toBe('ok');
  });
});
