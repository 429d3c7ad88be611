import { LLMError } from '@llm/errors';
import type { ModelInfo } from '@llm/schema';
import { readCatalogData } from '../data/index.js';
import { CATALOG_FORMAT_VERSION, type CatalogData, type ModelRecord, type Source } from '../record/index.js';
import { genaiPricesSource, type CatalogOverrides } from '../sources/index.js';
import { applyLayers, liveLayer, overrideLayer, type Layer } from './catalog-layers.js';
import { matcher, parseCatalogQuery, type CatalogQuery } from './catalog-query.js';
import { withGenaiPrices } from './genai-layer.js';
import { ModelIndex } from './model-index.js';

export interface CatalogOptions {
  /** The base data; default: the committed catalog, read on the first query. */
  data?: CatalogData | (() => CatalogData);
  /** Merge `@pydantic/genai-prices` prices where they are newer (default true). */
  genaiPrices?: boolean;
  /** The moment prices are evaluated at (genai-prices has dated and time-of-day prices); default: the first query. */
  at?: Date;
  /** A user's overrides (code, or parsed from YAML): they win over every other source. */
  overrides?: CatalogOverrides | readonly CatalogOverrides[];
  /** The clock (when overrides without `asOf` and live listings without `at` were verified). */
  now?: () => Date;
}

/** Every model's facts with their provenance: queries, alias resolution, and what live listings and overrides add. */
export interface Catalog {
  /** Every record, in catalog order (provider, then model id). */
  records(): readonly ModelRecord[];
  /** Where the facts come from, with their dates and versions. */
  sources(): readonly Source[];
  /** A record by `provider:model`, `provider:alias`, or a bare id only one provider has; undefined when none. */
  get(id: string): ModelRecord | undefined;
  /** Like `get`, but an unknown id is a `not_found` error. */
  require(id: string): ModelRecord;
  /** The records a query selects (all when none). A bad query is an `invalid_request` error naming the field. */
  find(query?: CatalogQuery): ModelRecord[];
  /** Several records by id, in the order asked (each must exist). */
  compare(ids: readonly string[]): ModelRecord[];
  /** A provider's record as it stands at `at` (prices that change by date or time of day). */
  recordAt(provider: string, model: string, at: Date): ModelRecord | undefined;
  /** A new catalog where what providers' `listModels()` reported is refreshed (source `live:<provider>`). */
  withLiveModels(models: readonly ModelInfo[], options?: { at?: Date }): Catalog;
  /** A new catalog with more overrides (they win over everything before them). */
  withOverrides(overrides: CatalogOverrides): Catalog;
  /** Sources and records as data (what the exports write). */
  toData(): CatalogData;
}

interface Resolved {
  at: Date;
  /** Base records with the live and override layers applied; genai-prices not yet. */
  plain: ModelRecord[];
  index: ModelIndex;
  sources: Source[];
  kinds: Map<string, Source['kind']>;
  genai: Source | undefined;
  final: Map<string, ModelRecord>;
}

interface State {
  data: () => CatalogData;
  genaiPrices: boolean;
  at: Date | undefined;
  now: () => Date;
  layers: Layer[];
}

/**
 * A catalog over the committed data (or `options.data`). Creating one reads nothing: the data is
 * read and merged on the first query, and genai-prices is loaded then.
 */
export function createCatalog(options: CatalogOptions = {}): Catalog {
  const now = options.now ?? (() => new Date());
  const data = options.data;
  const overrides = options.overrides === undefined ? [] : Array.isArray(options.overrides) ? (options.overrides as readonly CatalogOverrides[]) : [options.overrides as CatalogOverrides];
  return catalogOf({
    data: typeof data === 'function' ? data : data ? () => data : readCatalogData,
    genaiPrices: options.genaiPrices ?? true,
    at: options.at,
    now,
    layers: overrides.map((o) => overrideLayer(o, now())),
  });
}

function resolve(state: State): Resolved {
  const data = state.data();
  if (data.formatVersion !== CATALOG_FORMAT_VERSION) {
    throw new LLMError({ code: 'configuration', message: `catalog data format ${String(data.formatVersion)} is not ${CATALOG_FORMAT_VERSION}`, retryable: false });
  }
  const plain = applyLayers(data.records, state.layers);
  const genai = state.genaiPrices ? genaiPricesSource() : undefined;
  // A source seen twice (two live listings of one provider) is listed once, as last seen; each fact keeps its own date.
  const byId = new Map<string, Source>();
  for (const source of [...data.sources, ...(genai ? [genai] : []), ...state.layers.map((l) => l.source)]) {
    byId.delete(source.id);
    byId.set(source.id, source);
  }
  const sources = [...byId.values()];
  return {
    at: state.at ?? state.now(),
    plain,
    index: new ModelIndex(plain),
    sources,
    kinds: new Map(sources.map((s) => [s.id, s.kind])),
    genai,
    final: new Map(),
  };
}

function catalogOf(state: State): Catalog {
  let resolved: Resolved | undefined;
  let all: ModelRecord[] | undefined;
  const r = (): Resolved => (resolved ??= resolve(state));
  const finalOf = (plain: ModelRecord, at?: Date): ModelRecord => {
    const { genai, kinds, final } = r();
    if (!genai) return plain;
    if (at) return withGenaiPrices(plain, genai, kinds, at);
    let record = final.get(plain.id);
    if (!record) final.set(plain.id, (record = withGenaiPrices(plain, genai, kinds, r().at)));
    return record;
  };
  const records = (): ModelRecord[] => (all ??= r().plain.map((p) => finalOf(p)));
  const get = (id: string): ModelRecord | undefined => {
    const plain = r().index.get(id);
    return plain ? finalOf(plain) : undefined;
  };
  const require = (id: string): ModelRecord => {
    const record = get(id);
    if (record) return record;
    throw new LLMError({ code: 'not_found', message: `model "${id}" is not in the catalog`, retryable: false, details: { id } });
  };
  const extend = (layers: Layer[]): Catalog => catalogOf({ ...state, layers: [...state.layers, ...layers] });
  return {
    records,
    sources: () => r().sources,
    get,
    require,
    find(query = {}) {
      return records().filter(matcher(parseCatalogQuery(query)));
    },
    compare: (ids) => ids.map(require),
    recordAt(provider, model, at) {
      const plain = r().index.find(provider, model);
      return plain ? finalOf(plain, at) : undefined;
    },
    withLiveModels: (models, options = {}) => extend(liveLayer(models, options.at ?? state.now())),
    withOverrides: (overrides) => extend([overrideLayer(overrides, state.now())]),
    toData: () => ({ formatVersion: CATALOG_FORMAT_VERSION, sources: [...r().sources], records: [...records()] }),
  };
}
