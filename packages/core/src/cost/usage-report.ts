import type { CostBucket, CostReport, CostRow } from './cost-tracker.js';
import { USAGE_COST_FIELDS, USAGE_TOKEN_FIELDS } from './usage-cost-fields.js';

const BUCKET_COLUMNS: readonly (keyof CostBucket)[] = ['requests', 'cachedRequests', 'unpricedRequests', ...USAGE_TOKEN_FIELDS, ...USAGE_COST_FIELDS, 'providerReportedUsd'];

/** The columns of {@link costReportToCsv}, in order. */
export const COST_CSV_COLUMNS: readonly string[] = ['period', 'provider', 'model', 'tags', ...BUCKET_COLUMNS];

/** RFC 4180 quoting; a leading `=`, `+`, `-` or `@` is prefixed with `'` so a spreadsheet never runs it as a formula. */
function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line per (period, provider, model, tags) row, header first, CRLF line ends. */
export function costReportToCsv(report: Pick<CostReport, 'rows'>): string {
  const lines = [COST_CSV_COLUMNS.join(',')];
  for (const row of report.rows) lines.push(COST_CSV_COLUMNS.map((c) => csvField(row[c as keyof CostRow])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The report as indented JSON. */
export function costReportToJson(report: CostReport): string {
  return JSON.stringify(report, null, 2);
}
