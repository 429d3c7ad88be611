import { computeCost, type ModelPrice } from '@llm/core';
import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/index.js';
import { provenanceOf } from '../record/index.js';
import { toModelPrice } from '../sources/index.js';
import { createCatalogPriceTable } from './catalog-price-table.js';

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

  it('prices through the catalog: a model genai-prices matches to another model keeps its own price', () => {
    const price = table.lookup('groq', 'openai/gpt-oss-safeguard-20b', new Date('2026-10-01T00:00:00Z'));
    expect(price).toMatchObject({ provider: 'groq', model: 'openai/gpt-oss-safeguard-20b', inputPerMTok: 0.075, outputPerMTok: 0.3, source: 'models.dev' });
    expect(calcPrice({ input_tokens: 0, output_tokens: 0 }, 'openai/gpt-oss-safeguard-20b', { providerId: 'groq' })?.model.id).toBe('openai/gpt-oss-120b');
  });

  it('prices a catalog model genai-prices does not know from its snapshot source', () => {
    const at = new Date('2026-10-01T00:00:00Z');
    const catalog = createCatalog({ at });
    const record = catalog.records().find((r) => r.prices.input !== null && r.prices.output !== null && provenanceOf(r, 'prices.input')?.source === 'openrouter-api')!;
    expect(record).toBeDefined();
    const price = createCatalogPriceTable({ catalog }).lookup(record.provider, record.model, at);
    expect(price).toMatchObject({ inputPerMTok: record.prices.input, outputPerMTok: record.prices.output, source: 'openrouter-api' });
  });

  it("uses a user's overrides (by id or alias), which win over genai-prices", () => {
    const catalog = createCatalog({ overrides: { models: [{ id: 'anthropic:claude-sonnet-4-5-20250929', prices: { input: 1, output: 2 } }] } });
    const own = createCatalogPriceTable({ catalog });
    expect(own.lookup('anthropic', 'claude-sonnet-4-5', new Date('2026-10-01T00:00:00Z'))).toMatchObject({ model: 'claude-sonnet-4-5-20250929', inputPerMTok: 1, outputPerMTok: 2, cachedInputPerMTok: 0.3, source: 'override' });
    expect(table.lookup('anthropic', 'claude-sonnet-4-5', new Date('2026-10-01T00:00:00Z'))).toMatchObject({ inputPerMTok: 3, source: 'genai-prices' });
  });

  it('asks the catalog once per model and hour, and again in another hour', () => {
    const base = createCatalog({ overrides: { models: [{ id: 'openai:my-model', prices: { input: 1, output: 2 } }] } });
    const asked: string[] = [];
    const catalog = { ...base, recordAt: (provider: string, model: string, at: Date) => (asked.push(`${model}@${at.toISOString()}`), base.recordAt(provider, model, at)) };
    const own = createCatalogPriceTable({ catalog, cacheSize: 3 });
    const first = own.lookup('openai', 'my-model', new Date('2026-10-01T10:00:00Z'));
    expect(first).toMatchObject({ inputPerMTok: 1, outputPerMTok: 2 });
    expect(own.lookup('openai', 'my-model', new Date('2026-10-01T10:59:59.999Z'))).toBe(first);
    expect(own.lookup('openai', 'no-such-model-xyz', new Date('2026-10-01T10:00:00Z'))).toBeUndefined();
    expect(own.lookup('openai', 'no-such-model-xyz', new Date('2026-10-01T10:30:00Z'))).toBeUndefined();
    expect(asked).toEqual(['my-model@2026-10-01T10:00:00.000Z', 'no-such-model-xyz@2026-10-01T10:00:00.000Z']);
    expect(own.lookup('openai', 'my-model', new Date('2026-10-01T11:00:00Z'))).toEqual(first);
    expect(asked).toHaveLength(3);
    // Back to an hour asked before: the LRU still has it.
    expect(own.lookup('openai', 'my-model', new Date('2026-10-01T10:15:00Z'))).toBe(first);
    expect(asked).toHaveLength(3);
    expect(() => own.lookup('openai', 'my-model', new Date(Number.NaN))).toThrow(RangeError);
  });
});
