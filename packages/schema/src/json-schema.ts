import { z } from 'zod';

/** A JSON Schema object, as vendors take it for tool parameters and structured output. */
export type JsonSchema = { [key: string]: unknown };

export const JsonSchemaSchema = z.record(z.string(), z.unknown());

/** Anything with zod's `safeParse`: accepted from any installed copy of zod 4. */
export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function' && '_zod' in value;
}

/**
 * Turns a zod schema into the JSON Schema (draft 2020-12 subset) that vendors accept:
 * no `$schema` key, objects closed with `additionalProperties: false`.
 */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) as JsonSchema;
  delete json.$schema;
  return json;
}
