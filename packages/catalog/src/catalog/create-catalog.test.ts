import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { readCatalogData } from '../data/index.js';
import { emptyRecord, applyFacts, provenanceOf, type CatalogData, type ModelRecord } from '../record/index.js';
import { GENAI_PRICES_RELEASE, genaiPricesVersion } from '../sources/index.js';
import { createCatalog } from './create-catalog.js';

const AT = new Date('2026-10-01T12:00:00Z');
const NOW = new Date('2026-11-30T08:00:00Z');
const committed = readCatalogData();
const catalog = createCatalog({ data: committed, at: AT, now: () => NOW });

function llmError(fn: () => unknown): LLMError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LLMError) return error;
    throw error;
  }
  throw new Error('expected an LLMError');
}

/** A tiny catalog: two models of "acme" from a snapshot dated `asOf`. */
function tiny(asOf = '2026-07-02'): CatalogData {
  const origin = { source: 'models.dev', verifiedAt: asOf };
  const make = (model: string, facts: Record<string, unknown>): ModelRecord => applyFacts(emptyRecord('openai', model), { id: true, 'status.value': 'active', ...facts }, origin);
  return {
    formatVersion: 1,
    sources: [{ id: 'models.dev', kind: 'models.dev', title: 't', version: null, asOf, url: null, licence: null }],
    records: [
      make('gpt-4o', { 'prices.input': 9, 'prices.output': 9, 'limits.context': 128_000, 'modalities.input': ['text', 'image'], 'capabilities.toolCalling': true }),
      make('my-model', { 'prices.input': 1, 'prices.output': 2, aliases: ['my-latest'] }),
    ],
  };
}

describe('the catalog', () => {
  it('reads nothing until the first query, then reads its data once', () => {
    let reads = 0;
    const lazy = createCatalog({ data: () => (reads++, tiny()), genaiPrices: false });
    expect(reads).toBe(0);
    expect(lazy.get('openai:my-model')?.model).toBe('my-model');
    lazy.records();
    lazy.find({ text: 'gpt' });
    expect(reads).toBe(1);
  });

  it('finds a record by provider:model, by alias, and by a bare id only one provider has', () => {
    const dated = catalog.require('anthropic:claude-sonnet-4-5-20250929');
    expect(catalog.get('anthropic:claude-sonnet-4-5')).toBe(dated);
    expect(catalog.get('claude-sonnet-4-5')).toBe(dated);
    expect(catalog.get('openrouter:anthropic/claude-opus-4.7-fast')?.aliases).toContain('anthropic/claude-4.7-opus-fast-20260512');
    expect(catalog.get('anthropic/claude-4.7-opus-fast-20260512')?.id).toBe('openrouter:anthropic/claude-opus-4.7-fast');
    expect(catalog.get('openai:no-such-model')).toBeUndefined();
  });

  it('says which providers a bare id is ambiguous between, and what is not found', () => {
    const ambiguous = llmError(() => catalog.get('openai/gpt-oss-20b'));
    expect(ambiguous.code).toBe('invalid_request');
    expect(ambiguous.details?.candidates).toEqual(['groq:openai/gpt-oss-20b', 'openrouter:openai/gpt-oss-20b']);
    const missing = llmError(() => catalog.require('openai:gpt-99'));
    expect(missing).toMatchObject({ code: 'not_found', message: 'model "openai:gpt-99" is not in the catalog' });
    expect(catalog.compare(['openai:gpt-4o', 'claude-sonnet-4-5']).map((r) => r.id)).toEqual(['openai:gpt-4o', 'anthropic:claude-sonnet-4-5-20250929']);
  });

  it('filters by capability, modality, context, price, status and text; unknown facts do not pass unless asked', () => {
    const tools = catalog.find({ provider: 'anthropic', capabilities: ['toolCalling'] });
    expect(tools.length).toBeGreaterThan(5);
    expect(tools.every((r) => r.provider === 'anthropic' && r.capabilities.toolCalling === true)).toBe(true);
    const structured = catalog.find({ capabilities: 'structuredOutput' });
    const withUnknown = catalog.find({ capabilities: 'structuredOutput', includeUnknown: true });
    expect(withUnknown.length).toBeGreaterThan(structured.length);
    expect(withUnknown.filter((r) => r.capabilities.structuredOutput === 'unknown').length).toBe(withUnknown.length - structured.length);
    const cheapVision = catalog.find({ inputModalities: ['image'], minContext: 1_000_000, maxInputPrice: 0.5, status: 'active' });
    expect(cheapVision.length).toBeGreaterThan(0);
    for (const r of cheapVision) {
      expect(r.modalities.input).toContain('image');
      expect(r.limits.context).toBeGreaterThanOrEqual(1_000_000);
      expect(r.prices.input).toBeLessThanOrEqual(0.5);
      expect(r.status.value).toBe('active');
    }
    expect(catalog.find({ text: 'sonnet 4.5', provider: 'anthropic' }).map((r) => r.id)).toEqual(['anthropic:claude-sonnet-4-5-20250929']);
    expect(catalog.find().length).toBe(committed.records.length);
  });

  it('refuses a bad query naming the field', () => {
    const error = llmError(() => catalog.find({ capabilities: ['teleport'] as never, minContext: -1 }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/capabilities/);
    expect(error.message).toMatch(/minContext/);
  });

  it('takes genai-prices where it is newer than the snapshot, with its version and date, and ignores a match that names another model', () => {
    const gpt4o = catalog.require('openai:gpt-4o');
    expect(provenanceOf(gpt4o, 'prices.input')).toEqual({ source: 'genai-prices', verifiedAt: GENAI_PRICES_RELEASE.releasedOn, via: null });
    expect(catalog.sources().find((s) => s.id === 'genai-prices')).toMatchObject({ kind: 'genai-prices', version: genaiPricesVersion(), asOf: '2026-09-23' });
    // genai-prices' patterns match gpt-oss-safeguard-20b to gpt-oss-120b: the catalog keeps models.dev's price.
    const safeguard = catalog.require('groq:openai/gpt-oss-safeguard-20b');
    expect(provenanceOf(safeguard, 'prices.input')?.source).toBe('models.dev');
    expect(safeguard.prices).toMatchObject({ input: 0.075, output: 0.3 });
    // The record without genai-prices is the committed one.
    expect(createCatalog({ data: committed, genaiPrices: false }).require('openai:gpt-4o')).toEqual(committed.records.find((r) => r.id === 'openai:gpt-4o'));
  });

  it('keeps the snapshot price when the snapshot is newer than the genai-prices release', () => {
    const newer = createCatalog({ data: tiny('2027-01-01'), at: AT });
    expect(newer.require('openai:gpt-4o').prices.input).toBe(9);
    const older = createCatalog({ data: tiny('2026-01-01'), at: AT });
    expect(older.require('openai:gpt-4o').prices.input).toBe(2.5);
    expect(provenanceOf(older.require('openai:gpt-4o'), 'prices.output')?.source).toBe('genai-prices');
  });

  it("applies a user's overrides over every source, whatever their date, and adds new models", () => {
    const own = catalog.withOverrides({
      name: 'ours',
      asOf: '2020-01-01',
      models: [
        { id: 'openai:gpt-4o', prices: { input: 1 }, capabilities: { webSearch: true }, aliases: ['house-model'] },
        { id: 'openai:ft:gpt-4o-mini:acme', displayName: 'Acme tune', prices: { input: 0.3, output: 1.2 } },
      ],
    });
    const gpt4o = own.require('openai:house-model');
    expect(gpt4o.prices.input).toBe(1);
    expect(gpt4o.prices.output).toBe(catalog.require('openai:gpt-4o').prices.output);
    expect(gpt4o.capabilities.webSearch).toBe(true);
    expect(provenanceOf(gpt4o, 'prices.input')).toEqual({ source: 'override:ours', verifiedAt: '2020-01-01', via: null });
    expect(own.require('openai:ft:gpt-4o-mini:acme')).toMatchObject({ displayName: 'Acme tune', status: { value: 'active' }, capabilities: { toolCalling: 'unknown' } });
    expect(own.sources().at(-1)).toMatchObject({ id: 'override:ours', kind: 'override' });
    // The catalog it came from is unchanged.
    expect(catalog.require('openai:gpt-4o').prices.input).not.toBe(1);
  });

  it('refuses bad overrides with one configuration error naming every bad field', () => {
    const error = llmError(() => createCatalog({ overrides: { models: [{ id: 'gpt-4o', prices: { input: -1 } }, { id: 'openai:x', teleport: true } as never] } }));
    expect(error.code).toBe('configuration');
    expect(error.message).toMatch(/models\[0\]\.id: expected provider:model/);
    expect(error.message).toMatch(/models\[0\]\.prices\.input/);
    expect(error.message).toMatch(/models\[1\]/);
  });

  it("refreshes what a provider's listModels() reports, as live facts with the time they were seen", () => {
    const seen = new Date('2026-11-29T10:00:00Z');
    const live = catalog.withLiveModels(
      [
        { id: 'gpt-4o', provider: 'openai', contextWindow: 256_000, capabilities: { tools: true, vision: false } },
        { id: 'claude-sonnet-4-5', provider: 'anthropic', displayName: 'Claude Sonnet 4.5 (live)' },
        { id: 'gpt-new', provider: 'openai', displayName: 'GPT New', maxOutputTokens: 4096 },
      ],
      { at: seen },
    );
    const gpt4o = live.require('openai:gpt-4o');
    expect(gpt4o.limits.context).toBe(256_000);
    expect(gpt4o.modalities.input).not.toContain('image');
    expect(provenanceOf(gpt4o, 'limits.context')).toEqual({ source: 'live:openai', verifiedAt: '2026-11-29T10:00:00.000Z', via: null });
    expect(provenanceOf(gpt4o, 'modalities.input')?.source).toBe('live:openai');
    expect(provenanceOf(gpt4o, 'limits.output')?.source).not.toBe('live:openai');
    expect(live.require('anthropic:claude-sonnet-4-5-20250929').displayName).toBe('Claude Sonnet 4.5 (live)');
    expect(live.require('openai:gpt-new')).toMatchObject({ displayName: 'GPT New', limits: { output: 4096, context: null }, status: { value: 'active' } });
    expect(live.sources().map((s) => s.id)).toEqual(expect.arrayContaining(['live:openai', 'live:anthropic']));
    // Overrides still win over a later live listing.
    const overridden = createCatalog({ data: committed, at: AT, now: () => NOW, overrides: { models: [{ id: 'openai:gpt-4o', limits: { context: 1 } }] } });
    const relisted = overridden.withLiveModels([{ id: 'gpt-4o', provider: 'openai', contextWindow: 256_000, displayName: 'GPT-4o (live)' }], { at: seen }).require('openai:gpt-4o');
    expect(relisted.limits.context).toBe(1);
    expect(relisted.displayName).toBe('GPT-4o (live)');
  });

  it('exports its sources and records as valid catalog data', () => {
    const data = catalog.toData();
    expect(data.records.length).toBe(committed.records.length);
    expect(data.sources.map((s) => s.id)).toEqual(['models.dev', 'openrouter-api', 'genai-prices']);
  });
});
