import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/index.js';
import { CAPABILITIES } from '../record/index.js';
import { CSV_COLUMNS, toCsv } from './catalog-csv.js';

const catalog = createCatalog({ at: new Date('2026-10-01T12:00:00Z') });
const records = catalog.records();

describe('CSV export', () => {
  const csv = toCsv(records);
  const rows = parse(csv, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];

  it('has a header row and one row per model, read back by a CSV parser cell for cell', () => {
    expect(csv.split('\r\n')[0]).toBe(CSV_COLUMNS.map(([name]) => name).join(','));
    expect(rows).toHaveLength(records.length);
    rows.forEach((row, i) => {
      const r = records[i]!;
      expect(row.id).toBe(r.id);
      expect(row.display_name).toBe(r.displayName ?? '');
      expect(row.context_tokens).toBe(r.limits.context === null ? '' : String(r.limits.context));
      expect(row.input_usd_per_mtok).toBe(r.prices.input === null ? '' : String(r.prices.input));
      expect(row.tool_calling).toBe(String(r.capabilities.toolCalling));
      expect(row.input_modalities).toBe(r.modalities.input?.join(';') ?? '');
    });
  });

  it('quotes what needs quoting (commas, quotes) and keeps unknown distinct from false', () => {
    // Price tiers are JSON: commas and quotes inside one cell.
    const tiered = records.find((r) => r.prices.tiers.length > 0)!;
    expect(csv).toContain(`"${JSON.stringify(tiered.prices.tiers).replaceAll('"', '""')}"`);
    const tricky = { ...records[0]!, displayName: 'He said "hi", then\nleft' };
    expect((parse(toCsv([tricky]), { columns: true }) as Record<string, string>[])[0]!.display_name).toBe('He said "hi", then\nleft');
    const flags = new Set(rows.flatMap((row) => CAPABILITIES.map((c) => row[c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)])));
    expect([...flags].sort()).toEqual(['false', 'true', 'unknown']);
  });

  it('puts long-context tiers as JSON and names the sources of each row', () => {
    const pro = rows.find((row) => row.id === 'google:gemini-2.5-pro')!;
    expect(JSON.parse(pro.price_tiers!)).toEqual(catalog.require('google:gemini-2.5-pro').prices.tiers);
    expect(pro.sources!.split(';')).toEqual(expect.arrayContaining(['models.dev', 'genai-prices']));
  });
});
