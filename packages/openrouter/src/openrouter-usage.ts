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
export function mapOpenRouterUsage(usage: OpenAI.Completions.CompletionUsage): Usage {
  const out = mapOpenAIUsage(usage);
  const u = usage as OpenRouterUsage;
  if (typeof u.cost === 'number' && Number.isFinite(u.cost) && u.cost >= 0) {
    const upstream = u.is_byok ? u.cost_details?.upstream_inference_cost : undefined;
    const totalUsd = typeof upstream === 'number' && upstream > 0 ? u.cost + upstream : u.cost;
    out.cost = { totalUsd, source: 'provider' };
  }
  return out;
}
