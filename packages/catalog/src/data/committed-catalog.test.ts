import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FACT_PATHS, isKnownFact, type CatalogData } from '../record/index.js';
import { CATALOG_DATA_URL, serializeCatalogData } from './catalog-data-file.js';
import { checkCatalogData } from './check-catalog-data.js';

const FILE = 'src/data/catalog.json';
const text = readFileSync(CATALOG_DATA_URL, 'utf8');
const data = JSON.parse(text) as CatalogData;

describe('the committed catalog (src/data/catalog.json)', () => {
  it('every record fits the schema, and every known fact has exactly one provenance entry naming a source of the catalog', () => {
    expect(checkCatalogData(data, FILE)).toEqual([]);
  });

  it('covers the five vendors with every record sourced and dated', () => {
    const providers = new Map<string, number>();
    for (const r of data.records) providers.set(r.provider, (providers.get(r.provider) ?? 0) + 1);
    expect([...providers.keys()]).toEqual(['openai', 'anthropic', 'google', 'groq', 'openrouter']);
    expect(data.records.length).toBeGreaterThan(450);
    const sources = new Map(data.sources.map((s) => [s.id, s]));
    expect(sources.get('models.dev')).toMatchObject({ version: expect.stringMatching(/^[0-9a-f]{40}$/), asOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    for (const r of data.records) {
      expect(r.provenance.length).toBeGreaterThan(0);
      for (const group of r.provenance) expect(group.verifiedAt).toBe(sources.get(group.source)!.asOf);
      // The model's existence itself is sourced.
      expect(r.provenance.some((g) => g.facts.includes('id'))).toBe(true);
    }
  });

  it('never turns a missing flag into false: every capability is true, false or "unknown", and unknown ones are common', () => {
    const unknown = data.records.filter((r) => r.capabilities.streamedToolArguments === 'unknown').length;
    expect(unknown).toBe(data.records.length);
    const structured = data.records.map((r) => r.capabilities.structuredOutput);
    expect(structured).toContain(true);
    expect(structured).toContain(false);
    expect(structured).toContain('unknown');
    for (const r of data.records) for (const path of FACT_PATHS) if (path.startsWith('capabilities.') && isKnownFact(r, path)) expect(typeof r.capabilities[path.slice(13) as keyof typeof r.capabilities]).toBe('boolean');
  });

  it('is written in the canonical form (one record per line), so a re-conversion diffs line by line', () => {
    expect(serializeCatalogData(data)).toBe(text);
  });

  it('a record that does not fit fails naming the file, the record and the field', () => {
    const broken = structuredClone(data);
    (broken.records[3]!.limits as { context: unknown }).context = 'big';
    broken.records[5]!.capabilities.toolCalling = 'maybe' as never;
    broken.records[7]!.provenance[0]!.source = 'nowhere';
    const problems = checkCatalogData(broken, FILE);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^src/data/catalog\\.json: records\\[3\\] \\(${broken.records[3]!.id}\\): limits\\.context: `)),
        expect.stringMatching(new RegExp(`^src/data/catalog\\.json: records\\[5\\] \\(${broken.records[5]!.id}\\): capabilities\\.toolCalling: `)),
        expect.stringContaining(`records[7] (${broken.records[7]!.id}): provenance[0].source: unknown source "nowhere"`),
      ]),
    );
  });

  it('a known fact without provenance, or provenance for an unknown fact, fails', () => {
    const broken = structuredClone(data);
    const record = broken.records.find((r) => r.limits.context !== null)!;
    const index = broken.records.indexOf(record);
    for (const g of record.provenance) g.facts = g.facts.filter((f) => f !== 'limits.context');
    record.provenance = record.provenance.filter((g) => g.facts.length > 0);
    const other = broken.records.find((r) => r.family === null)!;
    other.provenance[0]!.facts.push('family');
    expect(checkCatalogData(broken, FILE)).toEqual(
      expect.arrayContaining([
        `${FILE}: records[${index}] (${record.id}): limits.context: no provenance for "limits.context"`,
        expect.stringContaining(`(${other.id}): provenance[0].facts[`),
      ]),
    );
  });
});
