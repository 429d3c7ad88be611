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
  const cache = new LruCache<ModelPrice | null>(options.cacheSize ?? 1000);
  const catalog = (): Catalog => options.catalog ?? defaultCatalog();
  return {
    lookup(provider, model, at = new Date()) {
      const key = `${provider}\u0000${model}\u0000${at.toISOString().slice(0, 13)}`;
      const hit = cache.get(key);
      if (hit !== undefined) return hit ?? undefined;
      const record = catalog().recordAt(provider, model, at);
      const price = record ? recordModelPrice(record) : genaiModelPrice(provider, model, at);
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
