import { stringify } from 'csv-stringify/sync';
import { CAPABILITIES, type Flag, type ModelRecord } from '../record/index.js';

type Cell = string | number | null;

const flag = (value: Flag): string => String(value);
const list = (value: readonly string[] | null): Cell => (value === null ? null : value.join(';'));

/** The CSV columns: name and how each record fills it. An unknown value is an empty cell; a flag is true, false or unknown. */
export const CSV_COLUMNS: readonly (readonly [string, (r: ModelRecord) => Cell])[] = [
  ['id', (r) => r.id],
  ['provider', (r) => r.provider],
  ['model', (r) => r.model],
  ['aliases', (r) => r.aliases.join(';')],
  ['display_name', (r) => r.displayName],
  ['family', (r) => r.family],
  ['status', (r) => r.status.value],
  ['deprecated_on', (r) => r.status.deprecatedOn],
  ['retires_on', (r) => r.status.retiresOn],
  ['release_date', (r) => r.releaseDate],
  ['last_updated', (r) => r.lastUpdated],
  ['knowledge_cutoff', (r) => r.knowledgeCutoff],
  ['open_weights', (r) => flag(r.openWeights)],
  ['context_tokens', (r) => r.limits.context],
  ['input_tokens', (r) => r.limits.input],
  ['output_tokens', (r) => r.limits.output],
  ['input_modalities', (r) => list(r.modalities.input)],
  ['output_modalities', (r) => list(r.modalities.output)],
  ...CAPABILITIES.map((c) => [c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`), (r: ModelRecord) => flag(r.capabilities[c])] as const),
  ['reasoning_effort', (r) => list(r.reasoningControls?.effort ?? null)],
  ['reasoning_budget_min', (r) => r.reasoningControls?.budgetTokens?.min ?? null],
  ['reasoning_budget_max', (r) => r.reasoningControls?.budgetTokens?.max ?? null],
  ['reasoning_toggle', (r) => (r.reasoningControls ? String(r.reasoningControls.toggle) : 'unknown')],
  ['input_usd_per_mtok', (r) => r.prices.input],
  ['output_usd_per_mtok', (r) => r.prices.output],
  ['cached_input_usd_per_mtok', (r) => r.prices.cachedInput],
  ['cache_write_usd_per_mtok', (r) => r.prices.cacheWrite],
  ['reasoning_usd_per_mtok', (r) => r.prices.reasoning],
  ['input_audio_usd_per_mtok', (r) => r.prices.inputAudio],
  ['per_request_usd', (r) => r.prices.perRequest],
  ['web_search_usd', (r) => r.prices.webSearch],
  ['price_tiers', (r) => (r.prices.tiers.length > 0 ? JSON.stringify(r.prices.tiers) : null)],
  ['sources', (r) => [...new Set(r.provenance.map((p) => p.source))].join(';')],
  ['verified_at', (r) => r.provenance.map((p) => p.verifiedAt).sort().at(-1) ?? null],
];

/**
 * The records as CSV (RFC 4180: header row, CRLF, quotes where needed), one row per model, for
 * spreadsheets. Lists are joined with `;`; price tiers are JSON in one cell; `sources` and
 * `verified_at` (the latest) summarise the provenance.
 */
export function toCsv(records: readonly ModelRecord[]): string {
  const rows = records.map((r) => CSV_COLUMNS.map(([, cell]) => cell(r) ?? ''));
  return stringify([CSV_COLUMNS.map(([name]) => name), ...rows], { record_delimiter: '\r\n', cast: { number: (n) => String(n) } });
}
