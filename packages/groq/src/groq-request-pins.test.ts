import { startFakeGroqServer } from '@llm/mocks';
import { expectLLMError, PIN_REQUESTS, PIN_WEATHER_SCHEMA, useRequestPins } from '@llm/mocks/conformance';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGroqProvider } from './groq-provider.js';

/** The exact body sent to Groq's Chat Completions for each feature; the fake refuses what Groq refuses. */

const pins = useRequestPins(startFakeGroqServer, (server) => createGroqProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl, reasoningFormat: 'parsed' }).chatModel('openai/gpt-oss-120b'));
const { sent } = pins;


describe('the Groq body, feature by feature', () => {
  it('messages, every setting (maxTokens as max_completion_tokens) and the reasoning format of the settings', async () => {
    expect(await sent(PIN_REQUESTS.settings)).toEqual({
      model: 'openai/gpt-oss-120b',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      max_completion_tokens: 50,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END'],
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      seed: 7,
      reasoning_format: 'parsed',
    });
  });

  it('tools, a named tool choice, and a tool round trip with each tool_call_id', async () => {
    const body = await sent({ ...PIN_REQUESTS.toolRoundTrip, toolChoice: { type: 'tool', name: 'get_weather' } });
    expect(body).toEqual({
      model: 'openai/gpt-oss-120b',
      messages: [
        { role: 'user', content: 'Weather in Oslo and Rome?' },
        {
          role: 'assistant',
          content: 'Checking both.',
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
            { id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: '{"temperature":3}' },
        { role: 'tool', tool_call_id: 'call_b', content: 'service down' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: PIN_WEATHER_SCHEMA } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      reasoning_format: 'parsed',
    });
  });

  it('structured output as json_schema, and a call-level providerOptions.groq over the settings', async () => {
    const body = await sent(
      { messages: [{ role: 'user', content: 'Ada' }], output: z.object({ name: z.string() }), providerOptions: { groq: { reasoning_format: 'hidden', service_tier: 'flex' } } },
      '{"name":"Ada"}',
    );
    expect(body).toEqual({
      model: 'openai/gpt-oss-120b',
      messages: [{ role: 'user', content: 'Ada' }],
      response_format: { type: 'json_schema', json_schema: { name: 'output', schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } } },
      reasoning_format: 'hidden',
      service_tier: 'flex',
    });
  });

  it('a stream asks for usage', async () => {
    pins.server.enqueue({ kind: 'text', text: 'ok' });
    await pins.model.streamChat({ messages: [{ role: 'user', content: 'Hi' }] }).response;
    expect(pins.server.lastRequest().body).toEqual({
      model: 'openai/gpt-oss-120b',
      messages: [{ role: 'user', content: 'Hi' }],
      reasoning_format: 'parsed',
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});

describe('what Groq would refuse', () => {
  it('a field Groq does not know is refused in its words, and maps to invalid_request', async () => {
    const err = await expectLLMError(pins.model.chat({ messages: [{ role: 'user', content: 'Hi' }], providerOptions: { groq: { top_k: 5 } } }));
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain("property 'top_k' is unsupported");
  });

  it('a required tool choice without tools never leaves the process', async () => {
    const err = await expectLLMError(pins.model.chat({ messages: [{ role: 'user', content: 'Hi' }], toolChoice: 'required' }));
    expect(err.code).toBe('invalid_request');
    expect(pins.server.requests).toHaveLength(0);
  });
});
