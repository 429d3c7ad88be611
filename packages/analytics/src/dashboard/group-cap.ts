import { LLMError } from '@llm/errors';
import { groupId, type GroupSummary } from '../aggregate.js';

/** Groups with charts on the dashboard by default (each has four charts). */
export const DASHBOARD_MAX_GROUPS = 12;

/** What can be added up over the groups past the cap (percentiles and throughput cannot: they need the roll-ups). */
export interface OtherGroups {
  /** How many groups are summed here. */
  groups: number;
  /** Their labels' group values, most calls first. */
  members: Array<Record<string, string>>;
  count: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  pricedCalls: number;
  cacheHits: number;
  retries: number;
}

/**
 * The `max` groups with the most calls (ties by group values), most calls first, and the rest
 * summed; `other` is absent when every group fits.
 */
export function capGroups(groups: readonly GroupSummary[], max = DASHBOARD_MAX_GROUPS): { shown: GroupSummary[]; other?: OtherGroups } {
  if (!Number.isInteger(max) || max < 1) throw new LLMError({ code: 'configuration', message: `invalid dashboard maxGroups: expected a whole number >= 1, got ${String(max)}` });
  const ranked = [...groups].sort((a, b) => b.count - a.count || groupId(a.group).localeCompare(groupId(b.group)));
  if (ranked.length <= max) return { shown: ranked };
  const rest = ranked.slice(max);
  const other: OtherGroups = { groups: rest.length, members: rest.map((g) => g.group), count: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, pricedCalls: 0, cacheHits: 0, retries: 0 };
  for (const g of rest) {
    other.count += g.count;
    other.errors += g.errors;
    other.inputTokens += g.tokens.input;
    other.outputTokens += g.tokens.output;
    other.costUsd += g.cost.totalUsd;
    other.pricedCalls += g.cost.pricedCalls;
    // Rates are over each group's calls: back to counts (rounded to 6 places, so counts are rounded too).
    other.cacheHits += Math.round(g.cacheHitRate * g.count);
    other.retries += Math.round(g.retriesPerCall * g.count);
  }
  return { shown: ranked.slice(0, max), other };
}
