import { z } from 'zod';

/** The parts of OpenAI's Chat Completions request body the gateway understands (the rest is refused by name). */

const TextPart = z.object({ type: z.literal('text'), text: z.string() });
const ImagePart = z.object({
  type: z.literal('image_url'),
  image_url: z.object({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const TextContent = z.union([z.string(), z.array(TextPart)]);

const ToolCall = z.object({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});

export const OpenAIMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: TextContent, name: z.string().optional() }),
  z.object({ role: z.literal('developer'), content: TextContent, name: z.string().optional() }),
  z.object({
    role: z.literal('user'),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [TextPart, ImagePart])).min(1)]),
    name: z.string().optional(),
  }),
  z.object({
    role: z.literal('assistant'),
    content: TextContent.nullable().optional(),
    refusal: z.string().nullable().optional(),
    tool_calls: z.array(ToolCall).optional(),
    name: z.string().optional(),
    /** Reasoning text as compatible vendors echo it back; the framework keeps reasoning apart and does not resend it. */
    reasoning_content: z.string().nullable().optional(),
  }),
  z.object({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: TextContent }),
]);

const FunctionTool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'tool names are 1-64 letters, digits, _ or -'),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

const ToolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }) }),
]);

const ResponseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'names are 1-64 letters, digits, _ or -'),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
]);

/** Fields sent on, as they are, to vendors that speak OpenAI's format (OpenAI, Groq, OpenRouter); others ignore them. */
export const OPENAI_PASSTHROUGH_FIELDS = [
  'user',
  'metadata',
  'parallel_tool_calls',
  'reasoning_effort',
  'service_tier',
  'store',
  'prediction',
  'verbosity',
  'logit_bias',
  'web_search_options',
  'prompt_cache_key',
  'safety_identifier',
] as const;

/** Fields the gateway refuses by name: their answer could not be carried back (several choices, log-probabilities, audio). */
export const OPENAI_UNSUPPORTED_FIELDS: Readonly<Record<string, string>> = {
  logprobs: 'log-probabilities are not carried through the gateway',
  top_logprobs: 'log-probabilities are not carried through the gateway',
  audio: 'audio output is not supported by the gateway',
  functions: 'the legacy `functions` field is not supported; use `tools`',
  function_call: 'the legacy `function_call` field is not supported; use `tool_choice`',
};

export const OpenAIChatRequestSchema = z.object({
    model: z.string().min(1),
    messages: z.array(OpenAIMessageSchema).min(1, 'at least one message is required'),
    stream: z.boolean().nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
    max_tokens: z.number().int().positive().nullable().optional(),
    max_completion_tokens: z.number().int().positive().nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().gt(0).max(1).nullable().optional(),
    n: z.literal(1, 'only n = 1 is supported').nullable().optional(),
    stop: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(4)]).nullable().optional(),
    presence_penalty: z.number().min(-2).max(2).nullable().optional(),
    frequency_penalty: z.number().min(-2).max(2).nullable().optional(),
    seed: z.number().int().nullable().optional(),
    tools: z.array(FunctionTool).optional(),
    tool_choice: ToolChoice.optional(),
    response_format: ResponseFormat.optional(),
    user: z.string().optional(),
    metadata: z.record(z.string(), z.string()).nullable().optional(),
    modalities: z.array(z.literal('text', 'only text output is supported')).nullable().optional(),
    /** The gateway's own extension: the framework's `providerOptions`, per vendor (`{ anthropic: { top_k: 5 } }`). */
    provider_options: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  });

export type OpenAIChatRequest = z.output<typeof OpenAIChatRequestSchema>;
export type OpenAIMessage = z.output<typeof OpenAIMessageSchema>;
