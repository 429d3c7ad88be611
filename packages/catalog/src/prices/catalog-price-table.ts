import { LruCache, type ModelPrice, type PriceTable } from '@llm/core';
import { defaultCatalog, type Catalog } from '../catalog/index.js';
import { genaiModelPrice } from '../sources/index.js';
import { recordModelPrice } from './record-model-price.js';

export interface CatalogPriceTableOptions {
  /** The catalog to price from (default: the process's default catalog). */
  catalog?: Catalog;
  /** Lookups remembered (per provider, model and hour, since some vendors price by time of day). Default 1000. */
  cacheSize?: number;
}

/**
 * Prices through the catalog: the catalog's record of the model (by id or alias) at the time asked,
 * so the newest source wins (the user's overrides, then genai-prices where newer, then models.dev or
 * OpenRouter's listing). A model the catalog does not list is priced by genai-prices' own matching
 * (dated ids such as `claude-3-5-haiku-20241022` find their model). Unknown: `undefined` (the cost
 * middleware then reports no cost and warns once). Nothing is read until the first lookup.
 */
export function createCatalogPriceTable(options: CatalogPriceTableOptions = {}): PriceTable {
  const cacheSize = options.cacheSize ?? 1000;
  const cache = new LruCache<ModelPrice | null>(cacheSize);
  const catalog = (): Catalog => options.catalog ?? defaultCatalog();
  // Each model's answer for the hour last asked: a reply priced in the same hour as the one before
  // it (nearly every reply) is found with two Map reads, no key text and no date formatting.
  const latest = new Map<string, Map<string, LastPrice>>();
  let remembered = 0;
  return {
    lookup(provider, model, at = new Date()) {
      const hour = Math.floor(at.getTime() / HOUR_MS);
      let models = latest.get(provider);
      const last = models?.get(model);
      if (last?.hour === hour) return last.price;
      const price = lookupHour(provider, model, at);
      if (cacheSize <= 0) return price;
      if (!last && ++remembered > cacheSize) {
        latest.clear();
        models = undefined;
        remembered = 1;
      }
      if (!models) latest.set(provider, (models = new Map()));
      models.set(model, { hour, price });
      return price;
    },
  };

  function lookupHour(provider: string, model: string, at: Date): ModelPrice | undefined {
    const key = `${provider}\u0000${model}\u0000${at.toISOString().slice(0, 13)}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const record = catalog().recordAt(provider, model, at);
    const price = record ? recordModelPrice(record) : genaiModelPrice(provider, model, at);
    cache.set(key, price ?? null);
    return price;
  }
}

const HOUR_MS = 3_600_000;

interface LastPrice {
  /** Hours since the epoch (UTC), as the cache key's `toISOString().slice(0, 13)`. */
  hour: number;
  price: ModelPrice | undefined;
}

let shared: PriceTable | undefined;
/** One catalog price table per process (what the provider factories use). */
export function catalogPriceTable(): PriceTable {
  return (shared ??= createCatalogPriceTable());
}
