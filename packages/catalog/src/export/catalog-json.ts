import { LLMError } from '@llm/errors';
import { checkCatalogData } from '../data/index.js';
import type { CatalogData } from '../record/index.js';

/** The catalog as a JSON document: `{ formatVersion, sources, records }` (what `parseCatalogJson` reads back). */
export function toJson(data: CatalogData, options: { indent?: number } = {}): string {
  return `${JSON.stringify({ formatVersion: data.formatVersion, sources: data.sources, records: data.records }, null, options.indent ?? 2)}\n`;
}

/** A catalog document (JSON, or the value YAML parsed to) validated: a bad one is one `invalid_request` error naming each bad field. */
export function validatedCatalog(value: unknown, what: string): CatalogData {
  const problems = checkCatalogData(value, what);
  if (problems.length > 0) {
    throw new LLMError({ code: 'invalid_request', message: `invalid catalog: ${problems.slice(0, 20).join('; ')}${problems.length > 20 ? `; and ${problems.length - 20} more` : ''}`, retryable: false, details: { fields: problems } });
  }
  return value as CatalogData;
}

/** Reads a catalog JSON document back, validated. */
export function parseCatalogJson(text: string, what = 'catalog JSON'): CatalogData {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LLMError({ code: 'invalid_request', message: `invalid ${what}: not JSON: ${(error as Error).message}`, retryable: false });
  }
  return validatedCatalog(value, what);
}
