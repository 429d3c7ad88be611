import { startFakeAnthropicServer } from '@llm/mocks';
import { expectLLMError, PIN_REQUESTS, PIN_STRUCTURED_REPLY, PIN_WEATHER_SCHEMA, useRequestPins } from '@llm/mocks/conformance';
import type { ChatRequest } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { createAnthropicProvider } from './anthropic-provider.js';

/**
 * The exact Messages API body sent for each feature, as the SDK's own tests pin it. The fake server
 * refuses what the real API refuses (missing max_tokens, unpaired tool blocks, open structured-output
 * schemas, unsupported schema keywords, tool_choice without tools, ...).
 */

const pins = useRequestPins(startFakeAnthropicServer, (server) => createAnthropicProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('claude-haiku-4-5'));
const { sent } = pins;


describe('the Messages API body, feature by feature', () => {
  it('the system prompt at the top, the user turn, and the model family default max_tokens', async () => {
    expect(await sent({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] })).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 16384,
      messages: [{ role: 'user', content: 'Hi' }],
      system: 'Be brief.',
    });
  });

  it('every setting the API has under its own name (stop as stop_sequences)', async () => {
    expect(await sent({ messages: [{ role: 'user', content: 'Hi' }], maxTokens: 50, temperature: 0.2, topP: 0.9, stop: 'END' })).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['END'],
    });
  });

  it('images as image blocks: a URL source and a base64 source', async () => {
    const body = await sent(PIN_REQUESTS.images);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
        ],
      },
    ]);
  });

  it('tools with input_schema, and each tool choice', async () => {
    expect(await sent({ ...PIN_REQUESTS.weatherQuestion, toolChoice: 'auto' })).toEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 16384,
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [{ name: 'get_weather', description: 'Weather in a city', input_schema: PIN_WEATHER_SCHEMA }],
      tool_choice: { type: 'auto' },
    });
    const choice = async (toolChoice: ChatRequest['toolChoice']) => (await sent({ ...PIN_REQUESTS.weatherQuestion, toolChoice })).tool_choice;
    expect(await choice('none')).toEqual({ type: 'none' });
    expect(await choice('required')).toEqual({ type: 'any' });
    expect(await choice({ type: 'tool', name: 'get_weather' })).toEqual({ type: 'tool', name: 'get_weather' });
  });

  it('a tool round trip: tool_use blocks in the assistant turn, tool_result blocks (is_error too) in one user turn', async () => {
    const body = await sent(PIN_REQUESTS.toolRoundTrip);
    expect(body.messages).toEqual([
      { role: 'user', content: 'Weather in Oslo and Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Oslo' } },
          { type: 'tool_use', id: 'call_b', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_a', content: '{"temperature":3}' },
          { type: 'tool_result', tool_use_id: 'call_b', content: 'service down', is_error: true },
        ],
      },
    ]);
  });

  it('structured output as output_config.format, its schema in the subset the API takes (objects closed, bounds moved to the description)', async () => {
    const body = await sent(PIN_REQUESTS.structuredOutput, PIN_STRUCTURED_REPLY);
    expect(body.output_config).toEqual({
      format: {
        type: 'json_schema',
        schema: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            age: { type: 'integer', description: '{minimum: -9007199254740991, maximum: 9007199254740991}' },
          },
          additionalProperties: false,
          required: ['name', 'age'],
        },
      },
    });
  });

  it('a stream adds only stream: true', async () => {
    pins.server.enqueue({ kind: 'text', text: 'ok' });
    await pins.model.streamChat({ messages: [{ role: 'user', content: 'Hi' }], maxTokens: 5 }).response;
    expect(pins.server.lastRequest().body).toEqual({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }], stream: true });
  });
});

describe('what the real API would refuse is not sent', () => {
  it('leaves out a tool choice of auto or none without tools, and refuses required or a named tool as invalid_request', async () => {
    expect(await sent({ messages: [{ role: 'user', content: 'Hi' }], toolChoice: 'auto' })).not.toHaveProperty('tool_choice');
    expect(await sent({ messages: [{ role: 'user', content: 'Hi' }], toolChoice: 'none' })).not.toHaveProperty('tool_choice');
    pins.server.reset();
    const err = await expectLLMError(pins.model.chat({ messages: [{ role: 'user', content: 'Hi' }], toolChoice: 'required' }));
    expect(err.code).toBe('invalid_request');
    expect(pins.server.requests).toHaveLength(0);
  });

  it('the fake answers a tool result without its call with the API error body', async () => {
    const err = await expectLLMError(pins.model.chat({ messages: [{ role: 'user', content: 'Hi' }, { role: 'tool', toolCallId: 'toolu_x', content: '1' }] }));
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain('unexpected `tool_use_id` found in `tool_result` blocks: toolu_x');
  });

  it('the fake answers an open structured-output schema as the API does', async () => {
    const res = await fetch(`${pins.server.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': pins.server.apiKey, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({
        model: 'claude-haiku-4-5',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'Hi' }],
        output_config: { format: { type: 'json_schema', schema: { type: 'object', properties: { a: { type: 'integer', minimum: 0 } }, additionalProperties: false } } },
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: "output_config.format.schema: For 'integer' type, property 'minimum' is not supported" } });
  });
});
