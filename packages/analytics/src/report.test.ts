import { describe, expect, it } from 'vitest';
import type { CallRecord } from './call-record.js';
import { MemoryAnalyticsStore } from './memory-store.js';
import { buildReport, reportToCsv, reportToJson, reportToMarkdown } from './report.js';
import { makeCallRecord } from './testing.js';

const NOW = Date.parse('2026-03-20T12:00:00Z');
const FEATURE = 'a,"b"|c';

/** 12 calls of one model (3 errors), 5 of another with an awkward tag value; costs known per call. */
function records(): CallRecord[] {
  const out: CallRecord[] = [];
  for (let i = 0; i < 12; i++) {
    const error = i % 4 === 0;
    out.push(makeCallRecord({ id: `m-${i}`, model: 'gpt-4o-mini', start: NOW - 3_600_000 + i * 60_000, outcome: error ? 'error' : 'success', errorCode: error ? 'timeout' : undefined, costUsd: error ? undefined : 0.001, inputTokens: error ? 0 : 1000, outputTokens: error ? 0 : 200 }));
  }
  for (let i = 0; i < 5; i++) out.push(makeCallRecord({ id: `o-${i}`, model: 'gpt-4o', start: NOW - 1_800_000 + i * 60_000, costUsd: 0.01, tags: { feature: FEATURE } }));
  return out;
}

/** A small RFC 4180 reader for the test (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('reports', () => {
  it('JSON, CSV and Markdown of one window carry the same numbers, computed here from the records', async () => {
    const store = new MemoryAnalyticsStore({ now: () => NOW });
    await store.append(records());
    const report = await buildReport(store, { from: NOW - 2 * 3_600_000, to: NOW, groupBy: ['model', 'tag:feature'] }, NOW);

    expect(JSON.parse(reportToJson(report))).toEqual(JSON.parse(JSON.stringify(report)));

    const [header, ...rows] = parseCsv(reportToCsv(report));
    expect(header!.slice(0, 5)).toEqual(['model', 'tag:feature', 'calls', 'errors', 'error_rate']);
    const col = (row: string[], name: string) => row[header!.indexOf(name)]!;
    const mini = rows.find((r) => r[0] === 'gpt-4o-mini')!;
    const big = rows.find((r) => r[0] === 'gpt-4o')!;
    expect(rows).toHaveLength(2);
    expect([col(mini, 'calls'), col(mini, 'errors'), col(mini, 'error_rate')]).toEqual(['12', '3', '0.25']);
    expect(Number(col(mini, 'cost_usd'))).toBeCloseTo(9 * 0.001, 12);
    expect(Number(col(mini, 'cost_per_call_usd'))).toBeCloseTo(0.001, 12);
    expect(col(big, 'tag:feature')).toBe(FEATURE);
    expect([col(big, 'calls'), col(big, 'errors')]).toEqual(['5', '0']);
    expect(Number(col(big, 'cost_usd'))).toBeCloseTo(0.05, 12);
    // The makeCallRecord latency is 500 ms for every call: each percentile is within the sketch's 1%.
    expect(Math.abs(Number(col(mini, 'latency_p50_ms')) - 500)).toBeLessThanOrEqual(5);
    expect(col(mini, 'ttfc_p50_ms')).toBe('');

    const md = reportToMarkdown(report);
    expect(md).toContain('17 calls, 17.65% errors');
    expect(md).toContain('| gpt-4o-mini | (none) | 12 | 25.00% |');
    expect(md).toContain('| gpt-4o | a,"b"\\|c | 5 | 0.00% |');
    expect(md).toContain('## Anomalies');
    expect(md).toMatch(/Not judged \(insufficient data\): latency of gpt-4o-mini/);
  });
});
