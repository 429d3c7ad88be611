import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog/index.js';
import { recordJsonSchema } from './catalog-json-schema.js';

const records = createCatalog({ at: new Date('2026-10-01T12:00:00Z') }).records();

describe('JSON Schema of a record', () => {
  const schema = recordJsonSchema();
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats.default(ajv);
  const validate: (value: unknown) => boolean = ajv.compile(schema);

  it('is draft 2020-12 and accepts every record of the catalog', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const failures = records.filter((r) => !validate(r)).map((r) => r.id);
    expect(failures).toEqual([]);
  });

  it('rejects what the zod schema rejects: a wrong type, an unknown field, a silent false turned into null, a missing fact', () => {
    const base = structuredClone(records[0]!);
    const cases: [string, (r: Record<string, unknown>) => void][] = [
      ['context as a string', (r) => ((r.limits as Record<string, unknown>).context = '200k')],
      ['an unknown field', (r) => (r.vendorNotes = 'x')],
      ['a flag as null', (r) => ((r.capabilities as Record<string, unknown>).toolCalling = null)],
      ['no prices', (r) => delete r.prices],
      ['a bad modality', (r) => ((r.modalities as Record<string, unknown>).input = ['smell'])],
      ['a verification time that is not a date-time', (r) => ((r.provenance as Record<string, unknown>[])[0]!.verifiedAt = 'last week')],
    ];
    for (const [what, change] of cases) {
      const record = structuredClone(base) as unknown as Record<string, unknown>;
      change(record);
      expect(validate(record), what).toBe(false);
    }
  });
});
