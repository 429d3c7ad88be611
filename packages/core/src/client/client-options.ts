import { LLMError } from '@llm/errors';
import { describeIssues } from '@llm/schema';
import { configFromEnv, configFromYaml, configFromYamlFile, mergeConfig, ClientConfigSchema, type ClientConfig, type ClientConfigInput } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import type { Middleware } from '../middleware/index.js';
import type { DefaultStackDeps } from './stack-deps.js';
import type { ChatModel } from '../model/index.js';

/** What the default stack can be given beside the config: shared stores, a breaker, fallbacks, telemetry sinks. */
export type StackDeps = Partial<Omit<DefaultStackDeps, 'logger' | 'usage'>>;

/** What functional options build up before the config is validated. */
export interface ClientSetup {
  /** Partial config; later options win. */
  config: Partial<ClientConfigInput>;
  logger?: Logger;
  /** Extra middlewares, outermost first, placed outside the default stack. */
  middleware: Middleware[];
  /** Parts handed to the default stack. */
  deps?: StackDeps;
}

/** A functional option: `createOpenAI({ model }, withTimeout('30s'), fromEnv())`. */
export type ClientOption = (setup: ClientSetup) => void;

const set = (patch: Partial<ClientConfigInput>): ClientOption => (setup) => {
  setup.config = mergeConfig(setup.config, patch);
};

export const withModel = (model: string): ClientOption => set({ model });
export const withApiKey = (apiKey: string): ClientOption => set({ apiKey });
export const withBaseUrl = (baseUrl: string): ClientOption => set({ baseUrl });
export const withTimeout = (timeout: string | number): ClientOption => set({ timeout });
export const withMaxRetries = (maxRetries: number): ClientOption => set({ retry: { maxRetries } });
export const withHeaders = (headers: Record<string, string>): ClientOption => set({ headers });
export const withLogLevel = (level: NonNullable<ClientConfigInput['logging']>['level']): ClientOption => set({ logging: { level } });
export const withConfig = (config: Partial<ClientConfigInput>): ClientOption => set(config);
/** Merges the `LLM_*` environment variables (process.env unless given). */
export const fromEnv = (env?: Readonly<Record<string, string | undefined>>): ClientOption => set(configFromEnv(env));
/** Merges a YAML file of the config's shape. */
export const fromYamlFile = (path: string): ClientOption => set(configFromYamlFile(path));
/** Merges YAML text of the config's shape. */
export const fromYaml = (text: string): ClientOption => set(configFromYaml(text));
export const withLogger = (logger: Logger): ClientOption => (setup) => {
  setup.logger = logger;
};
export const withMiddleware = (...middleware: Middleware[]): ClientOption => (setup) => {
  setup.middleware.push(...middleware);
};

export interface ResolvedSetup {
  config: ClientConfig;
  logger?: Logger;
  middleware: Middleware[];
  deps?: StackDeps;
}

const addDeps = (deps: StackDeps): ClientOption => (setup) => {
  setup.deps = { ...setup.deps, ...deps };
};
/** Models tried in turn when this client's model fails with a fallback-worthy error. */
export const withFallback = (...models: ChatModel[]): ClientOption => addDeps({ fallbacks: models });
/** Shared state for many processes, e.g. `withStores(createRedisStores({ url }))`; any subset. */
export const withStores = (stores: { rateLimit?: DefaultStackDeps['rateLimitStore']; cache?: DefaultStackDeps['cacheStore']; circuitBreaker?: DefaultStackDeps['circuitBreakerStore'] }): ClientOption =>
  addDeps({
    ...(stores.rateLimit ? { rateLimitStore: stores.rateLimit } : {}),
    ...(stores.cache ? { cacheStore: stores.cache } : {}),
    ...(stores.circuitBreaker ? { circuitBreakerStore: stores.circuitBreaker } : {}),
  });
/** Middlewares run once per attempt, beside the budget (inside retry and fallback); see `DefaultStackDeps.attemptMiddleware`. */
export const withAttemptMiddleware = (...middleware: Middleware[]): ClientOption => (setup) => {
  setup.deps = { ...setup.deps, attemptMiddleware: [...(setup.deps?.attemptMiddleware ?? []), ...middleware] };
};
/** A circuit breaker to use (to read its state, or share it between clients). */
export const withCircuitBreaker = (breaker: NonNullable<DefaultStackDeps['circuitBreaker']>): ClientOption => addDeps({ circuitBreaker: breaker });
/** Where metrics go instead of OpenTelemetry's global meter provider. */
export const withMetrics = (recorder: NonNullable<DefaultStackDeps['metrics']>): ClientOption => addDeps({ metrics: recorder });
/** The tracer to use instead of the global provider's. */
export const withTracer = (tracer: NonNullable<DefaultStackDeps['tracer']>): ClientOption => addDeps({ tracer });

/**
 * Applies the options over the base config and validates the result once:
 * an invalid config throws one `configuration` LLMError naming every bad field.
 */
export function resolveSetup(
  base: Partial<ClientConfigInput>,
  options: readonly ClientOption[] = [],
  /** A vendor's own settings problems (`field: message`), reported in the same one error. */
  vendorIssues: readonly string[] = [],
): ResolvedSetup {
  const setup: ClientSetup = { config: mergeConfig(base), middleware: [] };
  for (const option of options) {
    if (typeof option !== 'function') {
      throw new LLMError({ code: 'configuration', message: `client options must be functions such as withTimeout('30s'); got ${typeof option}` });
    }
    option(setup);
  }
  const parsed = ClientConfigSchema.safeParse(setup.config);
  const fields = [...(parsed.success ? [] : describeIssues(parsed.error.issues)), ...vendorIssues];
  if (!parsed.success || fields.length > 0) {
    throw new LLMError({ code: 'configuration', provider: base.provider, message: `invalid configuration: ${fields.join('; ')}`, retryable: false, details: { fields } });
  }
  const config = parsed.data;
  const resolved: ResolvedSetup = { config, middleware: setup.middleware };
  if (setup.logger) resolved.logger = setup.logger;
  if (setup.deps) resolved.deps = setup.deps;
  return resolved;
}

/** How a provider reaches its vendor: what every provider's settings start from. */
export interface ConnectionSettings {
  /** The vendor key; each provider falls back to its own variable (`OPENAI_API_KEY`, ...). */
  apiKey?: string | undefined;
  /** The vendor's base URL; each provider has its default. */
  baseUrl?: string | undefined;
  /** Extra headers on every request. */
  headers?: Record<string, string> | undefined;
  /** Per-request HTTP timeout handed to the vendor SDK. */
  timeoutMs?: number | undefined;
}

/**
 * The connection fields of a resolved config, as every provider's settings take them. With
 * `keepAlive: false` every request asks for its own connection (`connection: close`, which
 * Node's fetch honours); by default connections are reused.
 */
export function connectionSettings(config: ClientConfig): ConnectionSettings {
  const headers = config.keepAlive === false ? { ...config.headers, connection: 'close' } : config.headers;
  return { apiKey: config.apiKey, baseUrl: config.baseUrl, headers, timeoutMs: config.timeout };
}
