import { computeCost, type ModelPrice } from '@llm/core';
import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { createCatalogPriceTable, toModelPrice } from './catalog-price-table.js';

const table = createCatalogPriceTable();

describe('the catalog price table', () => {
  it.each([
    ['openai', 'gpt-4o-mini'],
    ['openai', 'gpt-4o-2024-08-06'],
    ['anthropic', 'claude-sonnet-4-20250514'],
    ['anthropic', 'claude-3-5-haiku-latest'],
    ['google', 'gemini-2.5-flash'],
    ['groq', 'llama-3.3-70b-versatile'],
    ['openrouter', 'openai/gpt-4o'],
  ])('%s %s: core computes the same total as genai-prices', (provider, model) => {
    const price = table.lookup(provider, model);
    expect(price).toBeDefined();
    const usage = { inputTokens: 12_000, cachedInputTokens: price?.cachedInputPerMTok !== undefined ? 5_000 : 0, cacheWriteTokens: price?.cacheWritePerMTok !== undefined ? 1_000 : 0, outputTokens: 800, totalTokens: 12_800 };
    const reference = calcPrice(
      { input_tokens: usage.inputTokens, cache_read_tokens: usage.cachedInputTokens, cache_write_tokens: usage.cacheWriteTokens, output_tokens: usage.outputTokens },
      model,
      { providerId: provider },
    );
    expect(computeCost(usage, price!).totalUsd).toBeCloseTo(reference!.total_price, 10);
  });

  it('keeps long-context tiers (Gemini 2.5 Pro above 200k input tokens)', () => {
    const price = table.lookup('google', 'gemini-2.5-pro')!;
    expect(price.tiers?.[0]).toMatchObject({ aboveInputTokens: 200_000 });
    const usage = { inputTokens: 250_000, outputTokens: 1_000, totalTokens: 251_000 };
    const reference = calcPrice({ input_tokens: 250_000, output_tokens: 1_000 }, 'gemini-2.5-pro', { providerId: 'google' })!;
    expect(computeCost(usage, price).totalUsd).toBeCloseTo(reference.total_price, 10);
    expect(computeCost(usage, price).totalUsd).toBeGreaterThan(computeCost({ ...usage, inputTokens: 150_000 }, price).totalUsd * 1.5);
  });

  it('knows cache prices for Anthropic and says nothing for an unknown model', () => {
    expect(table.lookup('anthropic', 'claude-3-5-haiku-latest')).toMatchObject({ cachedInputPerMTok: expect.any(Number), cacheWritePerMTok: expect.any(Number), source: 'genai-prices' });
    expect(table.lookup('openai', 'no-such-model-xyz')).toBeUndefined();
    expect(table.lookup('no-such-vendor', 'gpt-4o')).toBeUndefined();
  });

  it('converts tiered and per-request prices', () => {
    const price = toModelPrice('p', 'm', { input_mtok: { base: 1, tiers: [{ start: 100, price: 2 }] } as never, output_mtok: 3, requests_kcount: 5 }) as ModelPrice;
    expect(price).toMatchObject({ inputPerMTok: 1, outputPerMTok: 3, perRequestUsd: 0.005, tiers: [{ aboveInputTokens: 100, inputPerMTok: 2 }] });
    expect(toModelPrice('p', 'm', { output_mtok: 1 })).toBeUndefined();
  });
});
