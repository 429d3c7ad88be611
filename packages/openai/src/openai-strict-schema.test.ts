import { closeJsonSchema, toJsonSchema } from '@llm/schema';
import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toOpenAIStrictParameters, toOpenAIStrictResponseSchema } from './openai-strict-schema.js';

const who = { provider: 'groq', modelId: 'llama-3.3-70b-versatile' };
const strict = (schema: z.ZodType) => closeJsonSchema(toJsonSchema(schema));
const refusal = (schema: z.ZodType): LLMError => {
  try {
    toOpenAIStrictParameters(strict(schema), 't', who);
  } catch (err) {
    if (err instanceof LLMError) return err;
    throw err;
  }
  throw new Error('not refused');
};

describe('toOpenAIStrictParameters', () => {
  it('lists every property as required when each may be null or is required, and returns the same object for the same schema', () => {
    const params = strict(z.object({ a: z.string(), b: z.string().nullable(), c: z.string().nullable().optional(), d: z.union([z.number(), z.null()]).optional(), e: z.literal(null).optional() }));
    const out = toOpenAIStrictParameters(params, 't', who);
    expect(out.required).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(params.required).toEqual(['a', 'b']); // the input is not changed
    expect(toOpenAIStrictParameters(params, 't', who)).toBe(out);
  });

  it('names fields in arrays, records and recursive definitions, and follows a reference to a nullable definition', () => {
    const Node: z.ZodType = z
      .object({
        name: z.string(),
        get children() {
          return z.array(Node).optional();
        },
      })
      .meta({ id: 'StrictTestNode' });
    const err = refusal(z.object({ root: Node, byId: z.record(z.string(), z.object({ label: z.string().optional() })), list: z.array(z.object({ x: z.number().optional() })) }));
    expect(err.code).toBe('invalid_request');
    expect(err.provider).toBe('groq');
    expect(err.message).toMatch(/^groq: strict tool "t": fields /);
    expect((err.details as { fields: string[] }).fields.sort()).toEqual(['$defs.StrictTestNode.children', 'byId.*.label', 'list[].x'].sort());

    const json = { type: 'object', properties: { note: { $ref: '#/$defs/Note' } }, required: [], additionalProperties: false, $defs: { Note: { type: ['string', 'null'] } } };
    expect(toOpenAIStrictParameters(json, 't', who).required).toEqual(['note']);
  });

  it('one field: says "field", and the message tells what to write instead', () => {
    expect(refusal(z.object({ unit: z.enum(['c', 'f']).optional() })).message).toBe(
      'groq: strict tool "t": field "unit" may be left out (.optional() or .default(); not in "required"), which strict mode does not allow (every field must be required): use .nullable() instead (the model then sends null), or make the tool non-strict',
    );
  });
});

describe('toOpenAIStrictResponseSchema', () => {
  it('closes objects in definitions too, requires nullable fields, and leaves the input as it was', () => {
    const schema = { type: 'object', properties: { next: { $ref: '#/$defs/Node' } }, $defs: { Node: { anyOf: [{ type: 'object', properties: { v: { type: 'number' } }, required: ['v'] }, { type: 'null' }] } } };
    const before = structuredClone(schema);
    expect(toOpenAIStrictResponseSchema(schema, 'list', who)).toEqual({
      type: 'object',
      properties: { next: { $ref: '#/$defs/Node' } },
      required: ['next'],
      additionalProperties: false,
      $defs: { Node: { anyOf: [{ type: 'object', properties: { v: { type: 'number' } }, required: ['v'], additionalProperties: false }, { type: 'null' }] } },
    });
    expect(schema).toEqual(before);
  });

  it('refuses a root that is not exactly an object, naming what it is', () => {
    const refused = (schema: Record<string, unknown>) => {
      try {
        toOpenAIStrictResponseSchema(schema, 'r', who);
      } catch (err) {
        if (err instanceof LLMError) return err;
      }
      throw new Error('not refused');
    };
    expect(refused({ type: ['object', 'null'], properties: {} }).message).toContain('it has "type": ["object","null"]');
    expect(refused({}).message).toContain('it has no "type"');
    expect(refused({ oneOf: [{ type: 'object' }] }).details).toEqual({ responseFormat: 'r', rootType: null });
  });
});
