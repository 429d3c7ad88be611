import type { ChatResponse, FinishReason, Usage } from '@llm/schema';

/**
 * Anthropic's `usage`: `input_tokens` counts only the uncached input (our `inputTokens` includes the
 * cache reads and writes), plus `cost` in USD when the price is known (the gateway's addition).
 */
export function toAnthropicUsage(usage: Usage): Record<string, unknown> {
  const read = usage.cachedInputTokens ?? 0;
  const write = usage.cacheWriteTokens ?? 0;
  const out: Record<string, unknown> = {
    input_tokens: Math.max(0, usage.inputTokens - read - write),
    output_tokens: usage.outputTokens,
    cache_read_input_tokens: read,
    cache_creation_input_tokens: write,
  };
  if (usage.cost) out.cost = usage.cost.totalUsd;
  return out;
}

/** Our finish reason as Anthropic's `stop_reason` (a stop sequence is named only when the vendor said so). */
export function toAnthropicStopReason(reason: FinishReason, response: Pick<ChatResponse<unknown>, 'rawFinishReason'>): string {
  switch (reason) {
    case 'stop':
      return response.rawFinishReason === 'stop_sequence' ? 'stop_sequence' : 'end_turn';
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      // `error` and `other` have no Anthropic equivalent: they pass as they are rather than pose as a clean end.
      return reason;
  }
}
