import { CAPABILITIES, type ModelRecord } from './model-record-schema.js';

const PRICE_FIELDS = ['input', 'output', 'cachedInput', 'cacheWrite', 'reasoning', 'inputAudio', 'perRequest', 'webSearch', 'tiers'] as const;

/**
 * Every fact of a record that carries provenance, as a path into the record. `id` is the fact that
 * the model exists (the source that lists it); the rest are what is known about it.
 */
export const FACT_PATHS = [
  'id',
  'aliases',
  'displayName',
  'family',
  'status.value',
  'status.deprecatedOn',
  'status.retiresOn',
  'releaseDate',
  'lastUpdated',
  'knowledgeCutoff',
  'openWeights',
  'limits.context',
  'limits.input',
  'limits.output',
  'modalities.input',
  'modalities.output',
  ...CAPABILITIES.map((c) => `capabilities.${c}` as const),
  'reasoningControls',
  ...PRICE_FIELDS.map((p) => `prices.${p}` as const),
] as const;

export type FactPath = (typeof FACT_PATHS)[number];

const factPathSet: ReadonlySet<string> = new Set(FACT_PATHS);

export function isFactPath(path: string): path is FactPath {
  return factPathSet.has(path);
}

/** The value of a fact (`limits.context` → `record.limits.context`). */
export function getFact(record: ModelRecord, path: FactPath): unknown {
  const [head, tail] = path.split('.') as [keyof ModelRecord, string | undefined];
  const value: unknown = record[head];
  return tail === undefined ? value : (value as Record<string, unknown>)[tail];
}

/** Whether a fact is known: not null, not "unknown", and for lists (aliases, price tiers) not empty. */
export function isKnownValue(value: unknown): boolean {
  if (value === null || value === undefined || value === 'unknown') return false;
  return !Array.isArray(value) || value.length > 0;
}

/** Whether a record knows this fact. Modality lists count when present, even if a list is empty. */
export function isKnownFact(record: ModelRecord, path: FactPath): boolean {
  const value = getFact(record, path);
  if (path.startsWith('modalities.')) return Array.isArray(value);
  return isKnownValue(value);
}

/** A copy of `record` with one fact set (nested objects copied, never shared with the input). */
export function withFact(record: ModelRecord, path: FactPath, value: unknown): ModelRecord {
  const [head, tail] = path.split('.') as [keyof ModelRecord, string | undefined];
  if (tail === undefined) return { ...record, [head]: value };
  return { ...record, [head]: { ...(record[head] as object), [tail]: value } };
}
