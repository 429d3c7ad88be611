import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ModelPrice, PriceTier } from '@llm/core';
import type { calcPrice, ModelPrice as GenaiModelPrice } from '@pydantic/genai-prices';
import type { Facts, Source } from '../record/index.js';

/**
 * The genai-prices release the catalog was checked against, and its publication day: the date its
 * prices are "as of" when deciding which source is newer. A later installed version is newer still,
 * so this day is a lower bound for it (the test fails when the locked version moves, so that this is
 * updated with it).
 */
export const GENAI_PRICES_RELEASE = { version: '0.1.8', releasedOn: '2026-09-23' } as const;

export const GENAI_PRICES = 'genai-prices';

interface GenaiPrices {
  calcPrice: typeof calcPrice;
}

let loaded: { module: GenaiPrices; version: string } | undefined;

/**
 * The package, loaded on first use (its bundled price data is large: nothing parses it at import).
 * Its CommonJS build is required so that price lookups stay synchronous.
 */
function genaiPrices(): { module: GenaiPrices; version: string } {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@pydantic/genai-prices');
  const module = require('@pydantic/genai-prices') as GenaiPrices;
  let version: string = GENAI_PRICES_RELEASE.version;
  try {
    // The package's `exports` hide package.json from require; it sits one folder above dist/.
    version = (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    // Keep the release the catalog was checked against.
  }
  loaded = { module, version };
  return loaded;
}

/** The installed genai-prices version. */
export function genaiPricesVersion(): string {
  return genaiPrices().version;
}

/** genai-prices as a source of the catalog. */
export function genaiPricesSource(): Source {
  return {
    id: GENAI_PRICES,
    kind: 'genai-prices',
    title: '@pydantic/genai-prices price list',
    version: genaiPricesVersion(),
    asOf: GENAI_PRICES_RELEASE.releasedOn,
    url: 'https://github.com/pydantic/genai-prices',
    licence: 'MIT',
  };
}

/** The genai-prices keys read (USD per million tokens; `requests_kcount` per thousand requests). */
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
 * One genai-prices entry as core's ModelPrice. Tiered prices become `tiers`: genai-prices prices the
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
  const price: ModelPrice = { provider, model, inputPerMTok: base.inputPerMTok, outputPerMTok: base.outputPerMTok, source: GENAI_PRICES };
  if (base.cachedInputPerMTok !== undefined) price.cachedInputPerMTok = base.cachedInputPerMTok;
  if (base.cacheWritePerMTok !== undefined) price.cacheWritePerMTok = base.cacheWritePerMTok;
  if (base.reasoningPerMTok !== undefined) price.reasoningPerMTok = base.reasoningPerMTok;
  const perKRequests = source.requests_kcount;
  if (typeof perKRequests === 'number') price.perRequestUsd = perKRequests / 1000;
  if (tiers.size > 0) price.tiers = [...tiers.values()].sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
  return price;
}

/**
 * The genai-prices price of a model at `at`, matched as that package matches ids (dated ids find
 * their model). Undefined when it does not know the model, or its entry is malformed.
 */
export function genaiModelPrice(provider: string, model: string, at: Date): ModelPrice | undefined {
  try {
    const result = genaiPrices().module.calcPrice({ input_tokens: 0, output_tokens: 0 }, model, { providerId: provider, timestamp: at });
    return result ? toModelPrice(result.provider.id, result.model.id, result.model_price) : undefined;
  } catch {
    // A malformed entry in the price data: treated as unknown rather than failing the call.
    return undefined;
  }
}

/** A ModelPrice as catalog facts (`prices.*`). */
export function modelPriceFacts(price: ModelPrice): Facts {
  return {
    'prices.input': price.inputPerMTok,
    'prices.output': price.outputPerMTok,
    'prices.cachedInput': price.cachedInputPerMTok,
    'prices.cacheWrite': price.cacheWritePerMTok,
    'prices.reasoning': price.reasoningPerMTok,
    'prices.perRequest': price.perRequestUsd,
    'prices.tiers': (price.tiers ?? []).map((t) => ({
      aboveInputTokens: t.aboveInputTokens,
      input: t.inputPerMTok ?? null,
      output: t.outputPerMTok ?? null,
      cachedInput: t.cachedInputPerMTok ?? null,
      cacheWrite: t.cacheWritePerMTok ?? null,
    })),
    'capabilities.promptCaching': price.cachedInputPerMTok !== undefined ? true : undefined,
  };
}

/** An id without its vendor folder, dates and moving tags: `claude-3-7-sonnet-20250219` → `claude-3-7-sonnet`. */
function stem(model: string): string {
  return model
    .toLowerCase()
    .replace(/^.*\//, '')
    .replace(/-\d{4}-\d{2}-\d{2}\b/g, '')
    .split('-')
    .filter((part) => part !== 'latest' && part !== 'preview' && !/^\d{8}$/.test(part))
    .join('-');
}

/**
 * Whether a genai-prices match names the catalog's model: the same model up to dates and
 * latest/preview tags, or a dated variant of it (`gpt-4o-2024-08-06` priced as `gpt-4o`). genai-prices
 * matches by patterns, and a loose one can land on another model (`gpt-oss-safeguard-20b` → `gpt-oss-120b`).
 */
export function namesSameModel(catalogModel: string, genaiModel: string): boolean {
  const a = stem(catalogModel);
  const b = stem(genaiModel);
  return a.startsWith(b) || b.startsWith(a);
}
