import { z } from 'zod';

/** A JSON Schema object, as vendors take it for tool parameters and structured output. */
export type JsonSchema = { [key: string]: unknown };

export const JsonSchemaSchema = z.record(z.string(), z.unknown());

/** Anything with zod's `safeParse`: accepted from any installed copy of zod 4. */
export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function' && '_zod' in value;
}

/**
 * Turns a zod schema into the JSON Schema (draft 2020-12 subset) that vendors accept, without the
 * `$schema` key. Objects are described as the model may write them (`io: 'input'`): a plain
 * `z.object` is open; see {@link closeJsonSchema} for strict tools.
 */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** Keys of a JSON Schema whose value is one subschema, or a list or map of subschemas. */
const ONE = ['items', 'additionalItems', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'];
const LIST = ['prefixItems', 'anyOf', 'oneOf', 'allOf'];
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

function isObjectSchema(node: JsonSchema): boolean {
  const type = node.type;
  return type === 'object' || (Array.isArray(type) && type.includes('object')) || (type === undefined && typeof node.properties === 'object');
}

/**
 * A copy of a JSON Schema in which every object schema that does not say otherwise has
 * `additionalProperties: false`, as vendors require of strict tools (OpenAI refuses a strict
 * schema whose objects are open). Nested schemas (properties, items, anyOf, $defs, ...) included.
 */
export function closeJsonSchema(schema: JsonSchema): JsonSchema {
  const close = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
    const src = node as JsonSchema;
    const out: JsonSchema = { ...src };
    for (const key of ONE) if (key in src) out[key] = close(src[key]);
    for (const key of LIST) if (Array.isArray(src[key])) out[key] = (src[key] as unknown[]).map(close);
    for (const key of MAP) {
      const map = src[key];
      if (typeof map === 'object' && map !== null && !Array.isArray(map)) {
        const copy: JsonSchema = {};
        for (const [k, v] of Object.entries(map)) copy[k] = close(v);
        out[key] = copy;
      }
    }
    if (typeof src.additionalProperties === 'object' && src.additionalProperties !== null) out.additionalProperties = close(src.additionalProperties);
    else if (src.additionalProperties === undefined && isObjectSchema(src)) out.additionalProperties = false;
    return out;
  };
  return close(schema) as JsonSchema;
}
