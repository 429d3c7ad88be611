import { LLMError } from '@llm/errors';
import { closeJsonSchema, jsonSchemaPathString, mapJsonSchema, resolveJsonSchemaRef, strictUnsupportedKeywords, type JsonSchema, type JsonSchemaStep } from '@llm/schema';

const cache = new WeakMap<JsonSchema, JsonSchema>();

/** Who is asking, for errors. */
interface StrictOptions {
  provider: string;
  modelId: string;
}

/** A field that may only be left out, found in a strict schema. */
interface OptionalField {
  /** `unit`, `stops[].note`, `$defs.Node.children`: property names, `[]` for array items. */
  field: string;
  /** Where it sits in the JSON Schema, as the openai SDK's helper says it: `properties/stops/items/properties/note`. */
  schemaPath: string;
}

/** What a strict schema belongs to, as errors name it. */
interface StrictUse {
  /** `strict tool "book_trip"`, `strict response format "person"`. */
  label: string;
  /** What the caller may do instead of fixing the fields: `make the tool non-strict`. */
  orElse: string;
  /** Named in the error's details: `{ tool }`, `{ responseFormat }`. */
  details: Record<string, string>;
}

/**
 * A strict tool's parameters (core has closed every object) as OpenAI's strict mode takes them:
 * every property of every object listed in `required`. A property that may be null
 * (`.nullable()`, `.nullable().optional()`) is listed as required, and the model sends null for
 * "none", as the openai SDK's own zod helper does. A property that may only be left out
 * (`.optional()`, `.default()`) cannot be said in strict mode: the API answers it with a 400, so it
 * is refused here, before anything is sent, with an `invalid_request` naming the tool and each such
 * field; so is a schema that uses a keyword strict mode does not support (`allOf`, `oneOf`, `not`,
 * `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`), naming each and where it is.
 * Computed once per schema object.
 */
export function toOpenAIStrictParameters(parameters: JsonSchema, tool: string, options: StrictOptions): JsonSchema {
  const cached = cache.get(parameters);
  if (cached) return cached;
  const out = requireAllOrThrow(parameters, { label: `strict tool "${tool}"`, orElse: 'make the tool non-strict', details: { tool } }, options);
  cache.set(parameters, out);
  return out;
}

/**
 * A strict `json_schema` response format's schema (the caller's own, hand-written or made from zod)
 * as strict mode takes it, by the strict tools' rule: every object closed
 * (`additionalProperties: false` where the schema does not say otherwise), nullable properties
 * listed as required, and a property that may only be left out refused before anything is sent
 * (`invalid_request` naming the response format and each field). The root must be an object
 * (`"type": "object"`, not a list or a union), as the API requires: anything else is refused too,
 * and so is a keyword strict mode does not support, as for strict tools.
 */
export function toOpenAIStrictResponseSchema(schema: JsonSchema, name: string, options: StrictOptions): JsonSchema {
  const use: StrictUse = { label: `strict response format "${name}"`, orElse: 'make the response format non-strict', details: { responseFormat: name } };
  if (schema.type !== 'object') {
    const union = schema.anyOf !== undefined || schema.oneOf !== undefined;
    const got = schema.type !== undefined ? `"type": ${JSON.stringify(schema.type)}` : union ? 'a union (anyOf/oneOf)' : 'no "type"';
    throw refusal(
      options,
      `${use.label}: the schema's root must be an object ("type": "object"), as strict mode requires, and it has ${got}: put the list or union in a field of an object, or ${use.orElse}`,
      { ...use.details, rootType: schema.type ?? null },
    );
  }
  return requireAllOrThrow(closeJsonSchema(schema), use, options);
}

/** {@link requireAll}, refusing the schema when it uses a keyword strict mode refuses or a field may only be left out. */
function requireAllOrThrow(schema: JsonSchema, use: StrictUse, options: StrictOptions): JsonSchema {
  refuseUnsupportedKeywords(schema, use, options);
  const optional: OptionalField[] = [];
  const out = requireAll(schema, optional);
  if (optional.length === 0) return out;
  const fields = optional.map((o) => `"${o.field}"`).join(', ');
  throw refusal(
    options,
    `${use.label}: ${optional.length === 1 ? 'field' : 'fields'} ${fields} may be left out (.optional() or .default(); not in "required"), ` +
      `which strict mode does not allow (every field must be required): use .nullable() instead (the model then sends null), or ${use.orElse}`,
    { ...use.details, fields: optional.map((o) => o.field), schemaPaths: optional.map((o) => o.schemaPath) },
  );
}

/**
 * Refuses a schema that uses a keyword strict mode does not support (`allOf`, `oneOf`, `not`,
 * `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`: `STRICT_UNSUPPORTED_KEYWORDS`,
 * the list the fake server refuses too), naming each keyword and where it is.
 */
function refuseUnsupportedKeywords(schema: JsonSchema, use: StrictUse, options: StrictOptions): void {
  const found = strictUnsupportedKeywords(schema);
  if (found.length === 0) return;
  const where = (path: readonly JsonSchemaStep[]) => (path.length === 0 ? 'the root' : jsonSchemaPathString(path));
  const keywords = found.map((f) => `"${f.keyword}" (at ${where(f.path)})`).join(', ');
  throw refusal(
    options,
    `${use.label}: the schema uses ${found.length === 1 ? 'keyword' : 'keywords'} ${keywords}, which strict mode does not support: ` +
      `describe the value without ${found.length === 1 ? 'it' : 'them'} (a union as anyOf: z.union or z.discriminatedUnion, not z.xor), or ${use.orElse}`,
    { ...use.details, keywords: found.map((f) => f.keyword), schemaPaths: found.map((f) => jsonSchemaPathString(f.path)) },
  );
}

/** The local `invalid_request` for a strict schema the API would refuse: nothing was sent. */
function refusal(options: StrictOptions, message: string, details: Record<string, unknown>): LLMError {
  return new LLMError({ code: 'invalid_request', provider: options.provider, model: options.modelId, retryable: false, local: true, message: `${options.provider}: ${message}`, details });
}

const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (field: string, key: string) => (field ? `${field}.${key}` : key);

/** The field a schema path describes, as a reader names it: `stops[].note`, `byId.*.label`, `$defs.Node.children`. */
function fieldOf(path: readonly JsonSchemaStep[]): string {
  let field = '';
  for (const { keyword, key } of path) {
    if (keyword === 'properties' && key !== undefined) field = join(field, key);
    else if (keyword === 'items') field = `${field}[]`;
    else if (keyword === 'additionalProperties' || keyword === 'patternProperties') field = join(field, '*');
    else if ((keyword === '$defs' || keyword === 'definitions') && key !== undefined) field = `${keyword}.${key}`;
  }
  return field;
}

/** A copy of `schema` with every nullable property required; properties that may only be left out are pushed to `optional`. */
function requireAll(schema: JsonSchema, optional: OptionalField[]): JsonSchema {
  return mapJsonSchema(schema, (node, path) => {
    const properties = node.properties;
    if (!isSchema(properties)) return node;
    const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
    for (const [key, value] of Object.entries(properties)) {
      if (required.includes(key) || isNullable(value, schema, new Set())) continue;
      const at = [...path, { keyword: 'properties', key }];
      optional.push({ field: fieldOf(at), schemaPath: jsonSchemaPathString(at) });
    }
    return { ...node, required: Object.keys(properties) };
  });
}

/** Whether a schema accepts null (a type list with "null", a null branch, a reference to one), as the SDK's helper asks. */
function isNullable(node: unknown, root: JsonSchema, seen: Set<string>): boolean {
  if (!isSchema(node)) return node === true;
  if (node.type === 'null' || (Array.isArray(node.type) && node.type.includes('null'))) return true;
  if (node.nullable === true || ('const' in node && node.const === null)) return true;
  if (Array.isArray(node.enum) && node.enum.includes(null)) return true;
  for (const key of ['anyOf', 'oneOf']) {
    const list = node[key];
    if (Array.isArray(list) && list.some((v) => isNullable(v, root, seen))) return true;
  }
  const ref = node.$ref;
  if (typeof ref === 'string' && !seen.has(ref)) {
    seen.add(ref);
    return isNullable(resolveJsonSchemaRef(root, ref), root, seen);
  }
  return false;
}
