import { LLMError } from '@llm/errors';
import { describeIssues } from '@llm/schema';
import {
  applyFacts,
  CATALOG_FORMAT_VERSION,
  CatalogDataSchema,
  emptyRecord,
  ModelRecordSchema,
  recordIssues,
  type CatalogData,
  type FactOrigin,
  type FactPath,
  type Facts,
  type ModelRecord,
  type Source,
} from '../../src/record/index.js';
import { foldLatestAliases } from './latest-aliases.js';
import { modelsDevFacts, statusFromId } from './models-dev-facts.js';
import type { OpenRouterModel } from './models-dev-schema.js';
import { baseModelFacts, openRouterFacts } from './openrouter-facts.js';
import { SNAPSHOT_PROVIDERS, type Snapshot } from './snapshot-schema.js';

export const MODELS_DEV = 'models.dev';
export const OPENROUTER_API = 'openrouter-api';

/** For OpenRouter's own models, its listing is the authority on how it serves them; models.dev fills the rest. */
const OPENROUTER_WINS = (path: FactPath): boolean =>
  path.startsWith('limits.') || path.startsWith('modalities.') || path.startsWith('prices.') || path.startsWith('status.') || path.startsWith('capabilities.');

function split(facts: Facts, wins: (path: FactPath) => boolean): [Facts, Facts] {
  const first: Facts = {};
  const rest: Facts = {};
  for (const [path, value] of Object.entries(facts) as [FactPath, unknown][]) (wins(path) ? first : rest)[path] = value;
  return [first, rest];
}

interface Built {
  record: ModelRecord;
  /** The snapshot files the record was made from (named when it does not validate). */
  files: string[];
}

function sources(snapshot: Snapshot): Source[] {
  return [
    { id: MODELS_DEV, kind: 'models.dev', title: 'models.dev open catalog (snapshot of the five vendors)', version: snapshot.commit, asOf: snapshot.date, url: 'https://models.dev', licence: 'MIT' },
    {
      id: OPENROUTER_API,
      kind: 'openrouter-api',
      title: "OpenRouter's public model listing, as models.dev kept it",
      version: null,
      asOf: snapshot.date,
      url: 'https://openrouter.ai/api/v1/models',
      licence: 'MIT (models.dev snapshot)',
    },
  ];
}

const PROVIDER_ORDER: readonly string[] = Object.values(SNAPSHOT_PROVIDERS);

/**
 * The catalog from a model-facts snapshot: one record per models.dev file of the five vendors (a
 * "(latest)" alias folded into its dated model) and per OpenRouter listing entry, each fact with its
 * source. Deterministic: the same snapshot gives the same output, byte for byte.
 */
export function convertSnapshot(snapshot: Snapshot): CatalogData {
  const modelsDev: FactOrigin = { source: MODELS_DEV, verifiedAt: snapshot.date };
  const openRouter: FactOrigin = { source: OPENROUTER_API, verifiedAt: snapshot.date };
  const listing = new Map<string, OpenRouterModel>(snapshot.openRouter.map((m) => [m.id, m]));
  const { kept, aliases } = foldLatestAliases(snapshot.models);
  const built: Built[] = [];
  const listed = new Set<string>();

  for (const file of kept) {
    let record = applyFacts(emptyRecord(file.provider, file.model), { ...modelsDevFacts(file.model, file.data), aliases: aliases.get(file) }, modelsDev);
    const files = [file.file];
    if (file.provider === 'openrouter' && listing.has(file.model)) {
      const facts = openRouterFacts(listing.get(file.model)!);
      const [wins, fills] = split(facts, OPENROUTER_WINS);
      record = applyFacts(record, { ...wins, id: true, aliases: mergeAliases(record.aliases, facts.aliases) }, openRouter);
      record = applyFacts(record, fills, openRouter, { onlyUnknown: true });
      listed.add(file.model);
      files.push(`${snapshot.openRouterFile} (${file.model})`);
    } else if (file.data.base_model && listing.has(file.data.base_model)) {
      record = applyFacts(record, baseModelFacts(listing.get(file.data.base_model)!), { ...openRouter, via: file.data.base_model }, { onlyUnknown: true });
      files.push(`${snapshot.openRouterFile} (${file.data.base_model})`);
    }
    built.push({ record, files });
  }

  for (const entry of snapshot.openRouter) {
    if (listed.has(entry.id)) continue;
    const facts = openRouterFacts(entry);
    const record = applyFacts(emptyRecord('openrouter', entry.id), { ...facts, 'status.value': facts['status.value'] ?? statusFromId(entry.id) }, openRouter);
    built.push({ record, files: [`${snapshot.openRouterFile} (${entry.id})`] });
  }

  const records = dropClashingAliases(built).map(validated);
  records.sort((a, b) => PROVIDER_ORDER.indexOf(a.provider) - PROVIDER_ORDER.indexOf(b.provider) || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  const data = { formatVersion: CATALOG_FORMAT_VERSION, sources: sources(snapshot), records } as const;
  const result = CatalogDataSchema.safeParse(data);
  if (!result.success) throw invalid('the converted catalog', describeIssues(result.error.issues));
  return result.data;
}

function mergeAliases(current: readonly string[], more: unknown): string[] | undefined {
  const all = [...new Set([...current, ...(Array.isArray(more) ? (more as string[]) : [])])];
  return all.length > 0 ? all : undefined;
}

/** An alias that is another model's id (or another model's alias) names nothing for sure: it is dropped. */
function dropClashingAliases(built: Built[]): Built[] {
  const count = new Map<string, number>();
  const key = (provider: string, name: string): string => `${provider}:${name}`;
  for (const { record } of built) for (const name of [record.model, ...record.aliases]) count.set(key(record.provider, name), (count.get(key(record.provider, name)) ?? 0) + 1);
  return built.map(({ record, files }) => {
    const aliases = record.aliases.filter((a) => count.get(key(record.provider, a)) === 1);
    if (aliases.length === record.aliases.length) return { record, files };
    const provenance = aliases.length > 0 ? record.provenance : record.provenance.map((g) => ({ ...g, facts: g.facts.filter((f) => f !== 'aliases') })).filter((g) => g.facts.length > 0);
    return { record: { ...record, aliases, provenance }, files };
  });
}

function invalid(what: string, fields: string[]): LLMError {
  return new LLMError({ code: 'invalid_request', message: `${what}: ${fields.join('; ')}`, retryable: false, details: { fields } });
}

/** A record that does not fit the schema fails, naming the files it came from and the fields. */
function validated({ record, files }: Built): ModelRecord {
  const result = ModelRecordSchema.safeParse(record);
  const fields = result.success ? [] : describeIssues(result.error.issues);
  const sourceIds = new Set([MODELS_DEV, OPENROUTER_API]);
  fields.push(...recordIssues(record, sourceIds).map((i) => `${i.path.join('.')}: ${i.message}`));
  if (fields.length > 0) throw invalid(`${files.join(', ')} (${record.id})`, fields);
  return result.data!;
}
