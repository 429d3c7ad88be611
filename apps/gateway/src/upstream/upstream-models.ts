import {
  mergeConfig,
  pairWhole,
  routedAsProvidersWould,
  type SendWhole,
  withAttemptMiddleware,
  withBudgetStore,
  withCostTracker,
  withLogger,
  withMetrics,
  withStores,
  type BudgetStore,
  type CacheStore,
  type ChatModel,
  type CircuitBreakerStore,
  type ClientConfigInput,
  type ClientOption,
  type CostTracker,
  type HealthChecker,
  type LLMClient,
  type Logger,
  type Middleware,
  type ProviderFactory,
  type RateLimitStore,
} from '@llm/core';
import type { MetricsRecorder } from '@llm/metrics';
import type { ModelOptions } from '../config/gateway-config-schema.js';
import type { ProviderSettings } from '../config/gateway-config-load.js';
import type { GatewayProviderName } from '../config/gateway-providers.js';

/** What every upstream model's client stack shares. */
export interface UpstreamDeps {
  logger: Logger;
  costTracker: CostTracker;
  budgetStore: BudgetStore;
  rateLimitStore: RateLimitStore;
  circuitBreakerStore: CircuitBreakerStore;
  cacheStore?: CacheStore | undefined;
  metrics?: MetricsRecorder | undefined;
  /** Run once per attempt beside the budget (the per-key budget). */
  attemptMiddleware: readonly Middleware[];
  /** Records every call and attempt (`@llm/analytics`' client option). */
  analytics?: ClientOption | undefined;
  /**
   * The gateway's own node:http pool (`createNodeHttpFetch()`: its fetch, and its whole for calls
   * read whole), used wherever a provider would send with node:http itself: not while a proxy
   * variable or a chosen undici dispatcher asks for fetch's routing (`vendorTransport()`, per
   * request), when Node's fetch sends. Absent: each provider's own default.
   */
  pool?: { fetch: typeof fetch; whole: SendWhole } | undefined;
}

interface Vendor {
  factory: ProviderFactory;
  settings: ProviderSettings;
  /** The vendor's client for its first model: health checks and model lists go through it. */
  client?: LLMClient;
}

/** One upstream model the gateway has built a client stack for. */
export interface UpstreamModel {
  provider: GatewayProviderName;
  model: string;
  chatModel: ChatModel;
}

/**
 * The configured vendors and a client stack (retry, circuit breaker, upstream limits, timeouts,
 * cost, telemetry, and the per-key budget) per upstream model and options: the vendor's SDK client
 * is made once per vendor. The stacks of the configured routes are made at start and kept; those of
 * `provider:model` ids that clients name are made on first use and kept in a least-recently-used
 * set of at most `maxProviderModels` (any client can name any string: an unbounded map would grow
 * with every made-up id). Dropping a stack loses no state: circuits, limits, budgets and the cache
 * live in the shared stores, and a call in flight keeps its stack until it ends.
 */
export class UpstreamModels {
  private readonly vendors = new Map<GatewayProviderName, Vendor>();
  private readonly models = new Map<string, UpstreamModel>();
  /** Insertion order = least recently used first. */
  private readonly providerModels = new Map<string, UpstreamModel>();

  constructor(
    private readonly deps: UpstreamDeps,
    private readonly defaults: ModelOptions | undefined,
    private readonly maxProviderModels = 256,
  ) {
    this.pooled = deps.pool ? routedAsProvidersWould(deps.pool).fetch : undefined;
    this.direct = deps.pool ? pairWhole(deps.pool.fetch, deps.pool.whole) : undefined;
  }

  /** The pool routed as providers route (`transport` unset); paired with its whole (core's `vendorSend`). */
  private readonly pooled: typeof fetch | undefined;
  /** The pool itself (`transport: node-http`), paired with its whole. */
  private readonly direct: typeof fetch | undefined;

  addVendor(name: GatewayProviderName, factory: ProviderFactory, settings: ProviderSettings): void {
    this.vendors.set(name, { factory, settings });
  }

  has(provider: string): provider is GatewayProviderName {
    return this.vendors.has(provider as GatewayProviderName);
  }

  providerNames(): GatewayProviderName[] {
    return [...this.vendors.keys()];
  }

  private options(): ClientOption[] {
    const { deps } = this;
    const options: ClientOption[] = [
      withLogger(deps.logger),
      withCostTracker(deps.costTracker),
      withBudgetStore(deps.budgetStore),
      withStores({ rateLimit: deps.rateLimitStore, circuitBreaker: deps.circuitBreakerStore, ...(deps.cacheStore ? { cache: deps.cacheStore } : {}) }),
      withAttemptMiddleware(...deps.attemptMiddleware),
    ];
    if (deps.metrics) options.push(withMetrics(deps.metrics));
    if (deps.analytics) options.push(deps.analytics);
    return options;
  }

  private configFor(provider: GatewayProviderName, vendor: Vendor, model: string, options: ModelOptions | undefined): Partial<ClientConfigInput> {
    const { apiKey, baseUrl } = vendor.settings;
    const config = mergeConfig(this.defaults ?? {}, vendor.settings.options ?? {}, options ?? {}, { provider, model, apiKey, ...(baseUrl ? { baseUrl } : {}) });
    // `fetch` is every provider factory's own config field (beside the shared client config); a chosen
    // transport is the pool itself (`node-http`) or the provider's own Node's fetch (`fetch`).
    const { transport } = vendor.settings;
    if (transport === 'fetch') return Object.assign(config, { transport });
    const pool = transport === 'node-http' ? this.direct : this.pooled;
    return pool ? Object.assign(config, { fetch: pool }) : transport ? Object.assign(config, { transport }) : config;
  }

  private build(provider: GatewayProviderName, model: string, options: ModelOptions | undefined): UpstreamModel {
    const vendor = this.vendors.get(provider);
    if (!vendor) throw new Error(`provider ${provider} is not configured`);
    const client = vendor.factory.createClient(this.configFor(provider, vendor, model, options), ...this.options());
    vendor.client ??= client;
    return { provider, model, chatModel: client };
  }

  /** The client stack of a configured route's target, `provider:model` with these options (validated by the provider's factory); kept. */
  model(provider: GatewayProviderName, model: string, options?: ModelOptions): UpstreamModel {
    const key = `${provider}\u0000${model}\u0000${options === undefined ? '' : JSON.stringify(options)}`;
    let found = this.models.get(key);
    if (!found) {
      found = this.build(provider, model, options);
      this.models.set(key, found);
    }
    return found;
  }

  /**
   * The client stack of a `provider:model` id a client named: a configured target's stack when
   * there is one with no options of its own, else one from the bounded least-recently-used set.
   */
  providerModel(provider: GatewayProviderName, model: string): UpstreamModel {
    const key = `${provider}\u0000${model}\u0000`;
    const configured = this.models.get(key);
    if (configured) return configured;
    let found = this.providerModels.get(key);
    if (found) this.providerModels.delete(key);
    else {
      found = this.build(provider, model, undefined);
      if (this.providerModels.size >= this.maxProviderModels) this.providerModels.delete(this.providerModels.keys().next().value!);
    }
    this.providerModels.set(key, found);
    return found;
  }

  /** Every upstream model whose stack is held now (for circuit states). */
  built(): UpstreamModel[] {
    return [...this.models.values(), ...this.providerModels.values()];
  }

  /** Each vendor's health check and model list: a cheap authenticated call, never a completion. */
  vendor(provider: GatewayProviderName): HealthChecker & { listModels: LLMClient['listModels'] } {
    const vendor = this.vendors.get(provider);
    if (!vendor) throw new Error(`provider ${provider} is not configured`);
    const client = (vendor.client ??= vendor.factory.createClient(this.configFor(provider, vendor, 'health-check', undefined), ...this.options()));
    return { checkHealth: (o) => client.checkHealth(o), listModels: (o) => client.listModels(o) };
  }
}
