import type { JsonSchema } from './json-schema.js';

/** One step from a JSON Schema down to one of its subschemas. */
export interface JsonSchemaStep {
  /** The keyword that holds the subschema: `properties`, `items`, `anyOf`, `$defs`, ... */
  readonly keyword: string;
  /** Under a map keyword (`properties`, `$defs`, ...) the name; under a list keyword (`anyOf`, `prefixItems`, ...) the index. */
  readonly key?: string;
}

/** Rewrites one schema node; gets the node as it is in the input and the steps from the root to it. */
export type JsonSchemaVisitor = (node: JsonSchema, path: readonly JsonSchemaStep[]) => JsonSchema;

/** Keywords whose value is one subschema. */
const ONE = ['items', 'additionalItems', 'additionalProperties', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'] as const;
/** Keywords whose value is a list of subschemas. */
const LIST = ['prefixItems', 'anyOf', 'oneOf', 'allOf'] as const;
/** Keywords whose value maps names to subschemas. */
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;

const isSchema = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The one walk over a JSON Schema's subschemas, so that a keyword is known in one place: a copy of
 * `schema` in which every schema node (the root, and each object schema under `properties`,
 * `items`, `additionalProperties`, `anyOf`/`oneOf`/`allOf`, `prefixItems`, `$defs`/`definitions`,
 * `patternProperties`, `not`, `if`/`then`/`else`, ...) is replaced by what `visit` returns for it.
 * Parents first: `visit` sees each node as it is in the input (its `properties`, `required`, ...),
 * then the subschemas of what it returned are walked. Boolean schemas and other values are kept as
 * they are; `$ref`s are not followed (see {@link resolveJsonSchemaRef}). The input is not changed,
 * provided `visit` does not change it.
 */
export function mapJsonSchema(schema: JsonSchema, visit: JsonSchemaVisitor): JsonSchema {
  const walk = (node: JsonSchema, path: readonly JsonSchemaStep[]): JsonSchema => {
    const out: JsonSchema = { ...visit(node, path) };
    for (const keyword of ONE) {
      const value = out[keyword];
      if (isSchema(value)) out[keyword] = walk(value, [...path, { keyword }]);
    }
    for (const keyword of LIST) {
      const list = out[keyword];
      if (Array.isArray(list)) out[keyword] = list.map((value: unknown, i) => (isSchema(value) ? walk(value, [...path, { keyword, key: String(i) }]) : value));
    }
    for (const keyword of MAP) {
      const map = out[keyword];
      if (!isSchema(map)) continue;
      const copy: JsonSchema = {};
      for (const [key, value] of Object.entries(map)) copy[key] = isSchema(value) ? walk(value, [...path, { keyword, key }]) : value;
      out[keyword] = copy;
    }
    return out;
  };
  return walk(schema, []);
}

/** The steps as a JSON pointer's parts, joined by `/`: `properties/stops/items/properties/note`. */
export function jsonSchemaPathString(path: readonly JsonSchemaStep[]): string {
  return path.map((step) => (step.key === undefined ? step.keyword : `${step.keyword}/${step.key}`)).join('/');
}

/** Whether a schema node describes an object: `type: 'object'` (alone or in a type list), or no type and `properties`. */
export function isObjectJsonSchema(node: JsonSchema): boolean {
  const type = node.type;
  return type === 'object' || (Array.isArray(type) && type.includes('object')) || (type === undefined && isSchema(node.properties));
}

/**
 * What a local `$ref` (`#`, `#/$defs/Node`, with `~1`/`~0` escapes) points at inside `root`, or
 * undefined for a reference elsewhere or to nothing.
 */
export function resolveJsonSchemaRef(root: JsonSchema, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) target = isSchema(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return target;
}
