import { z } from 'zod';

/** The parts of Anthropic's Messages request body the gateway understands (the rest is refused by name). */

/** Prompt-caching hints: accepted, not forwarded (the framework's request has no place for them). */
const CacheControl = z.unknown().optional();

const TextBlock = z.object({ type: z.literal('text'), text: z.string(), cache_control: CacheControl, citations: z.unknown().optional() });
const ImageBlock = z.object({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [
    z.object({ type: z.literal('base64'), media_type: z.string().regex(/^image\/[a-z0-9.+-]+$/i, 'expected an image media type such as image/png'), data: z.string().min(1) }),
    z.object({ type: z.literal('url'), url: z.string().min(1) }),
  ]),
  cache_control: CacheControl,
});
const ToolUseBlock = z.object({ type: z.literal('tool_use'), id: z.string().min(1), name: z.string().min(1), input: z.record(z.string(), z.unknown()), cache_control: CacheControl });
const ToolResultBlock = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(TextBlock)]).optional(),
  is_error: z.boolean().optional(),
  cache_control: CacheControl,
});
const ThinkingBlock = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() });
const RedactedThinkingBlock = z.object({ type: z.literal('redacted_thinking'), data: z.string().min(1) });

export const AnthropicMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('user'), content: z.union([z.string(), z.array(z.discriminatedUnion('type', [TextBlock, ImageBlock, ToolResultBlock])).min(1)]) }),
  z.object({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [TextBlock, ToolUseBlock, ThinkingBlock, RedactedThinkingBlock]))]),
  }),
]);

const Tool = z.object({
  type: z.literal('custom').optional(),
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'tool names are 1-64 letters, digits, _ or -'),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()),
  cache_control: CacheControl,
});

const ToolChoice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('none') }),
]);

export const AnthropicMessagesRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(AnthropicMessageSchema).min(1, 'at least one message is required'),
  max_tokens: z.number().int().positive(),
  system: z.union([z.string(), z.array(TextBlock)]).optional(),
  stop_sequences: z.array(z.string().min(1)).max(4, 'the gateway takes at most 4 stop sequences').optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().gt(0).max(1).optional(),
  tools: z.array(Tool).optional(),
  tool_choice: ToolChoice.optional(),
  /** Structured output (`format`) and effort. */
  output_config: z
    .object({
      effort: z.string().nullable().optional(),
      format: z.object({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) }).nullable().optional(),
    })
    .optional(),
  /** A prompt-caching hint for the whole request: accepted, not forwarded. */
  cache_control: CacheControl,
  /** The gateway's own extension: the framework's `providerOptions`, per vendor. */
  provider_options: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

/** Anthropic's own fields, sent on as they are to Anthropic (under `providerOptions.anthropic`) and ignored by other vendors. */
export const ANTHROPIC_PASSTHROUGH_FIELDS = ['top_k', 'thinking', 'metadata', 'service_tier', 'speed', 'inference_geo', 'diagnostics', 'user_profile_id', 'workspace_id'] as const;

/** Fields the gateway refuses by name. */
export const ANTHROPIC_UNSUPPORTED_FIELDS: Readonly<Record<string, string>> = {
  container: 'code-execution containers are not supported by the gateway',
  mcp_servers: 'MCP servers are not supported by the gateway',
};

export type AnthropicMessagesRequest = z.output<typeof AnthropicMessagesRequestSchema>;
export type AnthropicMessage = z.output<typeof AnthropicMessageSchema>;
