import { describeIssues } from '@llm/schema';
import type { z } from 'zod';
import { CatalogDataSchema, ModelRecordSchema, recordIssues, SourceSchema } from '../record/index.js';

type Path = readonly PropertyKey[];
const field = (path: Path, message: string): string => describeIssues([{ code: 'custom', path: [...path], message } as z.core.$ZodIssue])[0]!;

/**
 * Every way `value` is not valid catalog data, one line each, naming the file, the record (index and
 * id) and the field: `src/data/catalog.json: records[12] (openai:gpt-4o): limits.context: expected number`.
 * Each record is checked on its own, so one bad record does not hide the problems of another.
 * Empty when it is valid.
 */
export function checkCatalogData(value: unknown, file: string): string[] {
  const data = (value ?? {}) as { sources?: unknown; records?: unknown };
  const records = Array.isArray(data.records) ? (data.records as unknown[]) : [];
  const sources = Array.isArray(data.sources) ? (data.sources as unknown[]) : [];
  const sourceIds = new Set(sources.flatMap((s) => (SourceSchema.safeParse(s).success ? [(s as { id: string }).id] : [])));
  const out: string[] = [];
  records.forEach((record, index) => {
    const id = typeof (record as { id?: unknown } | null)?.id === 'string' ? ` (${(record as { id: string }).id})` : '';
    const at = `${file}: records[${index}]${id}`;
    const parsed = ModelRecordSchema.safeParse(record);
    if (!parsed.success) out.push(...parsed.error.issues.map((i) => `${at}: ${field(i.path, i.message)}`));
    else out.push(...recordIssues(parsed.data, sourceIds).map((i) => `${at}: ${field(i.path, i.message)}`));
  });
  if (out.length > 0) return out;
  // The records are each fine: what is left is the whole (format, sources, ids and aliases unique).
  const whole = CatalogDataSchema.safeParse(value);
  return whole.success ? [] : whole.error.issues.map((i) => `${file}: ${field(i.path, i.message)}`);
}
