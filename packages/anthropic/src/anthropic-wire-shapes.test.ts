import { startFakeAnthropicServer, type FakeServer } from '@llm/mocks';
import { defineTool, type StreamEvent } from '@llm/schema';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAnthropicProvider } from './anthropic-provider.js';

/** Shapes the Messages API really sends (each seen in a recording), through the real SDK. */

let server: FakeServer;
let older: FakeServer;
beforeAll(async () => {
  server = await startFakeAnthropicServer();
  older = await startFakeAnthropicServer({ messageDeltaUsage: 'output-only' });
});
afterAll(async () => {
  await server.close();
  await older.close();
});
beforeEach(() => {
  server.reset();
  older.reset();
});

const model = (s: FakeServer = server) => createAnthropicProvider({ apiKey: s.apiKey, baseUrl: s.baseUrl }).chatModel('claude-sonnet-4-5');
const updateIssueList = defineTool({ name: 'updateIssueList', description: 'Refresh the issue list', parameters: z.object({}) });
const weather = defineTool({ name: 'get_weather', parameters: z.object({ city: z.string() }) });

async function collect<T>(stream: AsyncIterable<StreamEvent<T>>): Promise<StreamEvent<T>[]> {
  const events: StreamEvent<T>[] = [];
  for await (const e of stream) events.push(e);
  return events;
}

describe('Anthropic wire shapes', () => {
  it('a tool without arguments streams only an empty partial_json, and is called with {}', async () => {
    server.enqueue({ kind: 'tool-calls', text: "I'll update the issue list for you.", calls: [{ id: 'toolu_01QE', name: 'updateIssueList', arguments: {} }] });
    const events = await collect(model().streamChat({ messages: [{ role: 'user', content: 'Update the issues' }], tools: [updateIssueList] }));
    const last = events[events.length - 1]!;
    if (last.type !== 'finish') throw new Error('no finish');
    expect(last.response.text).toBe("I'll update the issue list for you.");
    expect(last.response.toolCalls).toEqual([{ id: 'toolu_01QE', name: 'updateIssueList', arguments: {} }]);
    expect(events.filter((e) => e.type === 'tool-call-delta').map((e) => e.type === 'tool-call-delta' && e.argumentsDelta)).toEqual(['']);
  });

  it('pings between blocks and after a tool block starts change nothing', async () => {
    server.enqueue({ kind: 'tool-calls', reasoning: 'Weather tool.', text: 'Checking.', calls: [{ id: 'toolu_1', name: 'get_weather', arguments: { city: 'Paris' } }] });
    const r = await model().streamChat({ messages: [{ role: 'user', content: 'Paris?' }], tools: [weather] }).response;
    expect(r.text).toBe('Checking.');
    expect(r.reasoning).toBe('Weather tool.');
    expect(r.toolCalls).toEqual([{ id: 'toolu_1', name: 'get_weather', arguments: { city: 'Paris' } }]);
  });

  it('an older stream with only output tokens in message_delta keeps the input counts of message_start', async () => {
    older.enqueue({ kind: 'text', text: 'pong', usage: { inputTokens: 450, outputTokens: 124, cachedInputTokens: 50 } });
    const r = await model(older).streamChat({ messages: [{ role: 'user', content: 'ping' }] }).response;
    expect(r.usage).toMatchObject({ inputTokens: 450, outputTokens: 124, cachedInputTokens: 50, totalTokens: 574 });
  });
});
