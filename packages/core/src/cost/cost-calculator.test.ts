import { describe, expect, it } from 'vitest';
import { computeCost, ratesFor, worstCaseCost } from './cost-calculator.js';
import type { ModelPrice } from './price-table.js';

const sonnet: ModelPrice = { provider: 'anthropic', model: 'claude', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75 };

describe('computeCost', () => {
  it('splits cache reads, cache writes and reasoning out of the totals and adds the parts up', () => {
    const cost = computeCost({ inputTokens: 10_000, cachedInputTokens: 6_000, cacheWriteTokens: 2_000, outputTokens: 1_000, reasoningTokens: 400, totalTokens: 11_000 }, sonnet);
    expect(cost.inputUsd).toBeCloseTo((2_000 * 3) / 1e6, 12);
    expect(cost.cachedInputUsd).toBeCloseTo((6_000 * 0.3) / 1e6, 12);
    expect(cost.cacheWriteUsd).toBeCloseTo((2_000 * 3.75) / 1e6, 12);
    expect(cost.outputUsd).toBeCloseTo((600 * 15) / 1e6, 12);
    expect(cost.reasoningUsd).toBeCloseTo((400 * 15) / 1e6, 12);
    expect(cost.totalUsd).toBeCloseTo(cost.inputUsd! + cost.cachedInputUsd! + cost.cacheWriteUsd! + cost.outputUsd! + cost.reasoningUsd!, 12);
    expect(cost.source).toBe('computed');
  });

  it('prices cache reads at the input rate when the model has no cache price, and leaves absent parts out', () => {
    const cost = computeCost({ inputTokens: 1_000_000, cachedInputTokens: 500_000, outputTokens: 0, totalTokens: 1_000_000 }, { provider: 'p', model: 'm', inputPerMTok: 2, outputPerMTok: 8 });
    expect(cost.totalUsd).toBe(2);
    expect(cost.cacheWriteUsd).toBeUndefined();
    expect(cost.reasoningUsd).toBeUndefined();
  });

  it('applies a long-context tier to the whole request once the input passes its threshold', () => {
    const gemini: ModelPrice = { provider: 'google', model: 'g', inputPerMTok: 1.25, outputPerMTok: 10, tiers: [{ aboveInputTokens: 200_000, inputPerMTok: 2.5, outputPerMTok: 15 }] };
    expect(ratesFor(gemini, 200_000).input).toBe(1.25);
    expect(ratesFor(gemini, 200_001).input).toBe(2.5);
    expect(computeCost({ inputTokens: 300_000, outputTokens: 1_000, totalTokens: 301_000 }, gemini).totalUsd).toBeCloseTo(0.75 + 0.015, 12);
  });

  it('bounds the worst case at the dearer input and output rates', () => {
    expect(worstCaseCost(sonnet, 1_000, 100)).toBeCloseTo((1_000 * 3.75 + 100 * 15) / 1e6, 12);
    expect(worstCaseCost({ ...sonnet, reasoningPerMTok: 20, perRequestUsd: 0.01 }, 0, 1_000)).toBeCloseTo(0.02 + 0.01, 12);
  });
});
