import type { ChatRequest } from '@llm/schema';
import { z } from 'zod';
import { usageError } from '../errors/usage-error.js';

/**
 * Structured output from a JSON Schema: the schema goes to the vendor as it is (`responseFormat`),
 * and the reply is parsed and validated against the same schema read by zod (`output`), so
 * `response.object` is the checked value and a reply that does not fit is `malformed_response`.
 */
export function structuredOutput(schema: Record<string, unknown>, source: string): Pick<ChatRequest<unknown>, 'responseFormat' | 'output'> {
  let output: z.ZodType;
  try {
    output = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (err) {
    throw usageError(`${source} is not a JSON Schema zod can read: ${(err as Error).message}`, 'use draft 2020-12 or draft-07 keywords (type, properties, required, items, enum...)', err);
  }
  return { responseFormat: { type: 'json_schema', name: 'output', schema }, output };
}
