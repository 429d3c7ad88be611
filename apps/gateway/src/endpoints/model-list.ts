import { CAPABILITIES, type Catalog, type ModelRecord } from '@llm/catalog';
import { apiKeyAllowsModel, type ApiKeyRecord, type Logger } from '@llm/core';
import type { GatewayProviderName } from '../config/gateway-providers.js';
import type { RouteTable } from '../routing/route-table.js';
import type { UpstreamModels } from '../upstream/upstream-models.js';

/** One model the gateway serves. */
export interface ServedModel {
  id: string;
  /** `gateway` for public names, the vendor for `provider:model` ids. */
  ownedBy: string;
  /** Seconds since the epoch, when known. */
  created?: number;
  description?: string;
  /** The catalog's facts of a `provider:model` id (context, prices, capabilities). */
  record?: ModelRecord;
}

export interface ModelListOptions {
  routes: RouteTable;
  upstreams: UpstreamModels;
  exposeProviderModels: boolean;
  logger: Logger;
  /** The model catalog: each configured vendor's active and preview models, with their facts. */
  catalog: Catalog;
  /** How long a vendor's model list is kept. Default 10 minutes. */
  ttlMs?: number;
}

interface VendorList {
  models: ServedModel[];
  until: number;
  pending?: Promise<ServedModel[]>;
}

/** `2025-10-15` (or `2025-10`) → seconds since the epoch. */
function epochSeconds(date: string | null): number | undefined {
  const ms = date === null ? Number.NaN : Date.parse(date);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

function fromCatalog(record: ModelRecord, id = record.id): ServedModel {
  const created = epochSeconds(record.releaseDate);
  return { id, ownedBy: record.provider, record, ...(created !== undefined ? { created } : {}), ...(record.displayName ? { description: record.displayName } : {}) };
}

/**
 * The models this gateway serves: the public names of the config, then (with
 * `exposeProviderModels`) each configured vendor's models as `provider:model`: the catalog's
 * active and preview models of that vendor, with their facts, then any the vendor's own listing
 * has that the catalog does not know (fine-tuned or new models; the listing is cached and costs
 * no tokens). A vendor whose listing fails still has its catalog models listed; the failure is logged.
 */
export class ModelList {
  private readonly vendors = new Map<GatewayProviderName, VendorList>();
  private readonly ttlMs: number;

  constructor(private readonly options: ModelListOptions) {
    this.ttlMs = options.ttlMs ?? 600_000;
  }

  private async vendorModels(name: GatewayProviderName): Promise<ServedModel[]> {
    const { catalog } = this.options;
    const known = catalog.find({ provider: name, status: ['active', 'preview'] }).map((r) => fromCatalog(r));
    const ids = new Set(known.map((m) => m.id));
    // A listed id the catalog knows (maybe under an alias, maybe deprecated) is the catalog's; the rest come as listed.
    const extra = (await this.listedModels(name)).filter((m) => !ids.has(catalog.get(m.id)?.id ?? m.id));
    return [...known, ...extra];
  }

  private async listedModels(name: GatewayProviderName): Promise<ServedModel[]> {
    const now = Date.now();
    const cached = this.vendors.get(name);
    if (cached && cached.until > now) return cached.models;
    if (cached?.pending) return cached.pending;
    const pending = this.options.upstreams
      .vendor(name)
      .listModels()
      .then((list) => list.map((m): ServedModel => ({ id: `${name}:${m.id}`, ownedBy: m.ownedBy ?? name, ...(m.created !== undefined ? { created: m.created } : {}) })))
      .catch((err: unknown) => {
        this.options.logger.warn('could not list a vendor’s models', { provider: name, error: err });
        return cached?.models ?? [];
      });
    this.vendors.set(name, { models: cached?.models ?? [], until: cached?.until ?? 0, pending });
    const models = await pending;
    this.vendors.set(name, { models, until: Date.now() + this.ttlMs });
    return models;
  }

  /** Every model the key may use. */
  async list(key: ApiKeyRecord | undefined): Promise<ServedModel[]> {
    const out: ServedModel[] = this.options.routes.publicRoutes().map((r) => ({ id: r.name, ownedBy: 'gateway', ...(r.description !== undefined ? { description: r.description } : {}) }));
    if (this.options.exposeProviderModels) {
      const lists = await Promise.all(this.options.upstreams.providerNames().map((name) => this.vendorModels(name)));
      for (const list of lists) out.push(...list);
    }
    return key ? out.filter((m) => apiKeyAllowsModel(key, m.id)) : out;
  }

  /** One model by id, if the gateway serves it to this key. */
  async get(id: string, key: ApiKeyRecord | undefined): Promise<ServedModel | undefined> {
    if (key && !apiKeyAllowsModel(key, id)) return undefined;
    const route = this.options.routes.publicRoutes().find((r) => r.name === id);
    if (route) return { id, ownedBy: 'gateway', ...(route.description !== undefined ? { description: route.description } : {}) };
    if (!this.options.routes.resolve(id)) return undefined;
    const listed = (await this.list(key)).find((m) => m.id === id);
    if (listed) return listed;
    const record = this.options.catalog.get(id);
    return record ? fromCatalog(record, id) : { id, ownedBy: id.slice(0, id.indexOf(':')) };
  }
}

/** The list in OpenAI's format (`GET /v1/models`), or Anthropic's when the client sent `anthropic-version`. */
export function modelListBody(models: ServedModel[], anthropic: boolean): unknown {
  if (anthropic) {
    const data = models.map((m) => anthropicModel(m));
    return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null };
  }
  return { object: 'list', data: models.map((m) => openAIModel(m)) };
}

/** The catalog's facts beside a wire format's own fields (clients ignore fields they do not know). */
function catalogFields(record: ModelRecord | undefined): Record<string, unknown> {
  if (!record) return {};
  const { limits, prices } = record;
  return {
    context_window: limits.context,
    max_output_tokens: limits.output,
    pricing: { unit: 'USD per 1M tokens', input: prices.input, output: prices.output, cached_input: prices.cachedInput },
    capabilities: CAPABILITIES.filter((c) => record.capabilities[c] === true),
    status: record.status.value,
  };
}

export function openAIModel(m: ServedModel): Record<string, unknown> {
  return { id: m.id, object: 'model', created: m.created ?? 0, owned_by: m.ownedBy, ...catalogFields(m.record) };
}

export function anthropicModel(m: ServedModel): Record<string, unknown> {
  return { type: 'model', id: m.id, display_name: m.description ?? m.id, created_at: new Date((m.created ?? 0) * 1000).toISOString(), ...catalogFields(m.record) };
}
