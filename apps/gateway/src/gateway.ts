import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CostTracker,
  createNodeHttpFetch,
  createJsonLogger,
  hashApiKey,
  InMemoryApiKeyStore,
  InMemoryBudgetStore,
  InMemoryCircuitBreakerStore,
  InMemoryRateLimitStore,
  type ApiKeyStore,
  type BudgetStore,
  type CacheStore,
  type CircuitBreakerStore,
  type Logger,
  type RateLimitStore,
} from '@llm/core';
import { catalogPriceTable, defaultCatalog, type Catalog } from '@llm/catalog';
import type { ResolvedGatewayConfig } from './config/gateway-config-load.js';
import { KeyAuthenticator } from './auth/key-auth.js';
import { LayeredApiKeyStore } from './auth/layered-key-store.js';
import { CatalogEndpoints } from './endpoints/catalog-endpoints.js';
import { ModelList } from './endpoints/model-list.js';
import { gatewayOpenApi } from './endpoints/openapi-document.js';
import { ProviderHealth } from './endpoints/provider-health.js';
import { gatewayPriceTable } from './gateway-prices.js';
import { gatewayRequestHandler } from './http/gateway-server.js';
import { KeyBudgets, type KeySpend } from './limits/key-budgets.js';
import { KeyRateLimiter } from './limits/key-rate-limiter.js';
import type { ExperimentRecords, ExperimentRegistry, ObservedSource } from './routing/recommend-routes.js';
import type { RouteFactory } from './routing/route-factory.js';
import { RouteTable } from './routing/route-table.js';
import { PrometheusMetrics, type KeySpendSample } from './telemetry/prometheus-metrics.js';
import { loadProviderFactory } from './upstream/provider-factories.js';
import { openRecordStores } from './stores/record-stores.js';
import { UpstreamModels } from './upstream/upstream-models.js';
import { GATEWAY_VERSION } from './version.js';

export interface GatewayOptions {
  config: ResolvedGatewayConfig;
  /**
   * Route factories by kind, in place of the built-in `recommend` and `experiment` ones (e.g. a
   * recommender fed with observed latencies from your analytics).
   */
  routeFactories?: Readonly<Record<string, RouteFactory>>;
  /**
   * Where keys issued through the admin API live: this store, else PostgreSQL when the config has
   * `stores.postgres` (shared by replicas, kept across restarts), else this process's memory.
   */
  keyStore?: ApiKeyStore;
  logger?: Logger;
}

/** A running gateway. */
export interface Gateway {
  readonly server: Server;
  /** `http://host:port` it listens on. */
  readonly url: string;
  readonly config: ResolvedGatewayConfig;
  /** Stops taking new calls, lets calls in flight finish (up to `server.shutdownGrace`), then closes stores. */
  close(): Promise<void>;
}

interface Stores {
  rateLimit: RateLimitStore;
  budget: BudgetStore;
  circuitBreaker: CircuitBreakerStore;
  cache?: CacheStore;
  notReady(): string | undefined;
  close(): Promise<void>;
}

/**
 * Limits, budgets, circuit state and cache: in memory, or in Redis with `stores.redis`. Budgets go to
 * `budgetStore` when given (PostgreSQL with `stores.postgres`: spend is a record to keep, and Redis
 * often runs without persistence).
 */
async function openStores(config: ResolvedGatewayConfig, logger: Logger, budgetStore: BudgetStore | undefined): Promise<Stores> {
  const redis = config.stores.redis;
  if (!redis) {
    return {
      rateLimit: new InMemoryRateLimitStore(),
      budget: budgetStore ?? new InMemoryBudgetStore(),
      circuitBreaker: new InMemoryCircuitBreakerStore(),
      notReady: () => undefined,
      close: async () => undefined,
    };
  }
  const { createRedisStores } = await import('@llm/redis');
  const stores = createRedisStores({
    url: redis.url,
    keyPrefix: redis.keyPrefix,
    onConnectionError: redis.onConnectionError,
    onFallback: (error) => logger.warn('Redis is unreachable: carrying on with this process’s own limits and budgets', { error }),
  });
  return {
    rateLimit: stores.rateLimit,
    budget: budgetStore ?? stores.budget,
    circuitBreaker: stores.circuitBreaker,
    cache: stores.cache,
    notReady: () => (stores.client.status === 'ready' || redis.onConnectionError === 'fallback-local' ? undefined : `Redis is ${stores.client.status}`),
    close: () => stores.close(),
  };
}

/**
 * The `recommend` and `experiment` route factories (`@llm/recommend`), loaded only when a route
 * uses one: a gateway without such routes does not load the recommender.
 */
async function builtInRouteFactories(
  config: ResolvedGatewayConfig,
  catalog: Catalog,
  experiments: ExperimentRegistry,
  observed: ObservedSource | undefined,
  experimentRecords: ExperimentRecords,
): Promise<Record<string, RouteFactory>> {
  const routes = Object.values(config.models ?? {});
  if (!routes.some((r) => r.recommend !== undefined || r.experiment !== undefined)) return {};
  const { experimentRouteFactory, recommendRouteFactory } = await import('./routing/recommend-routes.js');
  return { recommend: recommendRouteFactory(catalog, observed), experiment: experimentRouteFactory(experiments, experimentRecords) };
}

/** Builds the gateway from a checked configuration and starts listening. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options;
  const secrets = [
    ...Object.values(config.upstreams).map((u) => u!.apiKey),
    ...(config.admin ? [config.admin.masterKey] : []),
    ...(config.stores.postgres ? [config.stores.postgres.url] : []),
  ];
  const logger = options.logger ?? createJsonLogger({ level: config.server.logLevel, base: { component: 'llm-gateway' }, secrets });
  const records = await openRecordStores(config, options.keyStore);
  const stores = await openStores(config, logger, records.budget).catch(async (err: unknown) => {
    await records.close();
    throw err;
  });
  const costTracker = new CostTracker();
  const keyStore = new LayeredApiKeyStore(new InMemoryApiKeyStore(config.keyRecords), records.keys);
  const keyBudgets = new KeyBudgets({ store: stores.budget, prices: gatewayPriceTable(config, catalogPriceTable()), logger });

  const keySpend = async (): Promise<KeySpendSample[]> => {
    const samples: KeySpendSample[] = [];
    for (const record of await keyStore.list()) {
      const spend: KeySpend | undefined = await keyBudgets.spend(record);
      if (spend) samples.push({ key: record.id, period: spend.period, spentUsd: spend.spentUsd, limitUsd: spend.limitUsd, remainingUsd: spend.remainingUsd });
    }
    return samples;
  };
  const metrics = config.telemetry.metrics ? new PrometheusMetrics(keySpend) : undefined;

  // The upstream stacks log calls at their own level (warn by default, `defaults.logging.level` to change): the access log already has one line per request.
  const upstreamLogger = options.logger ?? createJsonLogger({ level: config.defaults?.logging?.level ?? 'warn', base: { component: 'llm-gateway' }, secrets });
  // The vendor SDKs reach the upstreams through node:http (@llm/core's createNodeHttpFetch: less CPU per call, and the request body leaves with its headers).
  const upstreamHttp = createNodeHttpFetch();
  const upstreams = new UpstreamModels(
    {
      logger: upstreamLogger,
      pool: upstreamHttp,
      costTracker,
      budgetStore: stores.budget,
      rateLimitStore: stores.rateLimit,
      circuitBreakerStore: stores.circuitBreaker,
      cacheStore: stores.cache,
      metrics: metrics?.recorder,
      attemptMiddleware: [keyBudgets.middleware()],
      ...(records.analytics ? { analytics: records.analytics.clientOption() } : {}),
    },
    config.defaults,
    config.server.maxProviderModels,
  );
  for (const [name, settings] of Object.entries(config.upstreams)) {
    const provider = name as keyof ResolvedGatewayConfig['upstreams'];
    upstreams.addVendor(provider, await loadProviderFactory(provider), settings!);
  }
  const catalog = defaultCatalog();
  const catalogEndpoints = new CatalogEndpoints(catalog);
  const routes = new RouteTable(upstreams, config.exposeProviderModels);
  const experiments: ExperimentRegistry = new Map();
  const observed = records.analytics ? { analytics: records.analytics, logger } : undefined;
  routes.build(config.models, { ...(await builtInRouteFactories(config, catalog, experiments, observed, { store: records.experiments, logger })), ...options.routeFactories });

  // Keys only this process changes are looked up once (sha256, a copy of the record and two awaits per request otherwise); a revocation here forgets them.
  const auth = new KeyAuthenticator(keyStore, { required: config.authRequired, cacheTtlMs: records.sharedKeys ? 5_000 : Infinity });
  const keyLimits = new KeyRateLimiter(stores.rateLimit);
  let closing = false;
  const handler = gatewayRequestHandler({
    chat: {
      auth,
      routes,
      keyLimits,
      keyBudgets,
      maxBodyBytes: config.server.maxBodySize,
      logger,
      ...(metrics ? { onCallEnd: (endpoint: string, status: number) => metrics.requestEnded(endpoint, status) } : {}),
    },
    admin: {
      masterKeyHash: config.admin ? hashApiKey(config.admin.masterKey) : undefined,
      keys: keyStore,
      auth,
      keyBudgets,
      costTracker,
      maxBodyBytes: config.server.maxBodySize,
      experiments,
      analytics: records.analytics,
    },
    models: new ModelList({ routes, upstreams, exposeProviderModels: config.exposeProviderModels, logger, catalog }),
    health: new ProviderHealth({ upstreams, circuitBreakerStore: stores.circuitBreaker, cacheTtlMs: config.health.cacheTtl, timeoutMs: config.health.timeout }),
    metrics,
    logger,
    notReady: async () => {
      if (closing) return 'shutting down';
      const reasons = [await records.notReady(), stores.notReady()].filter((r) => r !== undefined);
      return reasons.length > 0 ? reasons.join('; ') : undefined;
    },
    openApi: () => gatewayOpenApi(GATEWAY_VERSION, catalogEndpoints.openapi),
    catalog: catalogEndpoints,
  });

  // Streams may run for minutes: no request timeout; idle keep-alive sockets close after 65 s (longer than common load balancers' 60 s).
  const server = createServer({ noDelay: true, requestTimeout: 0, keepAliveTimeout: 65_000 }, handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = new Promise<void>((resolve) => setTimeout(resolve, config.server.shutdownGrace).unref());
    await Promise.race([stopped, grace]);
    server.closeAllConnections();
    keyLimits.close();
    await metrics?.shutdown();
    await stores.close();
    await records.close();
    upstreamHttp.close();
  };
  return { server, url, config, close };
}
