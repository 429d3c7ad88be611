import { LLMError } from '@llm/errors';
import type { JsonSchema } from '@llm/schema';
import { transformJSONSchema } from '@anthropic-ai/sdk/lib/transform-json-schema';

const cache = new WeakMap<JsonSchema, JsonSchema>();

/**
 * A JSON Schema in the subset Anthropic's structured outputs and strict tools take: every object
 * closed (`additionalProperties: false`), and the keywords the grammar cannot hold (`minimum`,
 * `maxLength`, ...) moved into the description, as the SDK's own `transformJSONSchema` does. The
 * API refuses anything else with a 400. The model's reply is still validated against the caller's
 * full zod schema. Computed once per schema object.
 */
export function toAnthropicStructuredSchema(schema: JsonSchema, where: string): JsonSchema {
  let out = cache.get(schema);
  if (out) return out;
  try {
    out = transformJSONSchema(schema) as JsonSchema;
  } catch (err) {
    throw new LLMError({
      code: 'invalid_request',
      provider: 'anthropic',
      message: `anthropic: ${where} cannot be used for structured output: ${(err as Error).message}`,
      cause: err,
    });
  }
  cache.set(schema, out);
  return out;
}
