import { describe, expect, it } from 'vitest';
import { computeCost, ratesFor, worstCaseCost } from './cost-calculator.js';
import type { ModelPrice } from './price-table.js';

// The price arithmetic rule by rule, with exact figures: defaults of the optional rates, every
// field a tier can change, clamps on counts a vendor over-reports, fees and float noise.

const base: ModelPrice = { provider: 'p', model: 'm', inputPerMTok: 2, outputPerMTok: 8 };

describe('ratesFor', () => {
  it('defaults cache reads and writes to the input rate and reasoning to the output rate', () => {
    expect(ratesFor(base, 10)).toEqual({ input: 2, output: 8, cachedInput: 2, cacheWrite: 2, reasoning: 8 });
  });

  it('a tier above its threshold changes each rate it names and keeps the others', () => {
    const tiered: ModelPrice = {
      ...base,
      cachedInputPerMTok: 0.5,
      cacheWritePerMTok: 2.5,
      reasoningPerMTok: 9,
      tiers: [
        { aboveInputTokens: 100, cachedInputPerMTok: 1, cacheWritePerMTok: 5, reasoningPerMTok: 18 },
        { aboveInputTokens: 1000, inputPerMTok: 4 },
      ],
    };
    expect(ratesFor(tiered, 100)).toEqual({ input: 2, output: 8, cachedInput: 0.5, cacheWrite: 2.5, reasoning: 9 });
    expect(ratesFor(tiered, 101)).toEqual({ input: 2, output: 8, cachedInput: 1, cacheWrite: 5, reasoning: 18 });
    expect(ratesFor(tiered, 1001)).toEqual({ input: 4, output: 8, cachedInput: 1, cacheWrite: 5, reasoning: 18 });
  });
});

describe('computeCost', () => {
  it('prices each part exactly and adds a per-request fee to the total', () => {
    const price: ModelPrice = { ...base, cachedInputPerMTok: 1, cacheWritePerMTok: 3, reasoningPerMTok: 10, perRequestUsd: 0.5 };
    expect(computeCost({ inputTokens: 1_000_000, cachedInputTokens: 250_000, cacheWriteTokens: 250_000, outputTokens: 1_000_000, reasoningTokens: 500_000, totalTokens: 2_000_000 }, price)).toEqual({
      inputUsd: 1,
      cachedInputUsd: 0.25,
      cacheWriteUsd: 0.75,
      outputUsd: 4,
      reasoningUsd: 5,
      totalUsd: 11.5,
      source: 'computed',
    });
  });

  it('never counts more cached, written or reasoning tokens than the totals hold', () => {
    const cost = computeCost({ inputTokens: 1_000_000, cachedInputTokens: 800_000, cacheWriteTokens: 800_000, outputTokens: 1_000_000, reasoningTokens: 3_000_000, totalTokens: 2_000_000 }, { ...base, cachedInputPerMTok: 1, cacheWritePerMTok: 3 });
    expect(cost).toMatchObject({ inputUsd: 0, cachedInputUsd: 0.8, cacheWriteUsd: 0.6, outputUsd: 0, reasoningUsd: 8, totalUsd: 9.4 });
  });

  it('keeps float noise out of the figures', () => {
    // 0.1 + 0.2 dollars' worth of tokens is 0.3, not 0.30000000000000004.
    const cost = computeCost({ inputTokens: 100_000, outputTokens: 100_000, totalTokens: 200_000 }, { ...base, inputPerMTok: 1, outputPerMTok: 2 });
    expect(cost).toEqual({ inputUsd: 0.1, outputUsd: 0.2, totalUsd: 0.3, source: 'computed' });
    expect(computeCost({ inputTokens: 1, outputTokens: 0, totalTokens: 1 }, { ...base, inputPerMTok: 3 }).inputUsd).toBe(0.000003);
  });

  it('a reply with no tokens costs its fee alone', () => {
    expect(computeCost({ inputTokens: 0, outputTokens: 0, totalTokens: 0 }, { ...base, perRequestUsd: 0.004 })).toEqual({ inputUsd: 0, outputUsd: 0, totalUsd: 0.004, source: 'computed' });
  });
});

describe('worstCaseCost', () => {
  it('takes the tier the input falls in, and the dearer of input and cache-write, output and reasoning', () => {
    const price: ModelPrice = { ...base, cacheWritePerMTok: 3, reasoningPerMTok: 6, tiers: [{ aboveInputTokens: 500_000, inputPerMTok: 5, outputPerMTok: 10 }] };
    expect(worstCaseCost(price, 100_000, 100_000)).toBe(0.3 + 0.8);
    expect(worstCaseCost(price, 1_000_000, 100_000)).toBe(5 + 1);
    expect(worstCaseCost(base, 0, 0)).toBe(0);
  });
});
