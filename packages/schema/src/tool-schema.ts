import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { isZodSchema, JsonSchemaSchema, type JsonSchema } from './json-schema.js';

/** A tool as the caller defines it: its parameters are a zod schema. */
export interface Tool<TArgs = unknown> {
  name: string;
  description?: string;
  parameters: z.ZodType<TArgs>;
  /** Ask the vendor to hold the arguments to the schema exactly (OpenAI `strict`). */
  strict?: boolean;
}

/** A tool as a provider sends it: its parameters as JSON Schema. */
export interface ToolDefinition {
  name: string;
  description?: string;
  parameters: JsonSchema;
  strict?: boolean;
}

export const ToolSchema = lazySchema(() => z.object({
  name: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'tool names are 1-64 letters, digits, _ or -'),
  description: z.string().optional(),
  parameters: z.custom<z.ZodType>(isZodSchema, { message: 'parameters must be a zod schema' }),
  strict: z.boolean().optional(),
}));

export const ToolDefinitionSchema = lazySchema(() => z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  parameters: JsonSchemaSchema,
  strict: z.boolean().optional(),
}));

export const ToolChoiceSchema = lazySchema(() => z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ type: z.literal('tool'), name: z.string().min(1) }),
]));
export type ToolChoice = z.infer<typeof ToolChoiceSchema>;

/** Defines a tool with full type inference of its arguments. */
export function defineTool<TArgs>(tool: Tool<TArgs>): Tool<TArgs> {
  return tool;
}
