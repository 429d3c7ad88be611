import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/index.js';
import { catalogOpenApi, parseCatalogJson, parseCatalogYaml, recordJsonSchema, toCsv, toJson, toMarkdown } from '../export/index.js';
import { toHtml } from '../page/index.js';
import { EXPORT_FORMATS, exportCatalog } from './export-catalog.js';

const catalog = createCatalog({ at: new Date('2026-10-01T12:00:00Z') });

describe('exportCatalog', () => {
  it('writes each format as its own exporter does', async () => {
    const data = catalog.toData();
    expect(await exportCatalog(catalog, 'json')).toBe(toJson(data));
    expect(await parseCatalogYaml(await exportCatalog(catalog, 'yaml'))).toEqual(data);
    expect(await exportCatalog(catalog, 'csv')).toBe(toCsv(data.records));
    expect(await exportCatalog(catalog, 'markdown')).toBe(toMarkdown(data));
    expect(await exportCatalog(catalog, 'html')).toBe(toHtml(data));
    expect(JSON.parse(await exportCatalog(catalog, 'openapi'))).toEqual(catalogOpenApi());
    expect(JSON.parse(await exportCatalog(catalog, 'jsonschema'))).toEqual(recordJsonSchema());
  });

  it('with compare, only the models asked for, in that order (aliases resolved)', async () => {
    const data = parseCatalogJson(await exportCatalog(catalog, 'json', { compare: ['claude-sonnet-4-5', 'openai:gpt-4o'] }));
    expect(data.records.map((r) => r.id)).toEqual(['anthropic:claude-sonnet-4-5-20250929', 'openai:gpt-4o']);
    expect(data.sources).toEqual(catalog.sources());
  });

  it('an unknown format or model is a typed error naming it', async () => {
    const error = await exportCatalog(catalog, 'xlsx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LLMError);
    expect(error).toMatchObject({ code: 'invalid_request', message: `unknown catalog export format "xlsx" (one of ${EXPORT_FORMATS.join(', ')})` });
    await expect(exportCatalog(catalog, 'csv', { compare: ['openai:nope'] })).rejects.toMatchObject({ code: 'not_found' });
  });
});
