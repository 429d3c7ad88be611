import { LLMError } from '@llm/errors';
import type { CatalogData } from '../record/index.js';
import { validatedCatalog } from './catalog-json.js';

/** The catalog as YAML, the same document as `toJson` (the `yaml` package is loaded on use). */
export async function toYaml(data: CatalogData): Promise<string> {
  const { stringify } = await import('yaml');
  return stringify({ formatVersion: data.formatVersion, sources: data.sources, records: data.records }, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Reads a catalog YAML document back, validated (YAML 1.2 core schema: dates stay strings). */
export async function parseCatalogYaml(text: string, what = 'catalog YAML'): Promise<CatalogData> {
  const { parse } = await import('yaml');
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new LLMError({ code: 'invalid_request', message: `invalid ${what}: not YAML: ${(error as Error).message.split('\n')[0]}`, retryable: false });
  }
  return validatedCatalog(value, what);
}
