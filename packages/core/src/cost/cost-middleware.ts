import type { ChatResponse, Usage } from '@llm/schema';
import { computeCost } from './cost-calculator.js';
import type { CostTracker } from './cost-tracker.js';
import type { Logger } from '../logging/index.js';
import { observeStream, safely, wrapChatModel, type Middleware } from '../middleware/index.js';
import type { ModelPrice, PriceTable } from './price-table.js';

export interface CostMiddlewareOptions {
  /** Where prices come from (the provider factories pass @llm/catalog's table, with the config's overrides on top). */
  prices?: PriceTable | undefined;
  /** Warned once per model that has no known price. */
  logger?: Logger | undefined;
  /** Fed with every vendor reply (tokens, dollars, tags). */
  tracker?: CostTracker | undefined;
  now?: () => number;
}

/** Finds the price of a reply: under the model the vendor names, then under the model asked for. */
export function findPrice(prices: PriceTable | undefined, provider: string, models: readonly string[], at: Date): ModelPrice | undefined {
  if (!prices) return undefined;
  for (const model of models) {
    const price = prices.lookup(provider, model, at);
    if (price) return price;
  }
  return undefined;
}

/**
 * Puts `usage.cost` (USD, with its breakdown) on every reply and every finished stream, from the
 * price table; a cost the vendor reported itself (OpenRouter, `source: 'provider'`) is kept as it
 * is. A model with no known price gets no cost (never 0) and one warning through the logger
 * (none when there is no price table at all).
 * It sits innermost, so every layer above (usage totals, cache, budgets, logs) sees the cost. A
 * stream that fails after the vendor reported usage is recorded with that usage.
 */
export function costMiddleware(options: CostMiddlewareOptions = {}): Middleware {
  const { prices, logger, tracker } = options;
  const now = options.now ?? Date.now;
  const warned = new Set<string>();

  const priced = (usage: Usage, provider: string, models: readonly string[], time: number, warn = true): Usage => {
    if (usage.cost) return usage;
    const price = findPrice(prices, provider, models, new Date(time));
    if (!price) {
      const key = `${provider}:${models[0]}`;
      if (warn && !warned.has(key)) {
        warned.add(key);
        // With no price table at all (a bare core client) a missing cost is expected, not news.
        if (prices) logger?.warn('no price is known for this model: its calls carry no cost (add one under cost.prices)', { provider, model: models[0] });
      }
      return usage;
    }
    return { ...usage, cost: computeCost(usage, price) };
  };
  const modelsOf = (response: ChatResponse<unknown>, requested: string): string[] =>
    response.model && response.model !== requested ? [response.model, requested] : [requested];
  const finish = (response: ChatResponse<unknown>, requested: string, tags: Readonly<Record<string, string>> | undefined, time: number): void => {
    if (!response.cached) response.usage = priced(response.usage, response.provider, modelsOf(response, requested), time);
    tracker?.record({ provider: response.provider, model: response.model || requested, usage: response.usage, tags, cached: response.cached === true, time });
  };

  return (model) =>
    wrapChatModel(model, {
      chat: async (request, callOptions, next) => {
        const response = await next.chat(request, callOptions);
        // A price table or tracker that throws loses the record (and says so), never the reply.
        safely(() => finish(response, next.modelId, request.tags, now()), (err) => logger?.warn('could not price or record a reply', { error: err }));
        return response;
      },
      streamChat: (request, callOptions, next) => {
        const inner = next.streamChat(request, callOptions);
        // Usage the vendor reported before the stream failed was billed: the tracker records it too.
        let seen: Usage | undefined;
        return observeStream(inner, {
          onEvent: (event) => {
            if (event.type !== 'usage') return;
            event.usage = priced(event.usage, inner.provider, [next.modelId], now(), false);
            seen = event.usage;
          },
          onFinish: (response) => finish(response, next.modelId, request.tags, now()),
          onError: () => {
            if (seen) tracker?.record({ provider: inner.provider, model: next.modelId, usage: seen, tags: request.tags, time: now() });
          },
        });
      },
    });
}
