import { describe, expect, it } from 'vitest';
import { modelPriceFrom, staticPriceTable, withPriceOverrides } from './price-table.js';

describe('price tables', () => {
  it('finds provider:model, then model, then the longest matching prefix pattern', () => {
    const table = staticPriceTable({
      'openai:gpt-4o': { input: 2.5, output: 10 },
      'gpt-4o': { input: 99, output: 99 },
      'openai:gpt-4o*': { input: 5, output: 15 },
      'openai:gpt-*': { input: 1, output: 1 },
      'my-finetune-*': { input: 0.5, output: 1, cachedInput: 0.1 },
    });
    expect(table.lookup('openai', 'gpt-4o')?.inputPerMTok).toBe(2.5);
    expect(table.lookup('azure', 'gpt-4o')?.inputPerMTok).toBe(99);
    expect(table.lookup('openai', 'gpt-4o-2024-08-06')?.inputPerMTok).toBe(5);
    expect(table.lookup('openai', 'gpt-3.5-turbo')?.inputPerMTok).toBe(1);
    expect(table.lookup('any', 'my-finetune-7')).toMatchObject({ cachedInputPerMTok: 0.1, source: 'config' });
    expect(table.lookup('anthropic', 'claude')).toBeUndefined();
  });

  it('puts config overrides over a base table and keeps the base for the rest', () => {
    const base = staticPriceTable({ a: { input: 1, output: 2 }, b: { input: 3, output: 4 } });
    const table = withPriceOverrides(base, { a: { input: 10, output: 20 } })!;
    expect(table.lookup('p', 'a')?.inputPerMTok).toBe(10);
    expect(table.lookup('p', 'b')?.inputPerMTok).toBe(3);
    expect(withPriceOverrides(base, {})).toBe(base);
    expect(withPriceOverrides(undefined, undefined)).toBeUndefined();
  });
});

describe('price tables: each field and each edge', () => {
  it('a config price keeps every field it gives, and no key for one it leaves out', () => {
    expect(modelPriceFrom('p', 'm', { input: 1, output: 2, cachedInput: 0.5, cacheWrite: 1.25, reasoning: 3, perRequest: 0.01 }, 'catalog')).toStrictEqual({
      provider: 'p',
      model: 'm',
      inputPerMTok: 1,
      outputPerMTok: 2,
      cachedInputPerMTok: 0.5,
      cacheWritePerMTok: 1.25,
      reasoningPerMTok: 3,
      perRequestUsd: 0.01,
      source: 'catalog',
    });
    expect(modelPriceFrom('p', 'm', { input: 1, output: 2, cachedInput: undefined })).toStrictEqual({ provider: 'p', model: 'm', inputPerMTok: 1, outputPerMTok: 2, source: 'config' });
  });

  it("'*' alone matches every model, and a one-letter prefix matches too", () => {
    const table = staticPriceTable({ '*': { input: 7, output: 7 }, 'g*': { input: 3, output: 3 } });
    expect(table.lookup('any', 'model')?.inputPerMTok).toBe(7);
    expect(table.lookup('any', 'gemma')?.inputPerMTok).toBe(3);
  });

  it('of two matching patterns of the same length, the first given wins', () => {
    const prices = { 'openai:gpt*': { input: 1, output: 1 }, 'gpt-4o-min*': { input: 2, output: 2 } };
    expect(staticPriceTable(prices).lookup('openai', 'gpt-4o-mini')?.inputPerMTok).toBe(1);
    const [first, second] = Object.entries(prices);
    expect(staticPriceTable(Object.fromEntries([second!, first!])).lookup('openai', 'gpt-4o-mini')?.inputPerMTok).toBe(2);
  });

  it('overrides without a base table: a model it does not price has no price (nothing else is asked)', () => {
    const table = withPriceOverrides(undefined, { 'p:m': { input: 1, output: 1 } });
    expect(table?.lookup('p', 'm')?.inputPerMTok).toBe(1);
    expect(table?.lookup('p', 'other')).toBeUndefined();
  });
});
