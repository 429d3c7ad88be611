import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closeJsonSchema } from './close-json-schema.js';
import { toJsonSchema, type JsonSchema } from './json-schema.js';
import { isObjectJsonSchema, jsonSchemaPathString, mapJsonSchema, resolveJsonSchemaRef, type JsonSchemaStep } from './json-schema-walk.js';

/** Every path the walk visits, as strings, in order. */
function visited(schema: JsonSchema): string[] {
  const seen: string[] = [];
  mapJsonSchema(schema, (node, path) => {
    seen.push(jsonSchemaPathString(path) || '(root)');
    return node;
  });
  return seen;
}

describe('mapJsonSchema', () => {
  it('visits the root and every subschema under each keyword, parents first, and skips boolean schemas and non-schema values', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'array', items: { type: 'number' }, prefixItems: [{ type: 'string' }, true] } },
      additionalProperties: { type: 'string' },
      patternProperties: { '^x': { type: 'integer' } },
      anyOf: [{ type: 'object' }, false],
      oneOf: [{ const: 1 }],
      allOf: [{ required: ['a'] }],
      not: { type: 'null' },
      if: { properties: { a: { const: 'y' } } },
      then: { required: ['b'] },
      else: { required: [] },
      $defs: { Node: { type: 'object' } },
      definitions: { Old: { type: 'string' } },
      dependentSchemas: { a: { required: ['b'] } },
      propertyNames: { pattern: '^[a-z]+$' },
      contains: { type: 'string' },
      enum: [{ type: 'object' }], // a value, not a subschema
      required: ['a'],
    };
    expect(visited(schema)).toEqual([
      '(root)',
      'additionalProperties',
      'contains',
      'not',
      'if',
      'if/properties/a',
      'then',
      'else',
      'propertyNames',
      'anyOf/0',
      'oneOf/0',
      'allOf/0',
      'properties/a',
      'properties/b',
      'properties/b/items',
      'properties/b/prefixItems/0',
      'patternProperties/^x',
      '$defs/Node',
      'definitions/Old',
      'dependentSchemas/a',
    ]);
  });

  it('returns a copy built from what the visitor returns; the input is left as it was', () => {
    const schema: JsonSchema = { type: 'object', properties: { a: { type: 'object', properties: {} } }, items: [{ type: 'string' }] };
    const before = structuredClone(schema);
    const paths: Array<readonly JsonSchemaStep[]> = [];
    const out = mapJsonSchema(schema, (node, path) => {
      paths.push(path);
      return { ...node, seen: true };
    });
    expect(out).toEqual({ type: 'object', seen: true, properties: { a: { type: 'object', properties: {}, seen: true } }, items: [{ type: 'string' }] });
    expect(schema).toEqual(before);
    expect(paths).toEqual([[], [{ keyword: 'properties', key: 'a' }]]);
    // A visitor's replacement is walked too: the subschemas it returns, not the input's.
    const replaced = mapJsonSchema({ anyOf: [{ type: 'string' }] }, (node, path) => (path.length === 0 ? { anyOf: [{ type: 'number' }, { type: 'null' }] } : { ...node, tag: 1 }));
    expect(replaced).toEqual({ anyOf: [{ type: 'number', tag: 1 }, { type: 'null', tag: 1 }] });
  });

  it('closeJsonSchema is a visitor on it: objects in recursive definitions and records are closed too', () => {
    interface Tree { children: Tree[] }
    const Tree: z.ZodType<Tree> = z.object({ get children() { return z.array(Tree); } }).meta({ id: 'WalkTestTree' });
    const closed = closeJsonSchema(toJsonSchema(z.object({ tree: Tree, byId: z.record(z.string(), z.object({ x: z.number() })) })));
    expect(closed).toMatchObject({
      additionalProperties: false,
      properties: { byId: { additionalProperties: { additionalProperties: false } } },
      $defs: { WalkTestTree: { additionalProperties: false } },
    });
  });
});

describe('isObjectJsonSchema', () => {
  it('is true for type object, a type list with object, or properties with no type', () => {
    expect(isObjectJsonSchema({ type: 'object' })).toBe(true);
    expect(isObjectJsonSchema({ type: ['object', 'null'] })).toBe(true);
    expect(isObjectJsonSchema({ properties: {} })).toBe(true);
    expect(isObjectJsonSchema({ type: 'string' })).toBe(false);
    expect(isObjectJsonSchema({ type: 'array', properties: {} })).toBe(false);
    expect(isObjectJsonSchema({})).toBe(false);
  });
});

describe('resolveJsonSchemaRef', () => {
  it('follows a local reference, escapes included, and gives undefined for a remote or broken one', () => {
    const root: JsonSchema = { type: 'object', $defs: { Node: { type: 'string' }, 'a/b~c': { type: 'null' } } };
    expect(resolveJsonSchemaRef(root, '#')).toBe(root);
    expect(resolveJsonSchemaRef(root, '#/$defs/Node')).toEqual({ type: 'string' });
    expect(resolveJsonSchemaRef(root, '#/$defs/a~1b~0c')).toEqual({ type: 'null' });
    expect(resolveJsonSchemaRef(root, '#/$defs/Missing')).toBeUndefined();
    expect(resolveJsonSchemaRef(root, '#/$defs/Node/type/deeper')).toBeUndefined();
    expect(resolveJsonSchemaRef(root, 'https://example.com/schema.json')).toBeUndefined();
  });
});
