import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

/** A JSON Schema object, as vendors take it for tool parameters and structured output. */
export type JsonSchema = { [key: string]: unknown };

export const JsonSchemaSchema = lazySchema(() => z.record(z.string(), z.unknown()));

/** Anything with zod's `safeParse`: accepted from any installed copy of zod 4. */
export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function' && '_zod' in value;
}

/** Nesting of a zod schema beyond this is refused before conversion (a 3,000-level schema takes seconds, or overflows the stack). */
export const MAX_SCHEMA_DEPTH = 64;
/** So is a schema of more parts than this. */
export const MAX_SCHEMA_NODES = 10_000;

function isZodLike(value: unknown): value is { _zod: { def: Record<string, unknown> } } {
  return typeof value === 'object' && value !== null && '_zod' in value && typeof (value as { _zod?: { def?: unknown } })._zod?.def === 'object';
}

/** The schemas directly inside one: an object's properties, an array's element, a union's options, a wrapper's inner type. */
function childSchemas(def: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  for (const key of Object.keys(def)) {
    // A lazy schema's getter is how recursive schemas are written: conversion turns it into a $ref.
    if (key === 'getter') continue;
    const value = def[key];
    if (isZodLike(value)) {
      out.push(value);
    } else if (Array.isArray(value)) {
      for (const v of value) if (isZodLike(v)) out.push(v);
    } else if (typeof value === 'object' && value !== null) {
      for (const v of Object.values(value)) if (isZodLike(v)) out.push(v);
    }
  }
  return out;
}

/**
 * Why a zod schema is too big to send, or undefined: nested more than {@link MAX_SCHEMA_DEPTH}
 * levels or made of more than {@link MAX_SCHEMA_NODES} parts. Iterative, so it cannot overflow
 * the stack itself.
 */
export function zodSchemaProblem(schema: z.ZodType): string | undefined {
  const stack: Array<[unknown, number]> = [[schema, 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isZodLike(node)) continue;
    if (++nodes > MAX_SCHEMA_NODES) return `the schema has more than ${MAX_SCHEMA_NODES} parts`;
    if (depth > MAX_SCHEMA_DEPTH) return `the schema is nested more than ${MAX_SCHEMA_DEPTH} levels deep`;
    for (const child of childSchemas(node._zod.def)) stack.push([child, depth + 1]);
  }
  return undefined;
}

/**
 * A discriminated union as `anyOf`, not the `oneOf` zod writes for it: its options differ in the
 * discriminator, so no value matches two and both say the same, and `anyOf` is the union every
 * vendor takes (OpenAI's strict mode refuses `oneOf`). Other exclusive unions (`z.xor`) keep `oneOf`.
 */
function discriminatedUnionAsAnyOf(ctx: { zodSchema: { _zod: { def: object } }; jsonSchema: JsonSchema }): void {
  const { jsonSchema } = ctx;
  if (!('discriminator' in ctx.zodSchema._zod.def) || jsonSchema.oneOf === undefined || jsonSchema.anyOf !== undefined) return;
  jsonSchema.anyOf = jsonSchema.oneOf;
  delete jsonSchema.oneOf;
}

/**
 * Turns a zod schema into the JSON Schema (draft 2020-12 subset) that vendors accept, without the
 * `$schema` key. Objects are described as the model may write them (`io: 'input'`): a plain
 * `z.object` is open; see `closeJsonSchema` for strict tools. A discriminated union is an `anyOf`.
 */
export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input', override: discriminatedUnionAsAnyOf }) as JsonSchema;
  delete json.$schema;
  return json;
}
