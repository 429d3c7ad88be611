import { FACT_PATHS, isKnownValue, withFact, type FactPath } from './fact-paths.js';
import type { ModelRecord, Provenance } from './model-record-schema.js';

/** Who says a set of facts, and when it was last verified. */
export interface FactOrigin {
  source: string;
  verifiedAt: string;
  /** Another entry of the same source the facts were taken from (a base model), if any. */
  via?: string | null;
}

/** Facts to set, by path (`id: true`: the source lists the model). Unknown values (null, "unknown", empty lists) are never applied. */
export type Facts = Partial<Record<FactPath, unknown>>;

export interface ApplyFactsOptions {
  /** Set only facts the record does not know yet (a lower-priority source filling gaps). */
  onlyUnknown?: boolean;
}

const order = new Map<string, number>(FACT_PATHS.map((p, i) => [p, i]));
const byPathOrder = (a: string, b: string): number => (order.get(a) ?? 0) - (order.get(b) ?? 0);

/**
 * A copy of `record` with `facts` set and their provenance moved to `origin`: a fact has exactly one
 * provenance entry, the source that set it last. Facts without a value are skipped, so a source that
 * does not know a flag never turns a known flag into "unknown" (nor anything into false).
 */
export function applyFacts(record: ModelRecord, facts: Facts, origin: FactOrigin, options: ApplyFactsOptions = {}): ModelRecord {
  let next = record;
  const applied: FactPath[] = [];
  for (const path of FACT_PATHS) {
    if (!(path in facts)) continue;
    const value = facts[path];
    if (!isKnownValue(value) && !(path.startsWith('modalities.') && Array.isArray(value))) continue;
    if (options.onlyUnknown && knows(record, path)) continue;
    // `id` is the fact that the source lists the model: its value is the record's identity, never replaced.
    if (path !== 'id') next = withFact(next, path, value);
    applied.push(path);
  }
  if (applied.length === 0) return next;
  return { ...next, provenance: moveProvenance(next.provenance, applied, origin) };
}

/** A fact is known when a source gave it (every known value has exactly one provenance entry). */
function knows(record: ModelRecord, path: FactPath): boolean {
  return record.provenance.some((p) => p.facts.includes(path));
}

function moveProvenance(groups: readonly Provenance[], paths: readonly FactPath[], origin: FactOrigin): Provenance[] {
  const moved = new Set<string>(paths);
  const via = origin.via ?? null;
  const kept = groups.map((g) => ({ ...g, facts: g.facts.filter((f) => !moved.has(f)) })).filter((g) => g.facts.length > 0);
  const target = kept.find((g) => g.source === origin.source && g.verifiedAt === origin.verifiedAt && g.via === via);
  if (target) {
    target.facts = [...target.facts, ...paths].sort(byPathOrder);
    return kept;
  }
  return [...kept, { source: origin.source, verifiedAt: origin.verifiedAt, via, facts: [...paths].sort(byPathOrder) }];
}

/** The provenance of one fact of a record, or undefined when no source gave it. */
export function provenanceOf(record: ModelRecord, path: FactPath): Omit<Provenance, 'facts'> | undefined {
  const group = record.provenance.find((g) => g.facts.includes(path));
  return group ? { source: group.source, verifiedAt: group.verifiedAt, via: group.via } : undefined;
}

/** A record that knows nothing yet but its identity: every flag unknown, every value null. */
export function emptyRecord(provider: string, model: string): ModelRecord {
  const unknown = 'unknown' as const;
  return {
    id: `${provider}:${model}`,
    provider,
    model,
    aliases: [],
    displayName: null,
    family: null,
    status: { value: 'active', deprecatedOn: null, retiresOn: null },
    releaseDate: null,
    lastUpdated: null,
    knowledgeCutoff: null,
    openWeights: unknown,
    limits: { context: null, input: null, output: null },
    modalities: { input: null, output: null },
    capabilities: {
      toolCalling: unknown,
      parallelToolCalls: unknown,
      streamedToolArguments: unknown,
      structuredOutput: unknown,
      jsonMode: unknown,
      reasoning: unknown,
      temperature: unknown,
      systemMessages: unknown,
      promptCaching: unknown,
      webSearch: unknown,
    },
    reasoningControls: null,
    prices: { input: null, output: null, cachedInput: null, cacheWrite: null, reasoning: null, inputAudio: null, perRequest: null, webSearch: null, tiers: [] },
    provenance: [],
  };
}
