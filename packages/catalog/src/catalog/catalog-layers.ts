import type { ModelInfo } from '@llm/schema';
import { applyFacts, emptyRecord, type FactOrigin, type Facts, type ModelRecord, type Source } from '../record/index.js';
import { liveModelFacts, liveSource, overrideFacts, overrideSource, parseCatalogOverrides, withVision, type CatalogOverrides } from '../sources/index.js';

/** Facts one source gives about one model, computed against the record as it stands (e.g. vision → input modalities). */
export interface LayerEntry {
  provider: string;
  model: string;
  facts: (record: ModelRecord, known: boolean) => Facts;
}

/** What one live listing or one set of overrides adds to the catalog. */
export interface Layer {
  source: Source;
  origin: FactOrigin;
  entries: LayerEntry[];
}

/** A provider's `listModels()` result, seen at `at`, as a layer. */
export function liveLayer(models: readonly ModelInfo[], at: Date): Layer[] {
  const byProvider = new Map<string, ModelInfo[]>();
  for (const info of models) byProvider.set(info.provider, [...(byProvider.get(info.provider) ?? []), info]);
  return [...byProvider].map(([provider, infos]) => {
    const source = liveSource(provider, at);
    return {
      source,
      origin: { source: source.id, verifiedAt: source.asOf },
      entries: infos.map((info) => ({
        provider,
        model: info.id,
        facts: (record, known) => ({ ...liveModelFacts(info, known), 'modalities.input': withVision(record.modalities.input, info.capabilities?.vision) }),
      })),
    };
  });
}

/** A user's overrides as a layer (validated: a bad field is a `configuration` error naming it). */
export function overrideLayer(overrides: CatalogOverrides, now: Date): Layer {
  const parsed = parseCatalogOverrides(overrides);
  const source = overrideSource(parsed.name ? `override:${parsed.name}` : 'override', parsed.asOf ?? now.toISOString());
  return {
    source,
    origin: { source: source.id, verifiedAt: source.asOf },
    entries: parsed.models.map((override) => {
      const colon = override.id.indexOf(':');
      const facts = (record: ModelRecord, known: boolean): Facts => {
        const out = overrideFacts(override, known);
        // Aliases given add to the ones the catalog knows.
        if (override.aliases) out.aliases = [...new Set([...record.aliases, ...override.aliases])];
        return out;
      };
      return { provider: override.id.slice(0, colon), model: override.id.slice(colon + 1), facts };
    }),
  };
}

/**
 * Base records with the layers applied: live listings in the order seen, then the user's overrides
 * in the order given, so an override wins over any listing. An entry updates the record its provider
 * and id (or alias) name, or adds a new record. Returns every record, base order first.
 */
export function applyLayers(base: readonly ModelRecord[], given: readonly Layer[]): ModelRecord[] {
  if (given.length === 0) return [...base];
  const layers = [...given.filter((l) => l.source.kind !== 'override'), ...given.filter((l) => l.source.kind === 'override')];
  const records = new Map<string, ModelRecord>(base.map((r) => [r.id, r]));
  const names = new Map<string, string>();
  const remember = (r: ModelRecord): void => {
    for (const name of [r.model, ...r.aliases]) names.set(`${r.provider}:${name}`, r.id);
  };
  base.forEach(remember);
  for (const layer of layers) {
    for (const entry of layer.entries) {
      const id = names.get(`${entry.provider}:${entry.model}`);
      const current = id ? records.get(id)! : emptyRecord(entry.provider, entry.model);
      const next = applyFacts(current, entry.facts(current, id !== undefined), layer.origin);
      records.set(next.id, next);
      remember(next);
    }
  }
  return [...records.values()];
}
