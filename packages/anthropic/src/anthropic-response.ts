import { LLMError } from '@llm/errors';
import { isReplyObject, malformedReply, rawReplyText, replyCount, replyObject, replyString, type RawToolCall, type ReplyContext, type TransportResponse } from '@llm/core';
import type { FinishReason, ReasoningPart, Usage } from '@llm/schema';
import type Anthropic from '@anthropic-ai/sdk';

/** Messages API `stop_reason` → our finish reason; the raw reason is kept beside it. */
export function mapAnthropicStopReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      // pause_turn (a server tool paused a long turn) and anything newer.
      return 'other';
  }
}

/** The usage fields of a whole message, of `message_start` or of `message_delta` (where any may be null). */
export interface AnthropicUsageFields {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

/**
 * Messages API usage → our usage. Anthropic counts cache reads and cache writes apart from `input_tokens`;
 * our `inputTokens` is every input token of the call, so it is their sum, with `cachedInputTokens`
 * (cache reads) and `cacheWriteTokens` (cache writes) as parts of it. Thinking tokens are part of `outputTokens`.
 */
export function mapAnthropicUsage(usage: AnthropicUsageFields): Usage {
  const read = usage.cache_read_input_tokens ?? 0;
  const write = usage.cache_creation_input_tokens ?? 0;
  const inputTokens = (usage.input_tokens ?? 0) + read + write;
  const outputTokens = usage.output_tokens ?? 0;
  const out: Usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
  if (read) out.cachedInputTokens = read;
  if (write) out.cacheWriteTokens = write;
  const thinking = usage.output_tokens_details?.thinking_tokens;
  if (thinking) out.reasoningTokens = thinking;
  return out;
}

const USAGE_COUNTS = ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'] as const;

/**
 * A reply's `usage` with every count checked (a number, or absent): anything else is a
 * `malformed_response`, never a token count that flows into cost and budgets.
 */
export function checkAnthropicUsage(usage: unknown, field: string, ctx: ReplyContext, raw: unknown): AnthropicUsageFields | undefined {
  const u = replyObject(usage, field, ctx, raw);
  if (!u) return undefined;
  for (const key of USAGE_COUNTS) replyCount(u[key], `${field}.${key}`, ctx, raw);
  const details = replyObject(u.output_tokens_details, `${field}.output_tokens_details`, ctx, raw);
  if (details) replyCount(details.thinking_tokens, `${field}.output_tokens_details.thinking_tokens`, ctx, raw);
  return u as AnthropicUsageFields;
}

/** Later usage fields (from `message_delta`) over earlier ones (from `message_start`), field by field. */
export function mergeAnthropicUsage(base: AnthropicUsageFields | undefined, next: AnthropicUsageFields): AnthropicUsageFields {
  const out: AnthropicUsageFields = { ...base };
  for (const key of ['input_tokens', 'output_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens', 'output_tokens_details'] as const) {
    const value = next[key];
    if (value !== null && value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

export type ResponseContext = ReplyContext & { model: string };

/** A tool's `input` as our raw tool call takes it: the object itself, or (if the vendor sent something else) its JSON. */
export function toolInput(input: unknown): RawToolCall['arguments'] {
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : JSON.stringify(input ?? {});
}

/**
 * A Message in transport form: text blocks are the text, thinking blocks the reasoning (never mixed),
 * tool_use blocks the tool calls. With `outputTool`, that tool's input is the (structured) reply text,
 * and text the model wrote before it is kept as `providerMetadata.preamble`.
 */
export function fromMessage(message: Anthropic.Messages.Message, ctx: ResponseContext, outputTool?: string): TransportResponse {
  if (!isReplyObject(message) || !Array.isArray(message.content)) {
    throw new LLMError({ code: 'malformed_response', message: `${ctx.provider} malformed_response: the reply has no content blocks`, rawText: rawReplyText(message), ...ctx });
  }
  let text = '';
  let reasoning = '';
  let output: string | undefined;
  let signature: string | undefined;
  let redacted = 0;
  const toolCalls: RawToolCall[] = [];
  const reasoningParts: ReasoningPart[] = [];
  const blocks = message.content as unknown[];
  for (let i = 0; i < blocks.length; i++) {
    const field = `content[${i}]`;
    const block = blocks[i];
    if (!isReplyObject(block)) throw malformedReply(ctx, field, 'a content block', block, message);
    const str = (key: string) => replyString(block[key], `${field}.${key}`, ctx, message);
    switch (block.type) {
      case 'text':
        text += str('text') ?? '';
        break;
      case 'thinking': {
        const thinking = str('thinking') ?? '';
        const signed = str('signature');
        reasoning += thinking;
        if (signed) signature = signed;
        reasoningParts.push(signed ? { type: 'reasoning', text: thinking, signature: signed } : { type: 'reasoning', text: thinking });
        break;
      }
      case 'redacted_thinking':
        redacted++;
        reasoningParts.push({ type: 'redacted-reasoning', data: str('data') ?? '' });
        break;
      case 'tool_use': {
        const name = str('name');
        if (!name) throw malformedReply(ctx, `${field}.name`, 'a tool name', block.name, message);
        if (outputTool !== undefined && name === outputTool) output = JSON.stringify(block.input ?? {});
        else toolCalls.push({ id: str('id') ?? '', name, arguments: toolInput(block.input) });
        break;
      }
      default:
        if (typeof block.type !== 'string') throw malformedReply(ctx, `${field}.type`, 'a block type', block.type, message);
        break;
    }
  }
  const metadata: Record<string, unknown> = {};
  if (output !== undefined && text) metadata.preamble = text;
  const stopReason = replyString(message.stop_reason, 'stop_reason', ctx, message);
  const stopSequence = replyString(message.stop_sequence, 'stop_sequence', ctx, message);
  if (stopSequence) metadata.stopSequence = stopSequence;
  if (signature) metadata.thinkingSignature = signature;
  if (redacted) metadata.redactedThinkingBlocks = redacted;
  if (message.stop_details) metadata.stopDetails = message.stop_details;
  const raw = stopReason ?? 'unknown';
  const out: TransportResponse = {
    text: output ?? text,
    toolCalls,
    // The structured-output call alone is an answer, not a request to run tools.
    finishReason: output !== undefined && toolCalls.length === 0 && raw === 'tool_use' ? 'stop' : mapAnthropicStopReason(stopReason),
    rawFinishReason: raw,
  };
  const id = replyString(message.id, 'id', ctx, message);
  if (id !== undefined) out.id = id;
  const model = replyString(message.model, 'model', ctx, message);
  if (model !== undefined) out.model = model;
  const usage = checkAnthropicUsage(message.usage, 'usage', ctx, message);
  if (usage) out.usage = mapAnthropicUsage(usage);
  if (reasoning) out.reasoning = reasoning;
  if (reasoningParts.length > 0) out.reasoningParts = reasoningParts;
  if (Object.keys(metadata).length > 0) out.providerMetadata = metadata;
  return out;
}
