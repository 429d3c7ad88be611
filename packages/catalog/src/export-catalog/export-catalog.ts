import { LLMError } from '@llm/errors';
import type { Catalog } from '../catalog/index.js';
import type { CatalogData } from '../record/index.js';
import { catalogOpenApi, recordJsonSchema, toCsv, toJson, toMarkdown, toYaml } from '../export/index.js';
import { toHtml } from '../page/index.js';

export const EXPORT_FORMATS = ['json', 'yaml', 'csv', 'markdown', 'html', 'openapi', 'jsonschema'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** Only these models (ids or aliases), in this order: a comparison. */
  compare?: readonly string[];
}

/** The catalog's data, or only the compared models. */
export function selectData(catalog: Catalog, compare: readonly string[] | undefined): CatalogData {
  const data = catalog.toData();
  return compare && compare.length > 0 ? { ...data, records: catalog.compare(compare) } : data;
}

/**
 * The catalog in one of the formats (what `llm catalog export --format` writes). An unknown format
 * is an `invalid_request` error naming the formats there are.
 */
export async function exportCatalog(catalog: Catalog, format: string, options: ExportOptions = {}): Promise<string> {
  const data = (): CatalogData => selectData(catalog, options.compare);
  switch (format) {
    case 'json':
      return toJson(data());
    case 'yaml':
      return toYaml(data());
    case 'csv':
      return toCsv(data().records);
    case 'markdown':
      return toMarkdown(data());
    case 'html':
      return toHtml(data());
    case 'openapi':
      return `${JSON.stringify(catalogOpenApi(), null, 2)}\n`;
    case 'jsonschema':
      return `${JSON.stringify(recordJsonSchema(), null, 2)}\n`;
    default:
      throw new LLMError({ code: 'invalid_request', message: `unknown catalog export format "${format}" (one of ${EXPORT_FORMATS.join(', ')})`, retryable: false });
  }
}
