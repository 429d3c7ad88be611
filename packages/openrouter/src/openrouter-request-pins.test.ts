import { startFakeOpenRouterServer } from '@llm/mocks';
import { expectLLMError, useRequestPins } from '@llm/mocks/conformance';
import { defineTool } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOpenRouterProvider } from './openrouter-provider.js';

/** The exact body sent to OpenRouter for each feature; the fake refuses what the upstream refuses, wrapped as OpenRouter wraps it. */

const pins = useRequestPins(startFakeOpenRouterServer, (server) => createOpenRouterProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('openai/gpt-4o-mini'));
const { sent } = pins;

const weather = defineTool({ name: 'get_weather', parameters: z.object({ city: z.string() }) });

describe('the OpenRouter body, feature by feature', () => {
  it('messages, settings (maxTokens as max_tokens) and usage accounting', async () => {
    const body = await sent({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], maxTokens: 50, temperature: 0.2, stop: 'END' });
    expect(body).toEqual({
      model: 'openai/gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 50,
      temperature: 0.2,
      stop: 'END',
      usage: { include: true },
    });
  });

  it('a tool round trip with its tool_call_id and the tools', async () => {
    const body = await sent({
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: 'Checking.', toolCalls: [{ id: 'call_a', name: 'get_weather', arguments: { city: 'Oslo' } }] },
        { role: 'tool', toolCallId: 'call_a', content: 'cold' },
      ],
      tools: [weather],
      toolChoice: 'required',
    });
    expect(body).toEqual({
      model: 'openai/gpt-4o-mini',
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'call_a', content: 'cold' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }],
      tool_choice: 'required',
      usage: { include: true },
    });
  });

  it('a stream asks for usage twice over: stream_options and usage accounting', async () => {
    pins.server.enqueue({ kind: 'text', text: 'ok' });
    await pins.model.streamChat({ messages: [{ role: 'user', content: 'Hi' }] }).response;
    expect(pins.server.lastRequest().body).toEqual({
      model: 'openai/gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      usage: { include: true },
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});

describe('what the upstream would refuse', () => {
  it('a tool result whose call is not in the previous turn comes back as OpenRouter wraps an upstream 400', async () => {
    const err = await expectLLMError(
      pins.model.chat({
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: null, toolCalls: [{ id: 'call_a', name: 'get_weather', arguments: { city: 'Oslo' } }] },
          { role: 'tool', toolCallId: 'call_other', content: 'cold' },
        ],
        tools: [weather],
      }),
    );
    expect(err.code).toBe('invalid_request');
    expect(err.status).toBe(400);
    expect(err.message).toContain("'tool_call_id' of 'call_other' not found");
  });
});
