import { toAssistantMessage } from '@llm/core';
import { startFakeGoogleServer, type FakeServer } from '@llm/mocks';
import { defineTool } from '@llm/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGoogleProvider } from './google-provider.js';

/** Shapes Gemini really sends (each seen in a recording), through the real @google/genai SDK. */

let server: FakeServer;
let vertex: FakeServer;
beforeAll(async () => {
  server = await startFakeGoogleServer();
  vertex = await startFakeGoogleServer({ streamFunctionCallArguments: true });
});
afterAll(async () => {
  await server.close();
  await vertex.close();
});
beforeEach(() => {
  server.reset();
  vertex.reset();
});

const model = (s: FakeServer = server, id = 'gemini-2.5-pro') => createGoogleProvider({ apiKey: s.apiKey, baseUrl: s.baseUrl }).chatModel(id);
const weather = defineTool({ name: 'getWeather', parameters: z.object({ location: z.string() }) });
const topic = defineTool({ name: 'generate_topic', parameters: z.object({}) });

describe('Gemini wire shapes', () => {
  it('thinking: thoughtsTokenCount on every chunk, growing, and the first answer part signed', async () => {
    for (const streamed of [false, true]) {
      server.enqueue({ kind: 'text', text: 'Look left, right, then left again.', reasoning: 'Clarifying the goal. Developing a protocol.', usage: { inputTokens: 34, outputTokens: 1256, reasoningTokens: 787 } });
      const request = { messages: [{ role: 'user' as const, content: 'How do I cross the street?' }] };
      const r = streamed ? await model().streamChat(request).response : await model().chat(request);
      expect(r.text).toBe('Look left, right, then left again.');
      expect(r.reasoning).toBe('Clarifying the goal. Developing a protocol.');
      expect(r.usage).toMatchObject({ inputTokens: 34, outputTokens: 1256, reasoningTokens: 787, totalTokens: 1290 });
    }
  });

  it('thinking beside tool calls: the thought summary is the reasoning, the call is returned', async () => {
    for (const streamed of [false, true]) {
      server.enqueue({ kind: 'tool-calls', reasoning: 'The user wants the weather.', calls: [{ name: 'getWeather', arguments: { location: 'San Francisco' } }] });
      const request = { messages: [{ role: 'user' as const, content: 'Weather in SF?' }], tools: [weather] };
      const r = streamed ? await model(server, 'gemini-3-pro-preview').streamChat(request).response : await model(server, 'gemini-3-pro-preview').chat(request);
      expect(r.reasoning).toBe('The user wants the weather.');
      expect(r.toolCalls).toEqual([{ id: expect.any(String), name: 'getWeather', arguments: { location: 'San Francisco' }, signature: expect.any(String) }]);
      expect(r.finishReason).toBe('tool_calls');
    }
  });

  it('parallel calls of one function without ids get distinct ids, and their results go back one for one', async () => {
    for (const streamed of [false, true]) {
      server.enqueue({ kind: 'tool-calls', calls: [0, 1, 2].map(() => ({ name: 'generate_topic', arguments: {} })) });
      const ask = { role: 'user' as const, content: 'Three topics, please.' };
      const m = model(server, 'gemini-3-flash-preview');
      const r = streamed ? await m.streamChat({ messages: [ask], tools: [topic] }).response : await m.chat({ messages: [ask], tools: [topic] });
      expect(r.toolCalls.map((c) => c.name)).toEqual(['generate_topic', 'generate_topic', 'generate_topic']);
      expect(new Set(r.toolCalls.map((c) => c.id)).size).toBe(3);
      server.enqueue({ kind: 'text', text: 'Here are three topics.' });
      const results = r.toolCalls.map((c, i) => ({ role: 'tool' as const, toolCallId: c.id, content: `topic ${i}` }));
      const answer = await m.chat({ messages: [ask, toAssistantMessage(r), ...results], tools: [topic] });
      expect(answer.text).toBe('Here are three topics.');
      const sent = (server.lastRequest().body as { contents: Array<{ parts: unknown[] }> }).contents;
      expect(sent[2]!.parts).toHaveLength(3);
    }
  });

  it('function-call arguments streamed in pieces (partialArgs, willContinue), as Gemini 3 on Vertex sends them', async () => {
    vertex.enqueue({
      kind: 'tool-calls',
      calls: [
        { name: 'getWeather', arguments: { location: 'Boston' } },
        { name: 'getWeather', arguments: { location: 'San Francisco' } },
      ],
    });
    const r = await model(vertex, 'gemini-3.1-pro-preview').streamChat({ messages: [{ role: 'user', content: 'Boston and SF?' }], tools: [weather] }).response;
    expect(r.toolCalls.map((c) => c.arguments)).toEqual([{ location: 'Boston' }, { location: 'San Francisco' }]);
    expect(r.toolCalls[0]!.signature).toEqual(expect.any(String));
    expect(r.finishReason).toBe('tool_calls');
  });

  it('streamed arguments of every kind: nested objects, arrays, numbers, booleans, null', async () => {
    const plan = defineTool({
      name: 'plan',
      parameters: z.object({ trip: z.object({ city: z.string(), days: z.number(), stops: z.array(z.string()) }), rush: z.boolean(), note: z.null() }),
    });
    const args = { trip: { city: 'Oslo', days: 3, stops: ['museum', 'fjord'] }, rush: false, note: null };
    vertex.enqueue({ kind: 'tool-calls', calls: [{ name: 'plan', arguments: args }] });
    const r = await model(vertex, 'gemini-3.1-pro-preview').streamChat({ messages: [{ role: 'user', content: 'Plan it' }], tools: [plan] }).response;
    expect(r.toolCalls[0]!.arguments).toEqual(args);
  });
});
