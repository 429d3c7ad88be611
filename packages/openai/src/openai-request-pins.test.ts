import { startFakeOpenAIServer } from '@llm/mocks';
import { expectLLMError, PIN_REQUESTS, PIN_STRUCTURED_REPLY, PIN_WEATHER_SCHEMA, PIN_WEATHER_TOOL, useRequestPins } from '@llm/mocks/conformance';
import { defineTool, toJsonSchema } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOpenAIProvider } from './openai-provider.js';

/**
 * The exact Chat Completions body sent for each feature, as the openai SDK's own tests pin it: any
 * field renamed, dropped or added shows here. The fake server also refuses what the real API refuses.
 */

const pins = useRequestPins(startFakeOpenAIServer, (server) => createOpenAIProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('gpt-4o-mini'));
const { sent } = pins;


describe('the Chat Completions body, feature by feature', () => {
  it('system and user messages, nothing else', async () => {
    expect(await sent({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi', name: 'ada' }] })).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi', name: 'ada' },
      ],
    });
  });

  it('every sampling setting under its own name (maxTokens as max_completion_tokens)', async () => {
    expect(await sent(PIN_REQUESTS.settings)).toEqual({
      model: 'gpt-4o-mini',
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
    });
  });

  it('images as image_url parts: a URL with its detail (its type is not sent), base64 data as a data URL', async () => {
    const body = await sent(PIN_REQUESTS.images);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
    ]);
  });

  it('tools as functions with their JSON Schema, and each tool choice', async () => {
    const body = await sent({ ...PIN_REQUESTS.weatherQuestion, toolChoice: 'auto' });
    expect(body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: PIN_WEATHER_SCHEMA } }],
      tool_choice: 'auto',
    });
    expect((await sent({ ...PIN_REQUESTS.weatherQuestion, toolChoice: 'none' })).tool_choice).toBe('none');
    expect((await sent({ ...PIN_REQUESTS.weatherQuestion, toolChoice: 'required' })).tool_choice).toBe('required');
    expect((await sent({ ...PIN_REQUESTS.weatherQuestion, toolChoice: { type: 'tool', name: 'get_weather' } })).tool_choice).toEqual({
      type: 'function',
      function: { name: 'get_weather' },
    });
  });

  it('a tool round trip: the assistant turn with tool_calls, then one tool message per call with its tool_call_id (an error result as its text)', async () => {
    const body = await sent(PIN_REQUESTS.toolRoundTrip);
    expect(body.messages).toEqual([
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
    ]);
  });

  it('structured output as json_schema named "output", JSON mode as json_object', async () => {
    const body = await sent(PIN_REQUESTS.structuredOutput, PIN_STRUCTURED_REPLY);
    expect(body.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'output',
        schema: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 } }, required: ['name', 'age'] },
      },
    });
    const json = await sent({ messages: [{ role: 'user', content: 'JSON please' }], responseFormat: { type: 'json' } }, '{}');
    expect(json.response_format).toEqual({ type: 'json_object' });
  });

  it('a strict tool: strict: true beside its schema, every object closed (additionalProperties: false) and every property required, as strict mode demands', async () => {
    const book = defineTool({
      name: 'book_trip',
      description: 'Book a trip',
      strict: true,
      // Strict mode has no optional properties: a field that may be left out is nullable and required.
      parameters: z.object({ city: z.string(), stops: z.array(z.object({ name: z.string(), nights: z.number().int() })), note: z.string().nullable() }),
    });
    const body = await sent({ messages: [{ role: 'user', content: 'Oslo, two nights' }], tools: [book] });
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'book_trip',
          description: 'Book a trip',
          parameters: {
            type: 'object',
            properties: {
              city: { type: 'string' },
              stops: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { name: { type: 'string' }, nights: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 } },
                  required: ['name', 'nights'],
                  additionalProperties: false,
                },
              },
              note: { type: ['string', 'null'] },
            },
            required: ['city', 'stops', 'note'],
            additionalProperties: false,
          },
          strict: true,
        },
      },
    ]);
    // strict: false is sent as said, and the schema is left open.
    const loose = await sent({ messages: [{ role: 'user', content: 'Hi' }], tools: [{ ...PIN_WEATHER_TOOL, strict: false }] });
    expect(loose.tools).toEqual([{ type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: PIN_WEATHER_SCHEMA, strict: false } }]);
  });

  it('structured output with a strict JSON Schema of the caller: json_schema with its name, description, schema and strict: true, as given', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['name', 'tags'], additionalProperties: false };
    const body = await sent(
      { messages: [{ role: 'user', content: 'Ada' }], responseFormat: { type: 'json_schema', name: 'person', description: 'A person', schema, strict: true } },
      '{"name":"Ada","tags":[]}',
    );
    expect(body.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'person', schema, description: 'A person', strict: true } });
  });

  it('providerOptions.openai goes into the body as it is', async () => {
    const body = await sent({ messages: [{ role: 'user', content: 'Hi' }], providerOptions: { openai: { user: 'u-1', service_tier: 'flex' }, groq: { foo: 1 } } });
    expect(body).toEqual({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], user: 'u-1', service_tier: 'flex' });
  });

  it('a stream asks for usage in the last chunk', async () => {
    pins.server.enqueue({ kind: 'text', text: 'ok' });
    await pins.model.streamChat({ messages: [{ role: 'user', content: 'Hi' }], maxTokens: 5 }).response;
    expect(pins.server.lastRequest().body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      max_completion_tokens: 5,
      stream: true,
      stream_options: { include_usage: true },
    });
  });
});

describe('what the real API would refuse is not sent', () => {
  it('leaves out a tool choice of auto or none when there are no tools (the API refuses tool_choice without tools)', async () => {
    expect(await sent({ messages: [{ role: 'user', content: 'Hi' }], toolChoice: 'none' })).not.toHaveProperty('tool_choice');
    expect(await sent({ messages: [{ role: 'user', content: 'Hi' }], toolChoice: 'auto' })).not.toHaveProperty('tool_choice');
  });

  it('refuses a required or named tool choice without tools as invalid_request, before anything is sent', async () => {
    for (const toolChoice of ['required', { type: 'tool', name: 'get_weather' }] as const) {
      const err = await expectLLMError(pins.model.chat({ messages: [{ role: 'user', content: 'Hi' }], toolChoice }));
      expect(err.code).toBe('invalid_request');
      expect(err.message).toMatch(/needs tools/);
      expect(err.retryable).toBe(false);
    }
    expect(pins.server.requests).toHaveLength(0);
  });

  it('refuses a strict tool with a field that may only be left out (.optional(), .default()) before anything is sent: names the tool and each field, says to use .nullable()', async () => {
    const book = defineTool({
      name: 'book_trip',
      strict: true,
      parameters: z.object({ city: z.string(), unit: z.enum(['c', 'f']).optional(), stops: z.array(z.object({ name: z.string(), note: z.string().default('') })) }),
    });
    for (const call of [() => pins.model.chat({ messages: [{ role: 'user', content: 'Hi' }], tools: [book] }), () => pins.model.streamChat({ messages: [{ role: 'user', content: 'Hi' }], tools: [book] }).response]) {
      const err = await expectLLMError(call());
      expect(err.code).toBe('invalid_request');
      expect(err.retryable).toBe(false);
      expect(err.local).toBe(true);
      expect(err.message).toBe(
        'openai: strict tool "book_trip": fields "unit", "stops[].note" may be left out (.optional() or .default(); not in "required"), which strict mode does not allow (every field must be required): use .nullable() instead (the model then sends null), or make the tool non-strict',
      );
      expect(err.details).toEqual({ tool: 'book_trip', fields: ['unit', 'stops[].note'], schemaPaths: ['properties/unit', 'properties/stops/items/properties/note'] });
    }
    // Nothing reached the vendor.
    expect(pins.server.received).toEqual([]);
  });

  it('a strict tool\'s field that may be null and left out (.nullable().optional()) is sent required, as the openai SDK\'s helper does: the model sends null for it', async () => {
    const search = defineTool({ name: 'search', strict: true, parameters: z.object({ query: z.string(), lang: z.string().nullable().optional(), filter: z.object({ tag: z.string() }).nullable().optional() }) });
    const body = await sent({ messages: [{ role: 'user', content: 'Hi' }], tools: [search] });
    const parameters = (body.tools as Array<{ function: { parameters: { required: string[]; properties: Record<string, unknown> } } }>)[0]!.function.parameters;
    expect(parameters.required).toEqual(['query', 'lang', 'filter']);
    expect(parameters.properties.lang).toEqual({ type: ['string', 'null'] });
    // The fake checks strict schemas as the API does (the next test): it took this one.
    expect(pins.server.requests).toHaveLength(1);
  });

  it('the fake refuses a strict tool whose schema leaves a property optional, as the API does (400, invalid_function_parameters)', async () => {
    // Given raw in the body (providerOptions.openai), the schema is not checked by the provider: the fake refuses it.
    const parameters = { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'] } }, required: ['city'], additionalProperties: false };
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters, strict: true } }];
    const err = await expectLLMError(pins.model.chat({ messages: [{ role: 'user', content: 'Hi' }], providerOptions: { openai: { tools } } }));
    expect(err.code).toBe('invalid_request');
    expect(err.status).toBe(400);
    expect(err.message).toContain("Invalid schema for function 'get_weather': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'unit'.");
    // It reached the vendor, which refused it before generating anything.
    expect(pins.server.received).toEqual([{ method: 'POST', path: '/v1/chat/completions', authorized: true }]);
    expect(pins.server.requests).toHaveLength(0);
  });

  it('a strict response format\'s schema goes by the strict tools\' rule: every object closed, nullable fields required (a hand-written schema, and one made from zod)', async () => {
    const open = {
      type: 'object',
      properties: { name: { type: 'string' }, nickname: { type: ['string', 'null'] }, address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      required: ['name', 'address'],
    };
    const before = structuredClone(open);
    const body = await sent({ messages: [{ role: 'user', content: 'Ada' }], responseFormat: { type: 'json_schema', name: 'person', schema: open, strict: true } }, '{"name":"Ada","nickname":null,"address":{"city":"London"}}');
    expect(body.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'person',
        schema: {
          type: 'object',
          properties: { name: { type: 'string' }, nickname: { type: ['string', 'null'] }, address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } },
          required: ['name', 'nickname', 'address'],
          additionalProperties: false,
        },
        strict: true,
      },
    });
    expect(open).toEqual(before); // the caller's schema is not changed
    // The fake checks strict schemas as the API does: it took this one.
    expect(pins.server.requests).toHaveLength(1);

    const fromZod = toJsonSchema(z.object({ title: z.string(), tags: z.array(z.object({ label: z.string(), score: z.number().nullable().optional() })) }));
    const zodBody = await sent({ messages: [{ role: 'user', content: 'Hi' }], responseFormat: { type: 'json_schema', schema: fromZod, strict: true } }, '{"title":"t","tags":[]}');
    expect(zodBody.response_format).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'output',
        schema: {
          type: 'object',
          properties: {
            title: { type: 'string' },
            tags: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, score: { type: ['number', 'null'] } }, required: ['label', 'score'], additionalProperties: false } },
          },
          required: ['title', 'tags'],
          additionalProperties: false,
        },
        strict: true,
      },
    });
    // Without strict the schema goes as given.
    expect((await sent({ messages: [{ role: 'user', content: 'Ada' }], responseFormat: { type: 'json_schema', name: 'person', schema: open } }, '{}')).response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'person', schema: open },
    });
  });

  it('refuses a strict response format with a field that may only be left out, or whose root is not an object, before anything is sent (chat and stream)', async () => {
    const schema = toJsonSchema(z.object({ name: z.string(), age: z.number().optional(), pets: z.array(z.object({ kind: z.string().default('cat') })) }));
    const listRoot = { type: 'array', items: { type: 'string' } };
    const unionRoot = toJsonSchema(z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]));
    for (const [responseFormat, message, details] of [
      [
        { type: 'json_schema', name: 'person', schema, strict: true },
        'openai: strict response format "person": fields "age", "pets[].kind" may be left out (.optional() or .default(); not in "required"), which strict mode does not allow (every field must be required): use .nullable() instead (the model then sends null), or make the response format non-strict',
        { responseFormat: 'person', fields: ['age', 'pets[].kind'], schemaPaths: ['properties/age', 'properties/pets/items/properties/kind'] },
      ],
      [
        { type: 'json_schema', name: 'names', schema: listRoot, strict: true },
        'openai: strict response format "names": the schema\'s root must be an object ("type": "object"), as strict mode requires, and it has "type": "array": put the list or union in a field of an object, or make the response format non-strict',
        { responseFormat: 'names', rootType: 'array' },
      ],
      [
        { type: 'json_schema', schema: unionRoot, strict: true },
        'openai: strict response format "output": the schema\'s root must be an object ("type": "object"), as strict mode requires, and it has a union (anyOf/oneOf): put the list or union in a field of an object, or make the response format non-strict',
        { responseFormat: 'output', rootType: null },
      ],
    ] as const) {
      const request = { messages: [{ role: 'user' as const, content: 'Hi' }], responseFormat };
      for (const call of [() => pins.model.chat(request), () => pins.model.streamChat(request).response]) {
        const err = await expectLLMError(call());
        expect(err.code).toBe('invalid_request');
        expect(err.retryable).toBe(false);
        expect(err.local).toBe(true);
        expect(err.message).toBe(message);
        expect(err.details).toEqual(details);
      }
    }
    // Nothing reached the vendor.
    expect(pins.server.received).toEqual([]);
  });

  it('the fake refuses a strict output schema that is not closed, or whose root is not an object, as the API does (400, the API wording)', async () => {
    // Given raw in the body (providerOptions.openai), the schema is not rewritten by the provider: the fake refuses it.
    const open = { type: 'object', properties: { name: { type: 'string' }, address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }, required: ['name', 'address'], additionalProperties: false };
    const raw = (schema: object) => ({ providerOptions: { openai: { response_format: { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } } } } });
    const err = await expectLLMError(pins.model.chat({ messages: [{ role: 'user', content: 'Ada' }], ...raw(open) }));
    expect(err.code).toBe('invalid_request');
    expect(err.status).toBe(400);
    expect(err.message).toContain("Invalid schema for response_format 'person': In context=('properties', 'address'), 'additionalProperties' is required to be supplied and to be false.");
    const list = await expectLLMError(pins.model.chat({ messages: [{ role: 'user', content: 'Ada' }], ...raw({ type: 'array', items: { type: 'string' } }) }));
    expect(list.status).toBe(400);
    expect(list.message).toContain(`Invalid schema for response_format 'person': schema must be a JSON Schema of 'type: "object"', got 'type: "array"'.`);
    // Both reached the vendor, which refused them before generating anything.
    expect(pins.server.received).toHaveLength(2);
    expect(pins.server.requests).toHaveLength(0);
  });

  it('the fake answers a tool result without its call as the API does (400, the API wording)', async () => {
    const err = await expectLLMError(pins.model.chat({ messages: [{ role: 'user', content: 'Hi' }, { role: 'tool', toolCallId: 'call_x', content: '1' }] }));
    expect(err.code).toBe('invalid_request');
    expect(err.status).toBe(400);
    expect(err.message).toContain("messages with role 'tool' must be a response to a preceeding message with 'tool_calls'");
  });
});
