import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { ToolCallSchema, type ToolCall } from './message-schema.js';
import { ChatResponseSchema, FinishReasonSchema, type ChatResponse, type FinishReason } from './response-schema.js';
import { UsageSchema, type Usage } from './usage-schema.js';

export const StreamEventSchema = lazySchema(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('text-delta'), text: z.string() }),
  z.object({ type: z.literal('reasoning-delta'), text: z.string() }),
  z.object({
    type: z.literal('tool-call-delta'),
    index: z.number().int().nonnegative(),
    id: z.string().optional(),
    name: z.string().optional(),
    argumentsDelta: z.string(),
    signature: z.string().optional(),
  }),
  z.object({ type: z.literal('tool-call'), toolCall: ToolCallSchema }),
  z.object({ type: z.literal('usage'), usage: UsageSchema }),
  z.object({ type: z.literal('finish'), finishReason: FinishReasonSchema, response: ChatResponseSchema }),
]));

export interface TextDeltaEvent { type: 'text-delta'; text: string }
export interface ReasoningDeltaEvent { type: 'reasoning-delta'; text: string }
/** A fragment of a tool call's arguments, as it arrives. `index` tells parallel calls apart. */
export interface ToolCallDeltaEvent {
  type: 'tool-call-delta';
  index: number;
  id?: string;
  name?: string;
  argumentsDelta: string;
  /** The call's vendor signature (Gemini 3), on the fragment that carries it. */
  signature?: string;
}
/** A tool call whose arguments are complete, parsed and validated. */
export interface ToolCallEvent { type: 'tool-call'; toolCall: ToolCall }
export interface UsageEvent { type: 'usage'; usage: Usage }
export interface FinishEvent<TOutput = undefined> { type: 'finish'; finishReason: FinishReason; response: ChatResponse<TOutput> }

export type StreamEvent<TOutput = undefined> =
  | TextDeltaEvent
  | ReasoningDeltaEvent
  | ToolCallDeltaEvent
  | ToolCallEvent
  | UsageEvent
  | FinishEvent<TOutput>;
