import { isLLMError, type LLMError } from '@llm/errors';
import { defineTool } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createChatModel } from './chat-model-factory.js';
import { fakeTransport } from './fake-transport.test-util.js';

async function failure(p: Promise<unknown>): Promise<LLMError> {
  try {
    await p;
  } catch (err) {
    expect(isLLMError(err)).toBe(true);
    return err as LLMError;
  }
  throw new Error('expected failure');
}

const weather = defineTool({ name: 'get_weather', parameters: z.object({ city: z.string() }) });

describe('createChatModel', () => {
  it('sends tools and output schemas to the transport as JSON Schema, once per schema object', async () => {
    const t = fakeTransport({ text: '{"n":1}' });
    const model = createChatModel(t);
    const Out = z.object({ n: z.number() });
    const r = await model.chat({ messages: [{ role: 'user', content: 'x' }], tools: [weather], output: Out, tags: { user: 'u1' } });
    expect(r.object).toEqual({ n: 1 });
    const sent = t.requests[0]!;
    expect(sent.tools?.[0]).toMatchObject({ name: 'get_weather', parameters: { type: 'object', required: ['city'] } });
    expect(sent.responseFormat).toMatchObject({ type: 'json_schema', name: 'output', schema: { type: 'object' } });
    expect(sent).not.toHaveProperty('tags');
    expect(sent).not.toHaveProperty('output');
    await model.chat({ messages: [{ role: 'user', content: 'x' }], tools: [weather] });
    expect(t.requests[1]!.tools?.[0]!.parameters).toBe(sent.tools?.[0]!.parameters);
  });

  it('accepts structured output wrapped in a Markdown fence', async () => {
    const model = createChatModel(fakeTransport({ text: '```json\n{"n":2}\n```' }));
    expect((await model.chat({ messages: [{ role: 'user', content: 'x' }], output: z.object({ n: z.number() }) })).object).toEqual({ n: 2 });
  });

  it('gives malformed_response with the raw text for output that is not JSON', async () => {
    const model = createChatModel(fakeTransport({ text: 'Sure! Here you go' }));
    const err = await failure(model.chat({ messages: [{ role: 'user', content: 'x' }], output: z.object({ n: z.number() }) }));
    expect(err).toMatchObject({ code: 'malformed_response', rawText: 'Sure! Here you go', provider: 'fake' });
  });

  it('rejects calls to a tool the request did not offer, and arguments that are not JSON', async () => {
    const unknown = createChatModel(fakeTransport({ toolCalls: [{ id: 'c', name: 'rm_rf', arguments: '{}' }], finishReason: 'tool_calls' }));
    expect((await failure(unknown.chat({ messages: [{ role: 'user', content: 'x' }], tools: [weather] }))).message).toMatch(/unknown tool "rm_rf"/);
    const broken = createChatModel(fakeTransport({ toolCalls: [{ id: 'c', name: 'get_weather', arguments: '{"city": "Par' }], finishReason: 'tool_calls' }));
    const err = await failure(broken.chat({ messages: [{ role: 'user', content: 'x' }], tools: [weather] }));
    expect(err).toMatchObject({ code: 'malformed_response', rawText: '{"city": "Par' });
  });

  it('fills id, created and zero usage when the vendor sent none', async () => {
    const t = fakeTransport();
    const model = createChatModel({ ...t, doChat: async () => ({ text: 'x', toolCalls: [], finishReason: 'stop' }) });
    const r = await model.chat({ messages: [{ role: 'user', content: 'x' }] });
    expect(r.id).toMatch(/^llm-/);
    expect(r.created).toBeGreaterThan(1_700_000_000);
    expect(r.usage).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    expect(r.model).toBe('fake-model');
  });

  it('refuses a call whose signal is already aborted', async () => {
    const model = createChatModel(fakeTransport());
    const err = await failure(model.chat({ messages: [{ role: 'user', content: 'x' }] }, { signal: AbortSignal.abort() }));
    expect(err.code).toBe('canceled');
  });

  it('maps transport failures to LLMErrors with provider and model', async () => {
    const t = fakeTransport();
    const model = createChatModel({ ...t, doChat: async () => { throw new TypeError('fetch failed'); } });
    expect(await failure(model.chat({ messages: [{ role: 'user', content: 'x' }] }))).toMatchObject({ code: 'network', provider: 'fake', model: 'fake-model' });
  });
});

describe('ChatStream', () => {
  it('can be read only once', async () => {
    const stream = createChatModel(fakeTransport({ chunks: ['a', 'b'] })).streamChat({ messages: [{ role: 'user', content: 'x' }] });
    for await (const _ of stream) {
      // read
    }
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/only once/);
    expect((await stream.response).text).toBe('ab');
  });

  it('fails its stream with invalid_request for a bad request, without calling the vendor', async () => {
    const t = fakeTransport();
    const stream = createChatModel(t).streamChat({ messages: [] });
    expect((await failure(stream.response)).code).toBe('invalid_request');
    expect(t.requests).toHaveLength(0);
  });

  it('ends with network when the transport stops before its finish', async () => {
    const t = fakeTransport();
    const model = createChatModel({
      ...t,
      async *doStream() {
        yield { type: 'text-delta' as const, text: 'half' };
      },
    });
    expect((await failure(model.streamChat({ messages: [{ role: 'user', content: 'x' }] }).response)).code).toBe('network');
  });

  it('abort() stops it with canceled', async () => {
    const stream = createChatModel(fakeTransport({ chunks: ['a', 'b', 'c', 'd'] })).streamChat({ messages: [{ role: 'user', content: 'x' }] });
    const seen: string[] = [];
    const err = await failure(
      (async () => {
        for await (const e of stream) {
          if (e.type === 'text-delta') {
            seen.push(e.text);
            stream.abort();
          }
        }
      })(),
    );
    expect(err.code).toBe('canceled');
    expect(seen).toEqual(['a']);
  });

  it('streams a completion through the same path', async () => {
    const t = fakeTransport({ chunks: ['1', '2'] });
    const r = await createChatModel(t).streamComplete({ prompt: 'count', system: 'terse' }).response;
    expect(r.text).toBe('12');
    expect(t.requests[0]!.messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('fails a completion stream with invalid_request for an empty prompt', async () => {
    const err = await failure(createChatModel(fakeTransport()).streamComplete({ prompt: '' }).response);
    expect(err.code).toBe('invalid_request');
  });
});
