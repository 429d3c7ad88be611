import { defaultCatalog } from '@llm/catalog';
import { describe, expect, it } from 'vitest';
import { recommend } from './recommend.js';

// The catalog's records are candidates as they are: the whole committed catalog goes through.
describe('recommend over the model catalog', () => {
  const records = defaultCatalog().records();

  it('ranks the catalog for structured extraction, leaving out what lacks structured output or is unknown, with reasons', async () => {
    const result = await recommend(records, { profile: 'extraction', constraints: { providers: { allow: ['openai', 'anthropic', 'google'] } } });
    expect(result.ranked.length).toBeGreaterThan(5);
    expect(result.ranked.length + result.excluded.length).toBe(records.length);
    for (const m of result.ranked) {
      expect(m.candidate.capabilities?.structuredOutput).toBe(true);
      expect(['active', 'preview']).toContain(m.candidate.status?.value);
      expect(['openai', 'anthropic', 'google']).toContain(m.candidate.provider);
    }
    // Ranked by cost alone (no quality, no observations): cheapest call first.
    const costs = result.ranked.map((m) => m.explanation.criteria.find((c) => c.criterion === 'cost')!.raw);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(result.unusedCriteria.map((u) => u.criterion).sort()).toEqual(['errorRate', 'latency', 'quality']);
    const unknown = result.excluded.find((e) => e.failed.some((f) => f.message.includes('unknown whether the model has it')));
    expect(unknown).toBeDefined();
  });

  it('never recommends an embedding model for a task that wants a text answer, and says why', async () => {
    const result = await recommend(records, { profile: 'low-latency' });
    const embeddings = records.filter((r) => r.modalities.output?.includes('embedding'));
    expect(embeddings.map((r) => r.id)).toContain('openai:text-embedding-3-small');
    // An unknown output (null) is not read as "no"; a known one without text is out.
    for (const m of result.ranked) expect(m.candidate.modalities?.output ?? ['text']).toContain('text');
    for (const r of embeddings) {
      const excluded = result.excluded.find((e) => e.id === r.id);
      expect(excluded?.failed).toContainEqual(expect.objectContaining({ constraint: 'modality:output', message: 'needs a text answer; the model gives embedding' }));
    }
  });

  it('finds long-context models with image input under a price ceiling', async () => {
    const result = await recommend(records, { profile: 'long-context', needs: { inputModalities: ['image'], minContext: 500_000 }, constraints: { maxInputPricePerMTok: 3 } });
    expect(result.ranked.length).toBeGreaterThan(0);
    for (const m of result.ranked) {
      expect(m.candidate.limits!.context).toBeGreaterThanOrEqual(500_000);
      expect(m.candidate.modalities!.input).toContain('image');
      expect(m.candidate.prices!.input).toBeLessThanOrEqual(3);
    }
  });
});
