import type { Candidate } from './candidate.js';
import type { TaskNeeds } from './task-profile.js';

/**
 * What one call of the task's token mix costs on a model, in US dollars: uncached input at the
 * input price, the cached share at the cached price (the input price where the model has none),
 * output at the output price, plus any per-request fee. `undefined` when the input or output price
 * is unknown.
 */
export function callCost(candidate: Candidate, needs: Pick<TaskNeeds, 'inputTokens' | 'outputTokens' | 'cachedInputShare'>): number | undefined {
  const prices = candidate.prices;
  if (!prices || prices.input === null || prices.output === null) return undefined;
  const cached = needs.inputTokens * needs.cachedInputShare;
  const cachedPrice = prices.cachedInput ?? prices.input;
  const usd = ((needs.inputTokens - cached) * prices.input + cached * cachedPrice + needs.outputTokens * prices.output) / 1_000_000;
  return usd + (prices.perRequest ?? 0);
}
