import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { parseCatalogOverridesYaml } from './catalog-overrides.js';
import { GENAI_PRICES_RELEASE, genaiPricesVersion } from './genai-prices-source.js';

describe('catalog overrides from YAML', () => {
  it('parses models with nested facts', async () => {
    const overrides = await parseCatalogOverridesYaml(`
name: team
asOf: 2026-11-01
models:
  - id: openai:gpt-4o
    prices: { input: 2, cachedInput: 0.5 }
    capabilities: { parallelToolCalls: true }
  - id: anthropic:claude-house
    displayName: House Claude
    limits: { context: 200000 }
`);
    expect(overrides).toEqual({
      name: 'team',
      asOf: '2026-11-01',
      models: [
        { id: 'openai:gpt-4o', prices: { input: 2, cachedInput: 0.5 }, capabilities: { parallelToolCalls: true } },
        { id: 'anthropic:claude-house', displayName: 'House Claude', limits: { context: 200_000 } },
      ],
    });
  });

  it('names the bad field, or says the text is not YAML', async () => {
    const bad = await parseCatalogOverridesYaml('models:\n  - id: openai:gpt-4o\n    prices: { input: cheap }\n').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(LLMError);
    expect((bad as LLMError).code).toBe('configuration');
    expect((bad as LLMError).message).toMatch(/models\[0\]\.prices\.input: /);
    const notYaml = await parseCatalogOverridesYaml('models: [\n').catch((e: unknown) => e);
    expect((notYaml as LLMError).message).toMatch(/not YAML/);
  });
});

describe('genai-prices', () => {
  it('is the release whose date the catalog records (update GENAI_PRICES_RELEASE with the dependency)', () => {
    expect(genaiPricesVersion()).toBe(GENAI_PRICES_RELEASE.version);
  });
});
