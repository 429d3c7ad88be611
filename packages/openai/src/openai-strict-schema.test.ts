import { closeJsonSchema, toJsonSchema } from '@llm/schema';
import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toOpenAIStrictParameters, toOpenAIStrictResponseSchema } from './openai-strict-schema.js';

const who = { provider: 'groq', modelId: 'llama-3.3-70b-versatile' };
const strict = (schema: z.ZodType) => closeJsonSchema(toJsonSchema(schema));
const refusalOf = (call: () => unknown): LLMError => {
  try {
    call();
  } catch (err) {
    if (err instanceof LLMError) return err;
    throw err;
  }
  throw new Error('not refused');
};
const refusal = (schema: z.ZodType): LLMError => refusalOf(() => toOpenAIStrictParameters(strict(schema), 't', who));

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

  it('refuses a keyword strict mode does not support before the fields, one keyword at the root included: says "keyword", names where', () => {
    const err = refusalOf(() => toOpenAIStrictParameters({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false, if: { required: ['a'] }, then: { required: [] } }, 't', who));
    expect(err.message).toBe(
      'groq: strict tool "t": the schema uses keywords "if" (at the root), "then" (at the root), which strict mode does not support: describe the value without them (a union as anyOf: z.union or z.discriminatedUnion, not z.xor), or make the tool non-strict',
    );
    expect(err.details).toEqual({ tool: 't', keywords: ['if', 'then'], schemaPaths: ['', ''] });
    const one = refusalOf(() => toOpenAIStrictResponseSchema({ type: 'object', properties: { a: { not: { type: 'null' } } } }, 'r', who));
    expect(one.message).toMatch(/^groq: strict response format "r": the schema uses keyword "not" \(at properties\/a\), which strict mode does not support: describe the value without it .*, or make the response format non-strict$/);
    expect(one.details).toEqual({ responseFormat: 'r', keywords: ['not'], schemaPaths: ['properties/a'] });
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
    const refused = (schema: Record<string, unknown>) => refusalOf(() => toOpenAIStrictResponseSchema(schema, 'r', who));
    expect(refused({ type: ['object', 'null'], properties: {} }).message).toContain('it has "type": ["object","null"]');
    expect(refused({}).message).toContain('it has no "type"');
    expect(refused({ oneOf: [{ type: 'object' }] }).details).toEqual({ responseFormat: 'r', rootType: null });
  });
});
