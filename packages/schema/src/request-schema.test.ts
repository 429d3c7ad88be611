import { isLLMError, type LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChatRequestSchema, CompletionRequestSchema } from './request-schema.js';
import { parseOrThrow } from './validate.js';
import { defineTool } from './tool-schema.js';
import { closeJsonSchema } from './close-json-schema.js';
import { toJsonSchema, zodSchemaProblem } from './json-schema.js';
import { StreamEventSchema } from './stream-event-schema.js';
import { MessageSchema } from './message-schema.js';

function fail(value: unknown): LLMError {
  try {
    parseOrThrow(ChatRequestSchema, value, 'chat request');
  } catch (err) {
    if (isLLMError(err)) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('ChatRequestSchema', () => {
  it('takes an assistant turn’s reasoning blocks and names a bad one', () => {
    const turn = {
      role: 'assistant',
      content: null,
      toolCalls: [{ id: 'c1', name: 'f', arguments: {} }],
      reasoning: [{ type: 'reasoning', text: 'think', signature: 'sig' }, { type: 'redacted-reasoning', data: 'opaque' }],
    };
    const ok = ChatRequestSchema.parse({ messages: [{ role: 'user', content: 'q' }, turn] });
    expect(ok.messages[1]).toEqual(turn);
    const err = fail({ messages: [{ role: 'user', content: 'q' }, { ...turn, reasoning: [{ type: 'redacted-reasoning', data: '' }] }] });
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain('messages[1].reasoning[0].data');
  });

  it('accepts a full request', () => {
    const weather = defineTool({ name: 'get_weather', description: 'w', parameters: z.object({ city: z.string() }) });
    const ok = ChatRequestSchema.safeParse({
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image', url: 'https://example.com/cat.png', detail: 'low' }] },
        { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'get_weather', arguments: { city: 'Oslo' } }] },
        { role: 'tool', toolCallId: 'c1', content: { temp: 3 } },
      ],
      maxTokens: 100,
      temperature: 0.5,
      topP: 0.9,
      stop: ['END'],
      presencePenalty: 0.1,
      frequencyPenalty: -0.1,
      seed: 7,
      tools: [weather],
      toolChoice: { type: 'tool', name: 'get_weather' },
      providerOptions: { openai: { reasoning_effort: 'low' } },
      tags: { feature: 'search' },
      output: z.object({ a: z.string() }),
    });
    expect(ok.success).toBe(true);
  });

  it('names every bad field in one invalid_request error', () => {
    const err = fail({ messages: [{ role: 'user', content: 42 }], temperature: 3, maxTokens: -1, stop: [] });
    expect(err.code).toBe('invalid_request');
    expect(err.message).toMatch(/messages\[0\]/);
    expect(err.message).toMatch(/temperature/);
    expect(err.message).toMatch(/maxTokens/);
    expect(err.message).toMatch(/stop/);
    expect((err.details?.fields as string[]).length).toBeGreaterThanOrEqual(4);
  });

  it('rejects an empty message list, unknown roles and bad tool names', () => {
    expect(fail({ messages: [] }).message).toMatch(/at least one message/);
    expect(fail({ messages: [{ role: 'robot', content: 'x' }] }).code).toBe('invalid_request');
    expect(fail({ messages: [{ role: 'user', content: 'x' }], tools: [{ name: 'bad name!', parameters: z.object({}) }] }).message).toMatch(/tools\[0\]\.name/);
    expect(fail({ messages: [{ role: 'user', content: 'x' }], tools: [{ name: 'ok', parameters: { type: 'object' } }] }).message).toMatch(/zod schema/);
  });

  it('requires exactly one of url or data on an image, and a media type with data', () => {
    expect(MessageSchema.safeParse({ role: 'user', content: [{ type: 'image' }] }).success).toBe(false);
    expect(MessageSchema.safeParse({ role: 'user', content: [{ type: 'image', data: 'aGk=' }] }).success).toBe(false);
    expect(MessageSchema.safeParse({ role: 'user', content: [{ type: 'image', data: 'aGk=', mediaType: 'image/png' }] }).success).toBe(true);
  });

  it('validates completion requests', () => {
    expect(CompletionRequestSchema.safeParse({ prompt: '' }).success).toBe(false);
    expect(CompletionRequestSchema.safeParse({ prompt: 'hi', system: 's', maxTokens: 5 }).success).toBe(true);
  });
});

describe('toJsonSchema', () => {
  it('turns a zod schema into the JSON Schema vendors take', () => {
    const json = toJsonSchema(z.object({ city: z.string().describe('City name'), unit: z.enum(['c', 'f']).optional() }));
    expect(json.$schema).toBeUndefined();
    expect(json).toMatchObject({ type: 'object', properties: { city: { type: 'string', description: 'City name' }, unit: { enum: ['c', 'f'] } }, required: ['city'] });
  });
});

describe('StreamEventSchema', () => {
  it('describes every event type', () => {
    expect(StreamEventSchema.safeParse({ type: 'text-delta', text: 'hi' }).success).toBe(true);
    expect(StreamEventSchema.safeParse({ type: 'tool-call-delta', index: 0, argumentsDelta: '{"' }).success).toBe(true);
    expect(StreamEventSchema.safeParse({ type: 'usage', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } }).success).toBe(true);
    expect(StreamEventSchema.safeParse({ type: 'nope' }).success).toBe(false);
  });
});

describe('tools a vendor would refuse', () => {
  const a = defineTool({ name: 'lookup', parameters: z.object({ q: z.string() }) });
  it('refuses two tools of one name', () => {
    const err = fail({ messages: [{ role: 'user', content: 'q' }], tools: [a, { ...a, description: 'again' }] });
    expect(err).toMatchObject({ code: 'invalid_request', local: true });
    expect(err.message).toContain('tools[1].name: a tool named "lookup" is already given');
  });
  it('refuses a tool choice naming a tool not given, and "required" with no tools', () => {
    expect(fail({ messages: [{ role: 'user', content: 'q' }], tools: [a], toolChoice: { type: 'tool', name: 'other' } }).message).toContain('toolChoice.name: no tool named "other"');
    expect(fail({ messages: [{ role: 'user', content: 'q' }], toolChoice: 'required' }).message).toContain('toolChoice: "required" needs tools, and the request has none');
    expect(fail({ messages: [{ role: 'user', content: 'q' }], toolChoice: { type: 'tool', name: 'x' } }).message).toContain('toolChoice: { name: "x" } needs tools');
  });
});

describe('closeJsonSchema', () => {
  it('closes every object schema, nested ones included, and leaves explicit ones alone', () => {
    const schema = toJsonSchema(
      z.object({ a: z.object({ b: z.string() }), list: z.array(z.object({ c: z.number() })), either: z.union([z.object({ d: z.string() }), z.string()]), open: z.looseObject({ e: z.string() }) }),
    );
    expect(schema.additionalProperties).toBeUndefined();
    expect(closeJsonSchema(schema)).toMatchObject({
      additionalProperties: false,
      properties: {
        a: { additionalProperties: false },
        list: { items: { additionalProperties: false } },
        either: { anyOf: [{ additionalProperties: false }, { type: 'string' }] },
        open: { additionalProperties: {} },
      },
    });
    // The original is untouched (it is cached and shared).
    expect(schema.additionalProperties).toBeUndefined();
  });
});

describe('zodSchemaProblem', () => {
  it('refuses a schema too deep or too big to send, iteratively; a recursive (lazy) schema is fine', () => {
    let deep: z.ZodType = z.string();
    for (let i = 0; i < 3000; i++) deep = z.object({ a: deep });
    expect(zodSchemaProblem(deep)).toMatch(/nested more than 64 levels/);
    const wide = z.object(Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, z.string()])));
    expect(zodSchemaProblem(wide)).toMatch(/more than 10000 parts/);
    interface Tree { children: Tree[] }
    const tree: z.ZodType<Tree> = z.object({ children: z.array(z.lazy(() => tree)) });
    expect(zodSchemaProblem(tree)).toBeUndefined();
    expect(zodSchemaProblem(z.object({ a: z.union([z.string(), z.array(z.number()).optional()]) }))).toBeUndefined();
  });
});
