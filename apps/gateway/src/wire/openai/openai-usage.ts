import type { Usage } from '@llm/schema';

/** OpenAI's `usage` object, with the call's cost in USD (`cost`, and its parts in `cost_details`) when its price is known. */
export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
  cost?: number;
  cost_details?: Record<string, number | string>;
}

export function toOpenAIUsage(usage: Usage): OpenAIUsage {
  const out: OpenAIUsage = { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.totalTokens };
  if (usage.cachedInputTokens !== undefined) out.prompt_tokens_details = { cached_tokens: usage.cachedInputTokens };
  if (usage.reasoningTokens !== undefined) out.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  const cost = usage.cost;
  if (cost) {
    out.cost = cost.totalUsd;
    const details: Record<string, number | string> = { source: cost.source };
    if (cost.inputUsd !== undefined) details.input_usd = cost.inputUsd;
    if (cost.outputUsd !== undefined) details.output_usd = cost.outputUsd;
    if (cost.cachedInputUsd !== undefined) details.cached_input_usd = cost.cachedInputUsd;
    if (cost.cacheWriteUsd !== undefined) details.cache_write_usd = cost.cacheWriteUsd;
    if (cost.reasoningUsd !== undefined) details.reasoning_usd = cost.reasoningUsd;
    out.cost_details = details;
  }
  return out;
}
