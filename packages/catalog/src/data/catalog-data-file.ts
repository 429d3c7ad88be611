import { readFileSync } from 'node:fs';
import type { CatalogData } from '../record/index.js';

/** The committed catalog (written by `pnpm --filter @llm/catalog build:data` from sources/models-dev-<date>.json), beside this module in src/ and, copied by the build, in dist/. */
export const CATALOG_DATA_URL = new URL('./catalog.json', import.meta.url);

/**
 * The catalog data as committed: one source per line, one record per line, so that a change of
 * facts is a readable diff. Deterministic for the same data.
 */
export function serializeCatalogData(data: CatalogData): string {
  const lines = (items: readonly unknown[]): string => items.map((item) => JSON.stringify(item)).join(',\n');
  return `{"formatVersion":${data.formatVersion},\n"sources":[\n${lines(data.sources)}\n],\n"records":[\n${lines(data.records)}\n]}\n`;
}

/**
 * Reads and parses the committed catalog. Called on a catalog's first query, never at import. It is
 * not re-validated here: the package's tests validate every record of this file against the schema.
 */
export function readCatalogData(url: URL = CATALOG_DATA_URL): CatalogData {
  return JSON.parse(readFileSync(url, 'utf8')) as CatalogData;
}
