import type { Cost, Usage } from '@llm/schema';
import type { ModelPrice } from './price-table.js';

/** The flat rates (USD per million tokens) that apply to a request with this many input tokens. */
export interface ResolvedRates {
  input: number;
  output: number;
  cachedInput: number;
  cacheWrite: number;
  reasoning: number;
}

/** The rates in force for `inputTokens` of input, long-context tiers applied (a tier applies above its threshold). */
export function ratesFor(price: ModelPrice, inputTokens: number): ResolvedRates {
  let input = price.inputPerMTok;
  let output = price.outputPerMTok;
  let cachedInput = price.cachedInputPerMTok;
  let cacheWrite = price.cacheWritePerMTok;
  let reasoning = price.reasoningPerMTok;
  for (const tier of price.tiers ?? []) {
    if (inputTokens <= tier.aboveInputTokens) continue;
    input = tier.inputPerMTok ?? input;
    output = tier.outputPerMTok ?? output;
    cachedInput = tier.cachedInputPerMTok ?? cachedInput;
    cacheWrite = tier.cacheWritePerMTok ?? cacheWrite;
    reasoning = tier.reasoningPerMTok ?? reasoning;
  }
  return { input, output, cachedInput: cachedInput ?? input, cacheWrite: cacheWrite ?? input, reasoning: reasoning ?? output };
}

/** Rounds away float noise (0.1 + 0.2) while keeping far more precision than any bill shows. */
function usd(value: number): number {
  return Math.round(value * 1e12) / 1e12;
}

/**
 * What a reply cost. `usage.inputTokens` includes cache reads and writes and `outputTokens`
 * includes reasoning (how every provider here reports them), so the parts are split out first:
 * `inputUsd` is the uncached input, `outputUsd` the non-reasoning output, and the parts add up
 * to `totalUsd` (plus a per-request fee, if any).
 */
export function computeCost(usage: Usage, price: ModelPrice): Cost {
  const rates = ratesFor(price, usage.inputTokens);
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const written = Math.min(usage.cacheWriteTokens ?? 0, usage.inputTokens - cached);
  const uncached = usage.inputTokens - cached - written;
  const reasoningTokens = Math.min(usage.reasoningTokens ?? 0, usage.outputTokens);
  const plainOutput = usage.outputTokens - reasoningTokens;
  const inputUsd = usd((uncached * rates.input) / 1e6);
  const outputUsd = usd((plainOutput * rates.output) / 1e6);
  const cost: Cost = { totalUsd: 0, inputUsd, outputUsd, source: 'computed' };
  let total = inputUsd + outputUsd + (price.perRequestUsd ?? 0);
  if (cached > 0) total += cost.cachedInputUsd = usd((cached * rates.cachedInput) / 1e6);
  if (written > 0) total += cost.cacheWriteUsd = usd((written * rates.cacheWrite) / 1e6);
  if (reasoningTokens > 0) total += cost.reasoningUsd = usd((reasoningTokens * rates.reasoning) / 1e6);
  cost.totalUsd = usd(total);
  return cost;
}

/**
 * The most a call can cost: every input token at the uncached rate (tier included) and every
 * possible output token at the dearer of the output and reasoning rates. Cache writes can cost
 * more than plain input (Anthropic bills them at 1.25x), so the dearer of the two is used.
 */
export function worstCaseCost(price: ModelPrice, inputTokens: number, maxOutputTokens: number): number {
  const rates = ratesFor(price, inputTokens);
  const inputRate = Math.max(rates.input, rates.cacheWrite);
  const outputRate = Math.max(rates.output, rates.reasoning);
  return usd((inputTokens * inputRate + maxOutputTokens * outputRate) / 1e6 + (price.perRequestUsd ?? 0));
}
