import { describe, expect, it } from 'vitest';
import { emptyCostBucket, type CostRow } from './cost-tracker.js';
import { COST_CSV_COLUMNS, costReportToCsv } from './usage-report.js';

const row = (extra: Partial<CostRow>): CostRow => ({ ...emptyCostBucket(), period: '2025-06', provider: 'openai', model: 'gpt-4o', tags: '', ...extra });

describe('costReportToCsv', () => {
  it('prefixes text that a spreadsheet would run as a formula, never a number (a negative figure stays a number)', () => {
    const csv = costReportToCsv({ rows: [row({ tags: '-x=1', model: '+m', costUsd: -0.5, providerReportedUsd: -2 })] });
    const [header, line] = csv.split('\r\n');
    expect(header).toBe(COST_CSV_COLUMNS.join(','));
    const fields = line!.split(',');
    expect(fields.slice(0, 4)).toEqual(['2025-06', 'openai', "'+m", "'-x=1"]);
    expect(fields[COST_CSV_COLUMNS.indexOf('costUsd')]).toBe('-0.5');
    expect(fields[COST_CSV_COLUMNS.indexOf('providerReportedUsd')]).toBe('-2');
  });
});
