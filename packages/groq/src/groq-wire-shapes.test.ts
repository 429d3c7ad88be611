import { startFakeGroqServer, type FakeServer } from '@llm/mocks';
import { defineTool, type StreamEvent } from '@llm/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGroqProvider } from './groq-provider.js';

/** Shapes Groq really sends (each seen in a recording), through the real openai SDK. */

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeGroqServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const model = () => createGroqProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('qwen/qwen3-32b');
const weather = defineTool({ name: 'get_weather', parameters: z.object({ city: z.string() }) });
const ask = { messages: [{ role: 'user' as const, content: 'Weather in Oslo and Rome?' }], tools: [weather] };

async function collect<T>(stream: AsyncIterable<StreamEvent<T>>): Promise<StreamEvent<T>[]> {
  const events: StreamEvent<T>[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

describe('Groq wire shapes', () => {
  it('each streamed tool call arrives whole, in one delta', async () => {
    server.enqueue({
      kind: 'tool-calls',
      calls: [
        { id: 'tk85n1k4m', name: 'get_weather', arguments: { city: 'Oslo' } },
        { id: 'tk85n1k4n', name: 'get_weather', arguments: { city: 'Rome' } },
      ],
    });
    const events = await collect(model().streamChat(ask));
    const deltas = events.flatMap((e) => (e.type === 'tool-call-delta' ? [e] : []));
    expect(deltas).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'tk85n1k4m', name: 'get_weather', argumentsDelta: '{"city":"Oslo"}' },
      { type: 'tool-call-delta', index: 1, id: 'tk85n1k4n', name: 'get_weather', argumentsDelta: '{"city":"Rome"}' },
    ]);
    const last = events[events.length - 1]!;
    expect(last.type === 'finish' && last.response.toolCalls.map((c) => c.arguments)).toEqual([{ city: 'Oslo' }, { city: 'Rome' }]);
  });

  it('reasoning as delta.reasoning (and message.reasoning) is the response reasoning, never text', async () => {
    for (const streamed of [false, true]) {
      server.enqueue({ kind: 'text', text: 'There are 3.', reasoning: 'Count the r letters one by one.', usage: { inputTokens: 17, outputTokens: 30, reasoningTokens: 20 } });
      const request = { messages: [{ role: 'user' as const, content: 'How many r in strawberry?' }] };
      const r = streamed ? await model().streamChat(request).response : await model().chat(request);
      expect(r.text).toBe('There are 3.');
      expect(r.reasoning).toBe('Count the r letters one by one.');
      expect(r.usage).toMatchObject({ inputTokens: 17, outputTokens: 30, reasoningTokens: 20 });
    }
  });

  it('reasoning before a tool call', async () => {
    server.enqueue({ kind: 'tool-calls', reasoning: 'I need the tool.', calls: [{ id: 'c1', name: 'get_weather', arguments: { city: 'Oslo' } }] });
    const r = await model().streamChat(ask).response;
    expect(r.reasoning).toBe('I need the tool.');
    expect(r.toolCalls).toEqual([{ id: 'c1', name: 'get_weather', arguments: { city: 'Oslo' } }]);
  });
});
