import { startFakeOpenAIServer } from '@llm/mocks';
import { expectLLMError, useRequestPins } from '@llm/mocks/conformance';
import { defineTool, STRICT_UNSUPPORTED_KEYWORDS, toJsonSchema, type ChatRequest, type JsonSchema } from '@llm/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOpenAIProvider } from './openai-provider.js';

/**
 * Strict schemas and the keywords strict mode does not support, through the openai SDK against the
 * fake OpenAI server: what we send (pinned exactly), what we refuse before sending, and that the fake
 * refuses the same keywords as the API does when they are sent anyway.
 */

const pins = useRequestPins(startFakeOpenAIServer, (server) => createOpenAIProvider({ apiKey: server.apiKey, baseUrl: server.baseUrl }).chatModel('gpt-4o-mini'));
const { sent } = pins;
const hi = [{ role: 'user' as const, content: 'Hi' }];

/** A value for each refused keyword, as a schema would use it. */
const KEYWORD_VALUES: Record<string, unknown> = {
  allOf: [{ type: 'string' }],
  oneOf: [{ type: 'string' }, { type: 'number' }],
  not: { type: 'null' },
  if: { type: 'string' },
  then: { minLength: 1 },
  else: { type: 'number' },
  dependentRequired: { a: ['a'] },
  dependentSchemas: { a: { type: 'object' } },
};

/** A closed object whose one required field `a` uses `keyword`: all strict mode would take but the keyword. */
const withKeyword = (keyword: string): JsonSchema => ({ type: 'object', properties: { a: { type: 'string', [keyword]: KEYWORD_VALUES[keyword] } }, required: ['a'], additionalProperties: false });

describe('a zod output sent strict', () => {
  const Shape = z.object({
    name: z.string(),
    shape: z.discriminatedUnion('kind', [z.object({ kind: z.literal('circle'), r: z.number() }), z.object({ kind: z.literal('square'), side: z.number() })]),
    note: z.string().nullable().optional(),
  });

  it('goes by the strict rule (objects closed, nullable fields required) with its discriminated union as anyOf, which strict mode takes; the reply is parsed', async () => {
    const request: ChatRequest<z.infer<typeof Shape>> = { messages: hi, output: Shape, responseFormat: { type: 'json_schema', name: 'shape', schema: toJsonSchema(Shape), strict: true } };
    pins.server.enqueue({ kind: 'text', text: '{"name":"c","shape":{"kind":"circle","r":2},"note":null}' });
    const response = await pins.model.chat(request);
    expect(response.object).toEqual({ name: 'c', shape: { kind: 'circle', r: 2 }, note: null });
    expect(pins.server.lastRequest().body).toEqual({
      model: 'gpt-4o-mini',
      messages: hi,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'shape',
          schema: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              shape: {
                anyOf: [
                  { type: 'object', properties: { kind: { type: 'string', const: 'circle' }, r: { type: 'number' } }, required: ['kind', 'r'], additionalProperties: false },
                  { type: 'object', properties: { kind: { type: 'string', const: 'square' }, side: { type: 'number' } }, required: ['kind', 'side'], additionalProperties: false },
                ],
              },
              note: { type: ['string', 'null'] },
            },
            required: ['name', 'shape', 'note'],
            additionalProperties: false,
          },
          strict: true,
        },
      },
    });
  });

  it('a strict tool of the same zod schema is sent with the same rewrite', async () => {
    const draw = defineTool({ name: 'draw', strict: true, parameters: Shape });
    const body = await sent({ messages: hi, tools: [draw] });
    const parameters = (body.tools as Array<{ function: { parameters: JsonSchema; strict: boolean } }>)[0]!.function;
    const responseFormat = await sent({ messages: hi, responseFormat: { type: 'json_schema', name: 'shape', schema: toJsonSchema(Shape), strict: true } }, '{}');
    expect(parameters).toEqual({ name: 'draw', parameters: (responseFormat.response_format as { json_schema: { schema: JsonSchema } }).json_schema.schema, strict: true });
  });
});

describe('a keyword strict mode does not support', () => {
  it('in a strict tool made from zod (z.xor is oneOf, a non-object intersection allOf) is refused before anything is sent, naming each keyword and where it is (chat and stream)', async () => {
    const tool = defineTool({ name: 'pick', strict: true, parameters: z.object({ id: z.xor([z.string(), z.number()]), code: z.intersection(z.string(), z.string().min(2)) }) });
    for (const call of [() => pins.model.chat({ messages: hi, tools: [tool] }), () => pins.model.streamChat({ messages: hi, tools: [tool] }).response]) {
      const err = await expectLLMError(call());
      expect(err.code).toBe('invalid_request');
      expect(err.retryable).toBe(false);
      expect(err.local).toBe(true);
      expect(err.message).toBe(
        'openai: strict tool "pick": the schema uses keywords "oneOf" (at properties/id), "allOf" (at properties/code), which strict mode does not support: describe the value without them (a union as anyOf: z.union or z.discriminatedUnion, not z.xor), or make the tool non-strict',
      );
      expect(err.details).toEqual({ tool: 'pick', keywords: ['oneOf', 'allOf'], schemaPaths: ['properties/id', 'properties/code'] });
    }
    expect(pins.server.received).toEqual([]);
  });

  it.each([...STRICT_UNSUPPORTED_KEYWORDS])('"%s": refused by us before sending in a strict response format, and by the fake (400, the API wording) when sent anyway', async (keyword) => {
    const schema = withKeyword(keyword);
    const ours = await expectLLMError(pins.model.chat({ messages: hi, responseFormat: { type: 'json_schema', name: 'r', schema, strict: true } }));
    expect(ours.local).toBe(true);
    expect(ours.details).toEqual({ responseFormat: 'r', keywords: [keyword], schemaPaths: ['properties/a'] });
    expect(pins.server.received).toEqual([]);

    // Given raw in the body (providerOptions.openai), the schema is not checked by the provider: the fake refuses it as the API does.
    const raw = { response_format: { type: 'json_schema', json_schema: { name: 'r', schema, strict: true } } };
    const theirs = await expectLLMError(pins.model.chat({ messages: hi, providerOptions: { openai: raw } }));
    expect(theirs.status).toBe(400);
    expect(theirs.message).toContain(`Invalid schema for response_format 'r': In context=('properties', 'a'), '${keyword}' is not permitted.`);
    const tools = [{ type: 'function', function: { name: 'f', parameters: schema, strict: true } }];
    const tool = await expectLLMError(pins.model.chat({ messages: hi, providerOptions: { openai: { tools } } }));
    expect(tool.message).toContain(`Invalid schema for function 'f': In context=('properties', 'a'), '${keyword}' is not permitted.`);
    expect(pins.server.received).toHaveLength(2);

    // Not strict, the same schema is the caller's to send: it goes as given and the fake takes it.
    const loose = await sent({ messages: hi, responseFormat: { type: 'json_schema', name: 'r', schema } }, '{"a":"x"}');
    expect(loose.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'r', schema } });
  });
});
