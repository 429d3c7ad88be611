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
