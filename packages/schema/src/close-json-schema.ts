import type { JsonSchema } from './json-schema.js';
import { isObjectJsonSchema, mapJsonSchema } from './json-schema-walk.js';

/**
 * A copy of a JSON Schema in which every object schema that does not say otherwise has
 * `additionalProperties: false`, as vendors require of strict tools (OpenAI refuses a strict
 * schema whose objects are open). Nested schemas (properties, items, anyOf, $defs, ...) included.
 */
export function closeJsonSchema(schema: JsonSchema): JsonSchema {
  return mapJsonSchema(schema, (node) => (node.additionalProperties === undefined && isObjectJsonSchema(node) ? { ...node, additionalProperties: false } : node));
}
