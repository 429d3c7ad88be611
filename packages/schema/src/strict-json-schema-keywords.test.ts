import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toJsonSchema, type JsonSchema } from './json-schema.js';
import { jsonSchemaPathString } from './json-schema-walk.js';
import { STRICT_UNSUPPORTED_KEYWORDS, strictUnsupportedKeywords } from './strict-json-schema-keywords.js';

const found = (schema: JsonSchema) => strictUnsupportedKeywords(schema).map((f) => `${f.keyword}@${jsonSchemaPathString(f.path) || '(root)'}`);

describe('strictUnsupportedKeywords', () => {
  it('is the guide\'s composition keywords and oneOf, and nothing strict mode takes', () => {
    expect([...STRICT_UNSUPPORTED_KEYWORDS].sort()).toEqual(['allOf', 'dependentRequired', 'dependentSchemas', 'else', 'if', 'not', 'oneOf', 'then']);
    expect(Object.isFrozen(STRICT_UNSUPPORTED_KEYWORDS)).toBe(true);
    // What the structured outputs guide says it supports is never found.
    const taken: JsonSchema = {
      type: 'object',
      properties: {
        s: { type: 'string', pattern: '^a', format: 'date' },
        n: { type: 'number', minimum: 0, maximum: 9, multipleOf: 1, exclusiveMinimum: -1, exclusiveMaximum: 10 },
        a: { type: 'array', items: { anyOf: [{ type: 'string' }, { $ref: '#/$defs/N' }] }, minItems: 1, maxItems: 3 },
        e: { enum: ['x', 'y'] },
        c: { const: 'z' },
      },
      required: ['s', 'n', 'a', 'e', 'c'],
      additionalProperties: false,
      $defs: { N: { type: 'null' } },
    };
    expect(found(taken)).toEqual([]);
  });

  it('finds each use at any depth, the root, definitions and inside other refused keywords included, parents first', () => {
    const schema: JsonSchema = {
      type: 'object',
      if: { required: ['a'] },
      then: { required: ['b'] },
      properties: {
        a: { allOf: [{ type: 'string' }] },
        list: { type: 'array', items: { type: 'object', dependentRequired: { x: ['y'] } } },
        either: { anyOf: [{ oneOf: [{ type: 'string' }, { type: 'number' }] }, { type: 'null' }] },
      },
      $defs: { N: { not: { dependentSchemas: { x: { type: 'object' } } } } },
      else: undefined,
    };
    expect(found(schema)).toEqual([
      'if@(root)',
      'then@(root)',
      'allOf@properties/a',
      'dependentRequired@properties/list/items',
      'oneOf@properties/either/anyOf/0',
      'not@$defs/N',
      'dependentSchemas@$defs/N/not',
    ]);
  });
});

describe('toJsonSchema', () => {
  it('writes a discriminated union as anyOf (its options never both match), and keeps oneOf for z.xor', () => {
    const a = z.object({ kind: z.literal('a'), n: z.number() });
    const b = z.object({ kind: z.literal('b') });
    const json = toJsonSchema(z.object({ shape: z.discriminatedUnion('kind', [a, b]), maybe: z.discriminatedUnion('kind', [a, b]).nullable(), one: z.xor([z.string(), z.number()]) }));
    const branches = [
      { type: 'object', properties: { kind: { type: 'string', const: 'a' }, n: { type: 'number' } }, required: ['kind', 'n'] },
      { type: 'object', properties: { kind: { type: 'string', const: 'b' } }, required: ['kind'] },
    ];
    expect(json.properties).toEqual({
      shape: { anyOf: branches },
      maybe: { anyOf: [{ anyOf: branches }, { type: 'null' }] },
      one: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    });
    expect(found(json)).toEqual(['oneOf@properties/one']);
  });
});
