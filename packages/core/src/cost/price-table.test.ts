import { describe, expect, it } from 'vitest';
import { staticPriceTable, withPriceOverrides } from './price-table.js';

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
