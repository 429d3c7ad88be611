import { LruCache, type ModelPrice, type PriceTable, type PriceTier } from '@llm/core';
import { calcPrice, type ModelPrice as GenaiModelPrice } from '@pydantic/genai-prices';

/** The genai-prices keys this table reads (USD per million tokens, `requests_kcount` per thousand requests). */
const KEYS = {
  input_mtok: 'inputPerMTok',
  output_mtok: 'outputPerMTok',
  cache_read_mtok: 'cachedInputPerMTok',
  cache_write_mtok: 'cacheWritePerMTok',
  output_reasoning_mtok: 'reasoningPerMTok',
} as const;
type RateField = (typeof KEYS)[keyof typeof KEYS];

function isTiered(value: unknown): value is { base: number; tiers: { start: number; price: number }[] } {
  return typeof value === 'object' && value !== null && 'base' in value && Array.isArray((value as { tiers?: unknown }).tiers);
}

/**
 * One genai-prices entry as our ModelPrice. Tiered prices become `tiers`: genai-prices prices the
 * whole request at a tier's rate once the input passes its `start`, and so does core's calculator.
 */
export function toModelPrice(provider: string, model: string, source: GenaiModelPrice): ModelPrice | undefined {
  const base: Partial<Record<RateField, number>> = {};
  const tiers = new Map<number, PriceTier>();
  for (const [key, field] of Object.entries(KEYS) as [keyof typeof KEYS, RateField][]) {
    const value = source[key];
    if (typeof value === 'number') base[field] = value;
    else if (isTiered(value)) {
      base[field] = value.base;
      for (const tier of value.tiers) {
        const entry = tiers.get(tier.start) ?? { aboveInputTokens: tier.start };
        entry[field] = tier.price;
        tiers.set(tier.start, entry);
      }
    }
  }
  if (base.inputPerMTok === undefined || base.outputPerMTok === undefined) return undefined;
  const price: ModelPrice = { provider, model, inputPerMTok: base.inputPerMTok, outputPerMTok: base.outputPerMTok, source: 'genai-prices' };
  if (base.cachedInputPerMTok !== undefined) price.cachedInputPerMTok = base.cachedInputPerMTok;
  if (base.cacheWritePerMTok !== undefined) price.cacheWritePerMTok = base.cacheWritePerMTok;
  if (base.reasoningPerMTok !== undefined) price.reasoningPerMTok = base.reasoningPerMTok;
  const perKRequests = source.requests_kcount;
  if (typeof perKRequests === 'number') price.perRequestUsd = perKRequests / 1000;
  if (tiers.size > 0) price.tiers = [...tiers.values()].sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
  return price;
}

export interface CatalogPriceTableOptions {
  /** Lookups remembered (per provider, model and hour, since some vendors price by time of day). Default 1000. */
  cacheSize?: number;
}

/**
 * Prices from `@pydantic/genai-prices`, the maintained price list bundled with that package:
 * per provider and model, with cache read and write prices, reasoning prices where a vendor
 * has them, long-context tiers and dated price changes. Model ids are matched as that package
 * matches them (`gpt-4o-2024-08-06` finds `gpt-4o`, dated Claude ids find their family).
 * A model it does not know gives `undefined` (the cost middleware then reports no cost).
 */
export function createCatalogPriceTable(options: CatalogPriceTableOptions = {}): PriceTable {
  const cache = new LruCache<ModelPrice | null>(options.cacheSize ?? 1000);
  return {
    lookup(provider, model, at = new Date()) {
      const key = `${provider}\u0000${model}\u0000${at.toISOString().slice(0, 13)}`;
      const hit = cache.get(key);
      if (hit !== undefined) return hit ?? undefined;
      let price: ModelPrice | undefined;
      try {
        const result = calcPrice({ input_tokens: 0, output_tokens: 0 }, model, { providerId: provider, timestamp: at });
        price = result ? toModelPrice(result.provider.id, result.model.id, result.model_price) : undefined;
      } catch {
        // A malformed entry in the price data: treated as unknown rather than failing the call.
        price = undefined;
      }
      cache.set(key, price ?? null);
      return price;
    },
  };
}

let shared: PriceTable | undefined;
/** One catalog price table per process (what the provider factories use). */
export function catalogPriceTable(): PriceTable {
  return (shared ??= createCatalogPriceTable());
}
