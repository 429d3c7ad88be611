import { startFakeOpenAIServer, type FakeServer } from '@llm/mocks';
import { defineTool, type StreamEvent } from '@llm/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOpenAIProvider } from './openai-provider.js';

/** Shapes the real Chat Completions API sends (each seen in a recording), through the real SDK. */

let server: FakeServer;
let azure: FakeServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer();
  azure = await startFakeOpenAIServer({ azure: true });
});
afterAll(async () => {
  await server.close();
  await azure.close();
});
beforeEach(() => {
  server.reset();
  azure.reset();
});

const model = (s: FakeServer = server) => createOpenAIProvider({ apiKey: s.apiKey, baseUrl: s.baseUrl }).chatModel('gpt-4o-mini');
const ask = { messages: [{ role: 'user' as const, content: 'Hi' }] };
const weather = defineTool({ name: 'get_weather', parameters: z.object({ city: z.string() }) });

async function collect<T>(stream: AsyncIterable<StreamEvent<T>>): Promise<StreamEvent<T>[]> {
  const events: StreamEvent<T>[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

describe('OpenAI wire shapes', () => {
  it('a refusal (message.refusal, and refusal deltas in a stream) is content_filter with the refusal kept', async () => {
    const refusal = "I'm sorry, I can't assist with that request.";
    for (const streamed of [false, true]) {
      server.enqueue({ kind: 'text', text: '', refusal });
      const r = streamed ? await model().streamChat(ask).response : await model().chat(ask);
      expect(r.text).toBe('');
      expect(r.finishReason).toBe('content_filter');
      expect(r.rawFinishReason).toBe('refusal');
      expect(r.providerMetadata?.refusal).toBe(refusal);
    }
  });

  it('several choices (n: 3): the answer is choice 0, never the choices merged', async () => {
    for (const streamed of [false, true]) {
      server.enqueue({ kind: 'text', text: 'Paris is the capital.' });
      const request = { ...ask, providerOptions: { openai: { n: 3 } } };
      const r = streamed ? await model().streamChat(request).response : await model().chat(request);
      expect(r.text).toBe('Paris is the capital.');
      expect(r.finishReason).toBe('stop');
    }
  });

  it('a streamed text delta of another choice never reaches the caller', async () => {
    server.enqueue({ kind: 'text', text: 'one two three' });
    const events = await collect(model().streamChat({ ...ask, providerOptions: { openai: { n: 2 } } }));
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe('one two three');
  });

  it('a single call streamed with the role in its first delta', async () => {
    server.enqueue({ kind: 'tool-calls', calls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Edinburgh' } }] });
    const r = await model().streamChat({ ...ask, tools: [weather] }).response;
    expect(r.toolCalls).toEqual([{ id: 'call_1', name: 'get_weather', arguments: { city: 'Edinburgh' } }]);
    expect(r.finishReason).toBe('tool_calls');
  });

  it('logprobs, when asked for, leave the text and usage as they are', async () => {
    for (const streamed of [false, true]) {
      server.enqueue({ kind: 'text', text: 'Foo!', usage: { inputTokens: 9, outputTokens: 2 } });
      const request = { ...ask, providerOptions: { openai: { logprobs: true } } };
      const r = streamed ? await model().streamChat(request).response : await model().chat(request);
      expect(r.text).toBe('Foo!');
      expect(r.usage).toMatchObject({ inputTokens: 9, outputTokens: 2 });
    }
  });

  it("Azure's first chunk (filter results, empty id and model) leaves the real model and id", async () => {
    azure.enqueue({ kind: 'text', text: 'Capital of Denmark.' });
    const events = await collect(model(azure).streamChat(ask));
    const last = events[events.length - 1]!;
    if (last.type !== 'finish') throw new Error('no finish');
    expect(last.response.text).toBe('Capital of Denmark.');
    expect(last.response.model).toBe('gpt-4o-mini-2024-07-18');
    expect(last.response.id).toMatch(/^chatcmpl-/);
    expect(last.response.created).toBeGreaterThan(0);
    azure.enqueue({ kind: 'text', text: 'Copenhagen.' });
    expect((await model(azure).chat(ask)).model).toBe('gpt-4o-mini-2024-07-18');
  });

  it('a reasoning model reports its reasoning tokens, and no reasoning text', async () => {
    server.enqueue({ kind: 'text', text: '42', reasoning: 'six times seven', usage: { inputTokens: 5, outputTokens: 8 } });
    const r = await model().streamChat(ask).response;
    expect(r.text).toBe('42');
    expect(r.reasoning).toBeUndefined();
    expect(r.usage.reasoningTokens).toBe(3);
  });
});
