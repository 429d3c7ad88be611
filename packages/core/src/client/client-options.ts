import { LLMError, isLLMError, safeString, secretHeaderValues, urlSecrets } from '@llm/errors';
import { describeIssues } from '@llm/schema';
import { configFromEnv, configFromYaml, configFromYamlFile, forbiddenKeyFields, mergeConfig, ClientConfigSchema, type ClientConfig, type ClientConfigInput } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import type { Middleware } from '../middleware/index.js';
import type { VendorTransport } from '../http/index.js';
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
/** Merges a partial config (an object of config fields; anything else is a `configuration` error). */
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
  const expected = typeof base.provider === 'string' ? base.provider : undefined;
  // Every secret any layer gave, masked in the error: a later layer's bad key (`apiKey: false`)
  // must not unmask the key an earlier layer set, which a bad field may echo.
  const secrets = new Set(configSecrets(setup.config));
  for (const [index, option] of options.entries()) {
    if (typeof option !== 'function') {
      throw new LLMError({ code: 'configuration', provider: expected, message: `client options must be functions such as withTimeout('30s'); got ${option === null ? 'null' : typeof option}`, local: true });
    }
    try {
      option(setup);
      for (const secret of configSecrets(setup.config)) secrets.add(secret);
    } catch (err) {
      if (isLLMError(err)) throw err.with({ provider: err.provider ?? expected, local: true });
      throw new LLMError({ code: 'configuration', provider: expected, message: `client option #${index + 1} failed: ${safeString(err instanceof Error ? err.message : err)}`, cause: err, local: true });
    }
  }
  const parsed = ClientConfigSchema.safeParse(setup.config);
  // An unknown-key issue that only named forbidden keys has no message left: those are listed by forbiddenKeyFields.
  const issues = parsed.success ? [] : parsed.error.issues.filter((issue) => issue.message !== '');
  const fields = [...forbiddenKeyFields(setup.config), ...describeIssues(issues), ...vendorIssues];
  // A factory builds one vendor's clients: a config naming another (`provider: nosuch` in YAML) is a mistake.
  const named: unknown = setup.config.provider;
  if (expected !== undefined && named !== expected) {
    fields.push(`provider: this client is for ${JSON.stringify(expected)}, but the config names ${JSON.stringify(typeof named === 'string' ? named.slice(0, 64) : named)}`);
  }
  if (!parsed.success || fields.length > 0) {
    if (fields.length === 0) fields.push('(root): invalid');
    throw new LLMError({
      code: 'configuration',
      provider: expected,
      message: `invalid configuration: ${fields.join('; ')}`,
      retryable: false,
      local: true,
      details: { fields },
      secrets: [...secrets],
    });
  }
  const config = parsed.data;
  const resolved: ResolvedSetup = { config, middleware: setup.middleware };
  if (setup.logger) resolved.logger = setup.logger;
  if (setup.deps) resolved.deps = setup.deps;
  return resolved;
}

/**
 * Every secret a config holds, of whatever shape: the key, the values of secret-looking headers
 * and a URL's userinfo. Masked by value wherever the client could show them.
 */
export function configSecrets(config: Partial<ClientConfigInput> | ClientConfig): string[] {
  const out: string[] = [];
  if (typeof config.apiKey === 'string') out.push(config.apiKey);
  const headers = config.headers;
  if (typeof headers === 'object' && headers !== null) {
    const strings: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') strings[name] = value;
    out.push(...secretHeaderValues(strings));
  }
  if (typeof config.baseUrl === 'string') out.push(...urlSecrets(config.baseUrl));
  return out;
}

/**
 * The config object a provider factory was given (`createOpenAI(config, ...options)`): `{}` for
 * none, and a `configuration` error (not a `TypeError` on destructuring) for anything that is
 * not an object of config fields, such as `createOpenAI(null)`.
 */
export function factoryConfig<T extends object>(provider: string, config: T | null | undefined): T {
  if (config === undefined) return {} as T;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    const got = config === null ? 'null' : Array.isArray(config) ? 'an array' : typeof config;
    throw new LLMError({ code: 'configuration', provider, message: `${provider}: the client config must be an object of config fields (or nothing), got ${got}`, local: true });
  }
  return config;
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
  /**
   * How the vendor SDK reaches the vendor: `node-http` or `fetch` (Node's global fetch). Unset:
   * `node-http` on Node unless a proxy or a process-wide undici dispatcher asks for fetch (see `vendorFetch`).
   */
  transport?: VendorTransport | undefined;
}

/**
 * The connection fields of a resolved config, as every provider's settings take them. With
 * `keepAlive: false` every request asks for its own connection (`connection: close`, which
 * Node's fetch honours); by default connections are reused.
 */
export function connectionSettings(config: ClientConfig): ConnectionSettings {
  const headers = config.keepAlive === false ? { ...config.headers, connection: 'close' } : config.headers;
  return { apiKey: config.apiKey, baseUrl: config.baseUrl, headers, timeoutMs: config.timeout, ...(config.transport !== undefined ? { transport: config.transport } : {}) };
}
