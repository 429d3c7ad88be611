import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropicServer } from './fake-anthropic-server.js';
import type { FakeServer } from './fake-server.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeAnthropicServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

function post(body: Record<string, unknown>, key = server.apiKey): Promise<Response> {
  return fetch(`${server.baseUrl}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], ...body }),
  });
}

function events(sse: string): Array<{ event: string; data: Record<string, unknown> }> {
  return sse
    .split('\n\n')
    .filter((f) => f.trim())
    .map((f) => {
      const [eventLine, dataLine] = f.split('\n');
      return { event: eventLine!.replace('event: ', ''), data: JSON.parse(dataLine!.replace('data: ', '')) as Record<string, unknown> };
    });
}

describe('fake Anthropic server', () => {
  it('answers a wrong x-api-key with the real 401 body', async () => {
    const res = await post({}, 'wrong');
    expect(res.status).toBe(401);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
  });

  it('requires max_tokens, as the API does', async () => {
    const res = await post({ max_tokens: undefined });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
  });

  it('streams the full event sequence, thinking first', async () => {
    server.enqueue({ kind: 'text', text: 'Hi there', reasoning: 'Greet back.' });
    const res = await post({ stream: true });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const list = events(await res.text());
    expect(list.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(list.slice(3, 6).map((e) => (e.data.delta as { type: string }).type)).toEqual(['thinking_delta', 'thinking_delta', 'signature_delta']);
    expect(list[12]!.data).toMatchObject({ delta: { stop_reason: 'end_turn' }, usage: { input_tokens: 11, output_tokens: 7 } });
  });

  it('streams tool input as input_json_delta fragments and ends an errored stream with event: error', async () => {
    server.enqueue({ kind: 'tool-calls', calls: [{ id: 'toolu_x', name: 'get_weather', arguments: { city: 'Paris' } }] });
    const list = events(await (await post({ stream: true })).text());
    const json = list.flatMap((e) => ((e.data.delta as { type?: string } | undefined)?.type === 'input_json_delta' ? [(e.data.delta as { partial_json: string }).partial_json] : [])).join('');
    expect(JSON.parse(json)).toEqual({ city: 'Paris' });
    expect(list[1]!.data).toMatchObject({ content_block: { type: 'tool_use', id: 'toolu_x', name: 'get_weather', input: {} } });

    server.enqueue({ kind: 'stream-error', afterText: 'partial', error: 'overloaded' });
    const errored = events(await (await post({ stream: true })).text());
    expect(errored[errored.length - 1]).toMatchObject({ event: 'error', data: { type: 'error', error: { type: 'overloaded_error' } } });
  });

  it('sees the system prompt, stop sequences, tool results and the structured-output schema', async () => {
    server.enqueue({ kind: 'text', text: '{"a":1}' });
    const res = await post({
      system: [{ type: 'text', text: 'One.' }, { type: 'text', text: 'Two.' }],
      stop_sequences: ['END'],
      messages: [
        { role: 'user', content: 'What is the answer?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '42' }] }] },
      ],
      tools: [{ name: 'json_output', input_schema: { type: 'object', properties: { a: { type: 'number' } } } }],
      tool_choice: { type: 'tool', name: 'json_output' },
    });
    const body = (await res.json()) as { content: Array<{ type: string; name?: string; input?: unknown }>; stop_reason: string };
    expect(body.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'json_output', input: { a: 1 } })]);
    expect(body.stop_reason).toBe('tool_use');
    const seen = server.lastRequest();
    expect(seen).toMatchObject({ system: 'One.\nTwo.', stop: ['END'], maxTokens: 100, toolNames: [], toolResults: [{ toolCallId: 'toolu_1', content: '42' }] });
    expect(seen.responseSchema).toEqual({ type: 'object', properties: { a: { type: 'number' } } });
  });

  it('lists models in pages', async () => {
    const res = await fetch(`${server.baseUrl}/v1/models?limit=2`, { headers: { 'x-api-key': server.apiKey } });
    const page = (await res.json()) as { data: Array<{ type: string; id: string }>; has_more: boolean; first_id: string };
    expect(page.data).toHaveLength(2);
    expect(page.has_more).toBe(true);
    expect(page.data[0]).toMatchObject({ type: 'model', id: page.first_id });
  });
});
