import { describe, expect, it } from 'vitest';
import { addUsageTokens, USAGE_TOKEN_FIELDS, type UsageTokenFields } from './usage-cost-fields.js';

const zero = (): UsageTokenFields => ({ inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });

describe('addUsageTokens', () => {
  it.each(USAGE_TOKEN_FIELDS.map((field) => [field]))('adds %s to that field and to no other', (field) => {
    const row = zero();
    addUsageTokens(row, { inputTokens: 0, outputTokens: 0, totalTokens: 7, [field]: 7 });
    addUsageTokens(row, { inputTokens: 0, outputTokens: 0, totalTokens: 5, [field]: 5 });
    expect(row).toEqual({ ...zero(), [field]: 12 });
  });

  it('counts an absent count as 0', () => {
    const row = zero();
    addUsageTokens(row, { inputTokens: 3, outputTokens: 2, totalTokens: 5 });
    expect(row).toEqual({ ...zero(), inputTokens: 3, outputTokens: 2 });
    expect(Object.keys(row)).toEqual([...USAGE_TOKEN_FIELDS]);
  });
});
