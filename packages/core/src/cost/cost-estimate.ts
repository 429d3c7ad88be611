import type { ChatRequest } from '@llm/schema';
import { computeCost, worstCaseCost } from './cost-calculator.js';
import type { ModelPrice, PriceTable } from './price-table.js';
import type { CountTokensOptions, TokenCount, TokenCounter } from '../tokens/index.js';

/** What a call will cost, worked out before it is sent. */
export interface CostEstimate {
  provider: string;
  model: string;
  inputTokens: number;
  inputTokensSource: TokenCount['source'];
  /** The output bound used: the request's `maxTokens`, or the default a budget would set. */
  maxOutputTokens: number;
  /** The prompt alone at the model's (uncached) input price; undefined when the model has no known price. */
  inputUsd: number | undefined;
  /** Prompt plus `maxOutputTokens` of output: what a budget reserves. */
  worstCaseUsd: number | undefined;
  price: ModelPrice | undefined;
}

/** Counts a request's tokens and prices its prompt and its worst case. */
export async function estimateCost(
  request: ChatRequest<unknown>,
  parts: { provider: string; model: string; counter: TokenCounter; prices: PriceTable | undefined; defaultMaxOutputTokens?: number },
  options: CountTokensOptions = {},
): Promise<CostEstimate> {
  const count = await parts.counter.countRequest(request, options);
  const price = parts.prices?.lookup(parts.provider, parts.model);
  const maxOutputTokens = request.maxTokens ?? parts.defaultMaxOutputTokens ?? 4096;
  return {
    provider: parts.provider,
    model: parts.model,
    inputTokens: count.tokens,
    inputTokensSource: count.source,
    maxOutputTokens,
    inputUsd: price ? computeCost({ inputTokens: count.tokens, outputTokens: 0, totalTokens: count.tokens }, price).totalUsd : undefined,
    worstCaseUsd: price ? worstCaseCost(price, count.tokens, maxOutputTokens) : undefined,
    price,
  };
}
