import { replyCount, replyObject, type ReplyContext } from '@llm/core';
import { mapOpenAIUsage } from '@llm/openai';
import type { Usage } from '@llm/schema';
import type OpenAI from 'openai';

/** OpenRouter's usage: OpenAI's token counts plus what the call cost, in USD (OpenRouter credits are dollars). */
export interface OpenRouterUsage extends OpenAI.Completions.CompletionUsage {
  /** What OpenRouter charged for the call. */
  cost?: number | null;
  /** The call ran on the caller's own upstream key (BYOK): `cost` is then only OpenRouter's fee. */
  is_byok?: boolean;
  cost_details?: { upstream_inference_cost?: number | null } | null;
}

/**
 * OpenRouter `usage` → our usage. Cached and reasoning tokens come from OpenAI's fields; the cost
 * OpenRouter reports is authoritative (`source: 'provider'`): no price table is needed. With BYOK,
 * the upstream's own bill (`cost_details.upstream_inference_cost`) is added to OpenRouter's fee.
 */
export function mapOpenRouterUsage(usage: OpenAI.Completions.CompletionUsage, ctx: ReplyContext, raw: unknown = usage): Usage {
  const out = mapOpenAIUsage(usage, ctx, raw);
  const u = usage as OpenRouterUsage;
  const cost = replyCount(u.cost, 'usage.cost', ctx, raw);
  if (cost !== undefined) {
    const details = u.is_byok === true ? replyObject(u.cost_details, 'usage.cost_details', ctx, raw) : undefined;
    const upstream = replyCount(details?.upstream_inference_cost, 'usage.cost_details.upstream_inference_cost', ctx, raw);
    const totalUsd = upstream !== undefined && upstream > 0 ? cost + upstream : cost;
    out.cost = { totalUsd, source: 'provider' };
  }
  return out;
}
