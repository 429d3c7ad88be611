import { z } from 'zod';
import { ModelRecordSchema } from '../record/index.js';

/**
 * The JSON Schema (draft 2020-12) of one record, from the same zod schema the catalog validates with.
 * What JSON Schema cannot say is left out: that `id` is `provider:model`, and the provenance rules
 * (`checkCatalogData` checks those).
 */
export function recordJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ModelRecordSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'urn:llm:catalog:model-record:1',
    title: 'Model record',
    description: "One model of the catalog: its facts, each known fact's provenance.",
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}
