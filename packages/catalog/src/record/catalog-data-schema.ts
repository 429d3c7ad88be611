import { builtSchema, lazySchema } from '@llm/schema';
import { z } from 'zod';
import { FACT_PATHS, isFactPath, isKnownFact } from './fact-paths.js';
import { ModelRecordSchema, SourceSchema, type ModelRecord } from './model-record-schema.js';

export const CATALOG_FORMAT_VERSION = 1;

/**
 * The catalog as data: its sources and its records. Beyond each record's own shape it checks what
 * ties them together: ids and aliases unique per provider, every provenance entry naming a source
 * of the catalog and a fact path, and every known fact having exactly one provenance entry.
 */
export const CatalogDataSchema = lazySchema(() => z
  .object({
    formatVersion: z.literal(CATALOG_FORMAT_VERSION),
    sources: z.array(builtSchema(SourceSchema)).min(1),
    records: z.array(builtSchema(ModelRecordSchema)),
  })
  .strict()
  .superRefine((data, ctx) => {
    const sourceIds = new Set(data.sources.map((s) => s.id));
    const names = new Map<string, string>();
    data.records.forEach((record, index) => {
      for (const issue of recordIssues(record, sourceIds)) ctx.addIssue({ code: 'custom', path: ['records', index, ...issue.path], message: issue.message });
      for (const name of [record.model, ...record.aliases]) {
        const key = `${record.provider}:${name}`;
        const other = names.get(key);
        if (other !== undefined) ctx.addIssue({ code: 'custom', path: ['records', index, 'id'], message: `${key} also names ${other}` });
        else names.set(key, record.id);
      }
    });
  }));

export type CatalogData = z.infer<typeof CatalogDataSchema>;

export interface RecordIssue {
  path: (string | number)[];
  message: string;
}

/** What is wrong with one record's provenance (given the catalog's source ids). */
export function recordIssues(record: ModelRecord, sourceIds: ReadonlySet<string>): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const seen = new Map<string, number>();
  record.provenance.forEach((group, g) => {
    if (!sourceIds.has(group.source)) issues.push({ path: ['provenance', g, 'source'], message: `unknown source "${group.source}"` });
    group.facts.forEach((fact, f) => {
      if (!isFactPath(fact)) issues.push({ path: ['provenance', g, 'facts', f], message: `unknown fact path "${fact}"` });
      else if (!isKnownFact(record, fact)) issues.push({ path: ['provenance', g, 'facts', f], message: `provenance for "${fact}", which is unknown` });
      seen.set(fact, (seen.get(fact) ?? 0) + 1);
    });
  });
  for (const path of FACT_PATHS) {
    const count = seen.get(path) ?? 0;
    if (count > 1) issues.push({ path: path.split('.'), message: `${count} provenance entries for "${path}"` });
    if (count === 0 && isKnownFact(record, path)) issues.push({ path: path.split('.'), message: `no provenance for "${path}"` });
  }
  return issues;
}
