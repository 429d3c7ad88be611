/** One long-context tier: once a request's input passes `aboveInputTokens`, the whole request is priced at these rates. */
export interface PriceTier {
  aboveInputTokens: number;
  inputPerMTok?: number;
  outputPerMTok?: number;
  cachedInputPerMTok?: number;
  cacheWritePerMTok?: number;
  reasoningPerMTok?: number;
}

/** What one model costs, in US dollars per million tokens. */
export interface ModelPrice {
  /** The provider and model the price was found under (may differ from the model asked for: `gpt-4o-2024-08-06` → `gpt-4o`). */
  provider: string;
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
  /** Input read from the vendor's prompt cache; the input price when absent. */
  cachedInputPerMTok?: number;
  /** Input written to the vendor's prompt cache (Anthropic); the input price when absent. */
  cacheWritePerMTok?: number;
  /** Reasoning output; the output price when absent. */
  reasoningPerMTok?: number;
  /** A fixed fee per request, if the vendor charges one. */
  perRequestUsd?: number;
  /** Long-context prices, lowest threshold first. */
  tiers?: PriceTier[];
  /** Where the price came from (`genai-prices`, `config`, ...). */
  source?: string;
}

/** Finds a model's prices. @llm/catalog implements it from a maintained price list; `staticPriceTable` from a plain object. */
export interface PriceTable {
  /** The prices in force at `at` (now by default), or undefined when the model has no known price. */
  lookup(provider: string, model: string, at?: Date): ModelPrice | undefined;
}

/** A price as a config gives it: USD per million tokens. */
export interface PriceInput {
  input: number;
  output: number;
  cachedInput?: number | undefined;
  cacheWrite?: number | undefined;
  reasoning?: number | undefined;
  perRequest?: number | undefined;
}

/** A config price as a ModelPrice. */
export function modelPriceFrom(provider: string, model: string, price: PriceInput, source = 'config'): ModelPrice {
  const out: ModelPrice = { provider, model, inputPerMTok: price.input, outputPerMTok: price.output, source };
  if (price.cachedInput !== undefined) out.cachedInputPerMTok = price.cachedInput;
  if (price.cacheWrite !== undefined) out.cacheWritePerMTok = price.cacheWrite;
  if (price.reasoning !== undefined) out.reasoningPerMTok = price.reasoning;
  if (price.perRequest !== undefined) out.perRequestUsd = price.perRequest;
  return out;
}

/**
 * Which entry of a `provider:model` / `model` keyed map applies: the exact `provider:model` key,
 * then the bare model id, then the longest key ending in `*` that is a prefix
 * (`openai:gpt-4o*`, `my-finetune-*`; of two as long, the first given).
 */
function findEntry<T>(entries: ReadonlyMap<string, T>, provider: string, model: string): T | undefined {
  const exact = entries.get(`${provider}:${model}`) ?? entries.get(model);
  if (exact !== undefined) return exact;
  let best: T | undefined;
  let bestLength = -1;
  for (const [key, value] of entries) {
    if (!key.endsWith('*')) continue;
    const prefix = key.slice(0, -1);
    const target = prefix.includes(':') ? `${provider}:${model}` : model;
    if (target.startsWith(prefix) && prefix.length > bestLength) {
      best = value;
      bestLength = prefix.length;
    }
  }
  return best;
}

/** A price table from a plain object keyed by `provider:model`, `model` or a `prefix*` pattern. */
export function staticPriceTable(prices: Readonly<Record<string, PriceInput>>): PriceTable {
  const entries = new Map(Object.entries(prices));
  return {
    lookup(provider, model) {
      const price = findEntry(entries, provider, model);
      return price ? modelPriceFrom(provider, model, price) : undefined;
    },
  };
}

/** `overrides` first (the user's own prices from config), then `base`. */
export function withPriceOverrides(base: PriceTable | undefined, overrides: Readonly<Record<string, PriceInput>> | undefined): PriceTable | undefined {
  if (!overrides || Object.keys(overrides).length === 0) return base;
  const own = staticPriceTable(overrides);
  if (!base) return own;
  return { lookup: (provider, model, at) => own.lookup(provider, model, at) ?? base.lookup(provider, model, at) };
}
