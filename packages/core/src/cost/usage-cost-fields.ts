import type { Usage } from '@llm/schema';

/**
 * The token counts that usage and cost rows keep, in column order: `Usage`'s counts without the
 * total. A new token kind is added here (and to `Usage`); `CostTracker`'s buckets, the usage
 * report and `@llm/analytics`' records and roll-ups all take their fields from this list.
 */
export const USAGE_TOKEN_FIELDS = ['inputTokens', 'outputTokens', 'cachedInputTokens', 'cacheWriteTokens', 'reasoningTokens'] as const;
/** The dollars that go with them, in column order: the total (`Cost.totalUsd`) and its parts (`Cost`'s names). */
export const USAGE_COST_FIELDS = ['costUsd', 'inputUsd', 'outputUsd', 'cachedInputUsd', 'cacheWriteUsd', 'reasoningUsd'] as const;

export type UsageTokenField = (typeof USAGE_TOKEN_FIELDS)[number];
export type UsageCostField = (typeof USAGE_COST_FIELDS)[number];
/** A row's token counts. */
export type UsageTokenFields = Record<UsageTokenField, number>;
/** A row's token counts and dollars. */
export type UsageCostFields = UsageTokenFields & Record<UsageCostField, number>;

/**
 * Adds a reply's token counts to a row (an absent count adds 0). Written out field by field rather
 * than as a loop over `USAGE_TOKEN_FIELDS`: keyed reads and writes with a changing key are several
 * times slower, and this runs for every reply in two trackers (a test checks that it covers the list).
 */
export function addUsageTokens(target: UsageTokenFields, usage: Usage): void {
  target.inputTokens += usage.inputTokens ?? 0;
  target.outputTokens += usage.outputTokens ?? 0;
  target.cachedInputTokens += usage.cachedInputTokens ?? 0;
  target.cacheWriteTokens += usage.cacheWriteTokens ?? 0;
  target.reasoningTokens += usage.reasoningTokens ?? 0;
}
