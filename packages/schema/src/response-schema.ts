import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { ReasoningPartSchema, ToolCallSchema, type ReasoningPart, type ToolCall } from './message-schema.js';
import { UsageSchema, type Usage } from './usage-schema.js';

export const FinishReasonSchema = lazySchema(() => z.enum(['stop', 'length', 'tool_calls', 'content_filter', 'error', 'other']));
export type FinishReason = z.infer<typeof FinishReasonSchema>;

/**
 * A tool call the vendor cut off before its arguments were whole (the reply hit `max_tokens` in the
 * middle of the call's JSON). Never in `toolCalls`, so it is never run; the partial JSON is kept.
 */
export const IncompleteToolCallSchema = lazySchema(() => z.object({
  id: z.string(),
  name: z.string(),
  /** The arguments as far as they came: JSON text that does not parse. */
  argumentsText: z.string(),
}));
export type IncompleteToolCall = z.infer<typeof IncompleteToolCallSchema>;

export const ChatResponseSchema = lazySchema(() => z.object({
  id: z.string(),
  provider: z.string(),
  /** The model that answered, as the vendor names it. */
  model: z.string(),
  /** Unix time in seconds. */
  created: z.number(),
  text: z.string(),
  /** Reasoning or thinking text, kept apart from the answer. */
  reasoning: z.string().optional(),
  /** The reasoning blocks to send back with this turn (signed thinking), when the vendor needs them. */
  reasoningParts: z.array(ReasoningPartSchema).optional(),
  toolCalls: z.array(ToolCallSchema),
  /** Tool calls cut off by the length limit (finishReason `length`): incomplete, never run. */
  incompleteToolCalls: z.array(IncompleteToolCallSchema).optional(),
  finishReason: FinishReasonSchema,
  /** The vendor's own finish reason before normalisation. */
  rawFinishReason: z.string().optional(),
  usage: UsageSchema,
  systemFingerprint: z.string().optional(),
  /** The service tier that served the reply, when the vendor says (OpenAI `service_tier`). */
  serviceTier: z.string().optional(),
  requestId: z.string().optional(),
  /** Served from a response cache: it cost nothing. */
  cached: z.boolean().optional(),
  /** Vendor extras (Groq timings, OpenRouter provider, Anthropic cache details). */
  providerMetadata: z.record(z.string(), z.unknown()).optional(),
  object: z.unknown(),
}));

export interface ChatResponse<TOutput = undefined> {
  id: string;
  provider: string;
  model: string;
  created: number;
  text: string;
  reasoning?: string;
  /** The reasoning blocks to send back with this turn (Anthropic's signed thinking); see `toAssistantMessage`. */
  reasoningParts?: ReasoningPart[];
  toolCalls: ToolCall[];
  /** Tool calls cut off by the length limit (finishReason `length`): their arguments never ended, so they are not in `toolCalls` and never run. */
  incompleteToolCalls?: IncompleteToolCall[];
  finishReason: FinishReason;
  rawFinishReason?: string;
  usage: Usage;
  systemFingerprint?: string;
  /** The service tier that served the reply, when the vendor says (OpenAI `service_tier`). */
  serviceTier?: string;
  requestId?: string;
  cached?: boolean;
  providerMetadata?: Record<string, unknown>;
  /** The parsed, validated structured output when the request gave `output`. */
  object: TOutput;
}

export type CompletionResponse = ChatResponse<undefined>;
