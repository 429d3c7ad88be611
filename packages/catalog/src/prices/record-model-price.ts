import type { ModelPrice, PriceTier } from '@llm/core';
import { provenanceOf, type ModelRecord } from '../record/index.js';

/**
 * A record's prices as core's ModelPrice (what cost and budgets use), or undefined when its input or
 * output price is unknown. `source` is the source of its input price.
 */
export function recordModelPrice(record: ModelRecord): ModelPrice | undefined {
  const p = record.prices;
  if (p.input === null || p.output === null) return undefined;
  const price: ModelPrice = { provider: record.provider, model: record.model, inputPerMTok: p.input, outputPerMTok: p.output };
  const source = provenanceOf(record, 'prices.input')?.source;
  if (source) price.source = source;
  if (p.cachedInput !== null) price.cachedInputPerMTok = p.cachedInput;
  if (p.cacheWrite !== null) price.cacheWritePerMTok = p.cacheWrite;
  if (p.reasoning !== null) price.reasoningPerMTok = p.reasoning;
  if (p.perRequest !== null) price.perRequestUsd = p.perRequest;
  if (p.tiers.length > 0) {
    price.tiers = p.tiers.map((t) => {
      const tier: PriceTier = { aboveInputTokens: t.aboveInputTokens };
      if (t.input !== null) tier.inputPerMTok = t.input;
      if (t.output !== null) tier.outputPerMTok = t.output;
      if (t.cachedInput !== null) tier.cachedInputPerMTok = t.cachedInput;
      if (t.cacheWrite !== null) tier.cacheWritePerMTok = t.cacheWrite;
      return tier;
    });
  }
  return price;
}
