import type { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/index.js';
import { parseCatalogJson, toJson } from './catalog-json.js';
import { parseCatalogYaml, toYaml } from './catalog-yaml.js';

const data = createCatalog({ at: new Date('2026-10-01T12:00:00Z') }).toData();

describe('JSON and YAML exports', () => {
  it('round-trip to the same records and sources', async () => {
    const fromJson = parseCatalogJson(toJson(data));
    expect(fromJson).toEqual(data);
    const yaml = await toYaml(data);
    const fromYaml = await parseCatalogYaml(yaml);
    expect(fromYaml).toEqual(data);
    expect(fromYaml.records).toHaveLength(data.records.length);
  });

  it('YAML keeps strings that look like other things as strings (dates, numbers, yes/no, colons)', async () => {
    const yaml = await toYaml(data);
    expect(yaml).toMatch(/^formatVersion: 1$/m);
    expect(yaml).toContain('id: openrouter:openai/gpt-oss-120b:free');
    const record = (await parseCatalogYaml(yaml)).records.find((r) => r.releaseDate !== null)!;
    expect(typeof record.releaseDate).toBe('string');
  });

  it('reading back refuses a document that is not a catalog, naming the record and field', async () => {
    const broken = JSON.parse(toJson(data)) as { records: { limits: { context: unknown } }[] };
    broken.records[0]!.limits.context = -5;
    const error = (() => {
      try {
        parseCatalogJson(JSON.stringify(broken), 'upload.json');
      } catch (e) {
        return e as LLMError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('invalid_request');
    expect(error?.message).toContain(`upload.json: records[0] (${data.records[0]!.id}): limits.context: `);
    await expect(parseCatalogYaml('records: [')).rejects.toThrow(/not YAML/);
  });
});
