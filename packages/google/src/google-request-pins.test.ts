import { startFakeGoogleServer } from '@llm/mocks';
import { expectLLMError, PIN_REQUESTS, PIN_STRUCTURED_REPLY, PIN_WEATHER_SCHEMA, useRequestPins } from '@llm/mocks/conformance';
import type { ChatRequest } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { createGoogleProvider } from './google-provider.js';

/**
 * The exact `generateContent` body sent for each feature, as the SDK's own tests pin it. The fake
 * server refuses what Gemini refuses (responses that answer no call, a function-calling config
 * without declarations, unknown fields, ...).
 */

const pins = useRequestPins(startFakeGoogleServer, (server) => createGoogleProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('gemini-2.5-flash'));
const { sent } = pins;


describe('the generateContent body, feature by feature', () => {
  it('the system prompt as systemInstruction, the user turn in contents, every setting in generationConfig', async () => {
    expect(await sent(PIN_REQUESTS.settings)).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { maxOutputTokens: 50, temperature: 0.2, topP: 0.9, stopSequences: ['END'], presencePenalty: 0.5, frequencyPenalty: -0.5, seed: 7 },
    });
  });

  it('images: remote files by URI with their type, inline base64 data (detail has no Gemini form)', async () => {
    const body = await sent(PIN_REQUESTS.images);
    expect(body.contents).toEqual([
      {
        role: 'user',
        parts: [{ text: 'Compare' }, { fileData: { fileUri: 'https://example.com/a.png', mimeType: 'image/png' } }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }],
      },
    ]);
  });

  it('tools as functionDeclarations with parametersJsonSchema, and each tool choice as functionCallingConfig', async () => {
    expect(await sent({ ...PIN_REQUESTS.weatherQuestion, toolChoice: 'auto' })).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Weather?' }] }],
      tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather in a city', parametersJsonSchema: PIN_WEATHER_SCHEMA }] }],
      toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
      generationConfig: {},
    });
    const choice = async (toolChoice: ChatRequest['toolChoice']) => (await sent({ ...PIN_REQUESTS.weatherQuestion, toolChoice })).toolConfig;
    expect(await choice('none')).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(await choice('required')).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(await choice({ type: 'tool', name: 'get_weather' })).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
  });

  it('a tool round trip: functionCall parts in the model turn, functionResponse parts (with ids) in one user turn', async () => {
    const body = await sent(PIN_REQUESTS.toolRoundTrip);
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Oslo and Rome?' }] },
      {
        role: 'model',
        parts: [{ text: 'Checking both.' }, { functionCall: { name: 'get_weather', args: { city: 'Oslo' }, id: 'call_a' } }, { functionCall: { name: 'get_weather', args: { city: 'Rome' }, id: 'call_b' } }],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { temperature: 3 }, id: 'call_a' } },
          { functionResponse: { name: 'get_weather', response: { error: 'service down' }, id: 'call_b' } },
        ],
      },
    ]);
  });

  it('structured output as responseMimeType and responseJsonSchema', async () => {
    const body = await sent(PIN_REQUESTS.structuredOutput, PIN_STRUCTURED_REPLY);
    expect(body.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: {
        type: 'object',
        properties: { name: { type: 'string' }, age: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 } },
        required: ['name', 'age'],
      },
    });
  });

  it('a stream is the same body on the streaming path with alt=sse', async () => {
    pins.server.enqueue({ kind: 'text', text: 'ok' });
    await pins.model.streamChat({ messages: [{ role: 'user', content: 'Hi' }], maxTokens: 5 }).response;
    const seen = pins.server.lastRequest();
    expect(seen.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    expect(seen.body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], generationConfig: { maxOutputTokens: 5 } });
  });
});

describe('what Gemini would refuse is not sent', () => {
  it('leaves out a tool choice of auto or none without tools, and refuses required or a named tool as invalid_request', async () => {
    expect(await sent({ messages: [{ role: 'user', content: 'Hi' }], toolChoice: 'none' })).not.toHaveProperty('toolConfig');
    pins.server.reset();
    const err = await expectLLMError(pins.model.chat({ messages: [{ role: 'user', content: 'Hi' }], toolChoice: { type: 'tool', name: 'get_weather' } }));
    expect(err.code).toBe('invalid_request');
    expect(pins.server.requests).toHaveLength(0);
  });

  it('the fake answers a function response that answers no call as Gemini does', async () => {
    const err = await expectLLMError(pins.model.chat({ messages: [{ role: 'user', content: 'Hi' }, { role: 'tool', toolCallId: 'fc_x', name: 'get_weather', content: '1' }] }));
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain('Please ensure that function response turn comes immediately after a function call turn.');
  });
});
