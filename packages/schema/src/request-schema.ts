import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { isZodSchema, JsonSchemaSchema, type JsonSchema } from './json-schema.js';
import { MessageSchema, type Message } from './message-schema.js';
import { ToolChoiceSchema, ToolSchema, type Tool, type ToolChoice } from './tool-schema.js';

export const ResponseFormatSchema = lazySchema(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  /** Any JSON object (OpenAI `json_object`). */
  z.object({ type: z.literal('json') }),
  z.object({
    type: z.literal('json_schema'),
    schema: JsonSchemaSchema,
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/).optional(),
    description: z.string().optional(),
    strict: z.boolean().optional(),
  }),
]));
export type ResponseFormat = z.infer<typeof ResponseFormatSchema>;

/** Sampling and length settings shared by chat and completion requests. */
export const CallSettingsSchema = lazySchema(() => z.object({
  maxTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().gt(0).max(1).optional(),
  stop: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(4)]).optional(),
  presencePenalty: z.number().min(-2).max(2).optional(),
  frequencyPenalty: z.number().min(-2).max(2).optional(),
  seed: z.number().int().optional(),
  /**
   * Vendor-specific options under the vendor's name, passed through as they are:
   * `{ openai: { reasoning_effort: 'low' }, anthropic: { thinking: {...} } }`.
   */
  providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  /** Caller-given labels (user, feature, tenant) for logs, usage and cost reports. */
  tags: z.record(z.string(), z.string()).optional(),
}));
export type CallSettings = z.infer<typeof CallSettingsSchema>;

export const ChatRequestSchema = lazySchema(() => CallSettingsSchema.extend({
  messages: z.array(MessageSchema).min(1, 'at least one message is required'),
  tools: z.array(ToolSchema).optional(),
  toolChoice: ToolChoiceSchema.optional(),
  responseFormat: ResponseFormatSchema.optional(),
  /** A zod schema for structured output: the reply is parsed and validated into `response.object`. */
  output: z.custom<z.ZodType>(isZodSchema, { message: 'output must be a zod schema' }).optional(),
}).superRefine((request, ctx) => {
  // Vendors refuse two tools of one name, and a tool choice naming a tool that was not given.
  const names = new Set<string>();
  request.tools?.forEach((tool, index) => {
    if (names.has(tool.name)) ctx.addIssue({ code: 'custom', path: ['tools', index, 'name'], message: `a tool named ${JSON.stringify(tool.name)} is already given` });
    names.add(tool.name);
  });
  const choice = request.toolChoice;
  if ((choice === 'required' || typeof choice === 'object') && names.size === 0) {
    const shown = typeof choice === 'object' ? `{ name: ${JSON.stringify(choice.name)} }` : '"required"';
    ctx.addIssue({ code: 'custom', path: ['toolChoice'], message: `${shown} needs tools, and the request has none` });
  } else if (typeof choice === 'object' && !names.has(choice.name)) {
    ctx.addIssue({ code: 'custom', path: ['toolChoice', 'name'], message: `no tool named ${JSON.stringify(choice.name)} is given in tools` });
  }
}));

/**
 * A chat request. `TOutput` is inferred from `output`: give a zod schema and
 * `response.object` is typed and validated.
 */
export interface ChatRequest<TOutput = undefined> extends CallSettings {
  messages: Message[];
  // Each tool keeps its own argument type; the list holds any tool.
  tools?: Tool<unknown>[];
  toolChoice?: ToolChoice;
  responseFormat?: ResponseFormat;
  output?: z.ZodType<TOutput>;
}

export const CompletionRequestSchema = lazySchema(() => CallSettingsSchema.extend({
  prompt: z.string().min(1, 'prompt must not be empty'),
  system: z.string().optional(),
}));
export interface CompletionRequest extends CallSettings {
  prompt: string;
  system?: string;
}

export type { JsonSchema };
