import { builtSchema, lazySchema, parseOrThrow } from '@llm/schema';
import { z } from 'zod';
import { CAPABILITIES, MODEL_STATUSES, ModalitySchema, type Flag, type ModelRecord } from '../record/index.js';

const oneOrMany = <T extends z.ZodType>(schema: T) => z.union([schema, z.array(schema)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

/** A filter over the catalog; every condition given must hold. Unknown facts fail a condition unless `includeUnknown`. */
export const CatalogQuerySchema = lazySchema(() => z
  .object({
    provider: oneOrMany(z.string().min(1)).optional(),
    status: oneOrMany(z.enum(MODEL_STATUSES)).optional(),
    /** Capabilities that must be true. */
    capabilities: oneOrMany(z.enum(CAPABILITIES)).optional(),
    inputModalities: oneOrMany(builtSchema(ModalitySchema)).optional(),
    outputModalities: oneOrMany(builtSchema(ModalitySchema)).optional(),
    minContext: z.number().int().nonnegative().optional(),
    minOutput: z.number().int().nonnegative().optional(),
    /** USD per million input / output tokens. */
    maxInputPrice: z.number().nonnegative().optional(),
    maxOutputPrice: z.number().nonnegative().optional(),
    /** Case-insensitive words, each found in the id, an alias, the name or the family. */
    text: z.string().optional(),
    /** Let a model through when a fact the filter asks about is unknown (default false). */
    includeUnknown: z.boolean().optional(),
  })
  .strict());

export type CatalogQuery = z.input<typeof CatalogQuerySchema>;
type ParsedQuery = z.output<typeof CatalogQuerySchema>;

const flagHolds = (flag: Flag, unknownOk: boolean): boolean => flag === true || (flag === 'unknown' && unknownOk);

function atLeast(value: number | null, min: number | undefined, unknownOk: boolean): boolean {
  if (min === undefined) return true;
  return value === null ? unknownOk : value >= min;
}

function atMost(value: number | null, max: number | undefined, unknownOk: boolean): boolean {
  if (max === undefined) return true;
  return value === null ? unknownOk : value <= max;
}

function includesAll(list: readonly string[] | null, wanted: readonly string[] | undefined, unknownOk: boolean): boolean {
  if (!wanted || wanted.length === 0) return true;
  return list === null ? unknownOk : wanted.every((m) => list.includes(m));
}

function matchesText(record: ModelRecord, text: string | undefined): boolean {
  if (!text?.trim()) return true;
  const haystack = [record.id, ...record.aliases, record.displayName ?? '', record.family ?? ''].join(' ').toLowerCase();
  return text.toLowerCase().split(/\s+/).filter(Boolean).every((word) => haystack.includes(word));
}

/** A predicate for a validated query. */
export function matcher(query: ParsedQuery): (record: ModelRecord) => boolean {
  const unknownOk = query.includeUnknown ?? false;
  return (r) =>
    (!query.provider || query.provider.includes(r.provider)) &&
    (!query.status || query.status.includes(r.status.value)) &&
    (query.capabilities ?? []).every((c) => flagHolds(r.capabilities[c], unknownOk)) &&
    includesAll(r.modalities.input, query.inputModalities, unknownOk) &&
    includesAll(r.modalities.output, query.outputModalities, unknownOk) &&
    atLeast(r.limits.context, query.minContext, unknownOk) &&
    atLeast(r.limits.output, query.minOutput, unknownOk) &&
    atMost(r.prices.input, query.maxInputPrice, unknownOk) &&
    atMost(r.prices.output, query.maxOutputPrice, unknownOk) &&
    matchesText(r, query.text);
}

/** Validates a query (from code, a URL or the command line): one `invalid_request` error naming every bad field. */
export function parseCatalogQuery(query: unknown): ParsedQuery {
  return parseOrThrow(CatalogQuerySchema, query, 'catalog query');
}
