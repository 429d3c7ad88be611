import type { JsonSchema, Tool } from '@llm/schema';
import { z } from 'zod';

/** The empty-object schema a tool without parameters takes. */
const NO_PARAMETERS: JsonSchema = { type: 'object', properties: {} };

/**
 * A tool whose parameters are the client's own JSON Schema, passed to the vendor unchanged.
 *
 * The framework's tools take zod schemas (it validates the model's arguments against them); a
 * gateway receives JSON Schema and must forward it as it came, and leave judging the arguments to
 * its client, as the vendor's own API does. So the schema is `z.unknown()` (any arguments object
 * passes) with zod's `toJSONSchema` override hook returning a copy of the client's schema: the
 * provider sends exactly what the client sent.
 */
export function jsonSchemaTool(name: string, parameters: JsonSchema | undefined, description?: string, strict?: boolean): Tool<unknown> {
  const json = parameters ?? NO_PARAMETERS;
  const schema = z.unknown();
  // zod's documented per-schema override of `toJSONSchema` (`$ZodTypeInternals.toJSONSchema`).
  schema._zod.toJSONSchema = () => structuredClone(json);
  const tool: Tool<unknown> = { name, parameters: schema };
  if (description !== undefined) tool.description = description;
  if (strict !== undefined) tool.strict = strict;
  return tool;
}
