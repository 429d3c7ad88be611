import type { JsonSchema } from './json-schema.js';
import { mapJsonSchema, type JsonSchemaStep } from './json-schema-walk.js';

/**
 * The JSON Schema keywords OpenAI's strict mode (a strict tool's parameters, a strict `json_schema`
 * response format; Groq and OpenRouter take the same rule) refuses wherever they appear, with a
 * 400 `In context=('properties', 'a'), 'allOf' is not permitted.`: the composition keywords its
 * structured outputs guide lists as not supported (`allOf`, `not`, `if`, `then`, `else`,
 * `dependentRequired`, `dependentSchemas`), and `oneOf`, which the guide leaves out of what it
 * supports and the API refuses the same way (`anyOf` is the union it takes). The one list:
 * `@llm/openai` refuses these before sending, and the fake OpenAI server of `@llm/mocks` refuses
 * them as the API does.
 */
export const STRICT_UNSUPPORTED_KEYWORDS: readonly string[] = Object.freeze(['allOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas']);

/** A keyword of {@link STRICT_UNSUPPORTED_KEYWORDS} found in a schema. */
export interface StrictKeywordUse {
  readonly keyword: string;
  /** The steps from the root to the schema node that has it (empty: the root). */
  readonly path: readonly JsonSchemaStep[];
}

/**
 * Every use of a keyword strict mode refuses, in every subschema the walk knows
 * (`properties`, `items`, `anyOf`, `$defs`, `not`, ...), parents first; empty when there is none.
 * A key whose value is `undefined` is not a use (it is not sent).
 */
export function strictUnsupportedKeywords(schema: JsonSchema): StrictKeywordUse[] {
  const found: StrictKeywordUse[] = [];
  mapJsonSchema(schema, (node, path) => {
    for (const keyword of STRICT_UNSUPPORTED_KEYWORDS) if (node[keyword] !== undefined) found.push({ keyword, path });
    return node;
  });
  return found;
}
