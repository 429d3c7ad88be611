import { REDACTED, redactHeaders, redactSecrets } from '@llm/errors';
import type { ModelInfo, ChatRequest } from '@llm/schema';
import type { ChatModel, HealthChecker, HealthReport, Provider } from '../model/index.js';
import type { ClientConfig } from '../config/index.js';
import { createJsonLogger, type Logger, loggingMiddleware } from '../logging/index.js';
import { applyMiddleware, requestValidationMiddleware, type Middleware } from '../middleware/index.js';
import { validateChatRequest } from '../model/index.js';
import { cacheMiddleware, cacheOptionsFromConfig } from '../cache/index.js';
import { rateLimitMiddleware, rateLimitOptionsFromConfig } from '../rate-limit/index.js';
import { CircuitBreaker } from '../circuit-breaker/index.js';
import { fallbackMiddleware } from '../routing/index.js';
import { retryMiddleware } from '../retry/index.js';
import { timeoutMiddleware } from '../timeout/index.js';
import { createOtelMetricsRecorder } from '@llm/metrics';
import { metricsMiddleware, tracingMiddleware } from '../telemetry/index.js';
import { configSecrets, type ResolvedSetup } from './client-options.js';
import type { DefaultStackDeps } from './stack-deps.js';
import { UsageTracker, type UsageReport, CostTracker, type CostReport, estimateCost, type CostEstimate } from '../cost/index.js';
import { costStack, counterFor, pricesFor } from '../budget/index.js';
import type { CountTokensOptions, TokenCount } from '../tokens/index.js';

/** A configured model with its middleware stack, usage totals and health check. */
export interface LLMClient extends ChatModel, HealthChecker {
  /** The validated config, API key masked. */
  readonly config: Readonly<ClientConfig>;
  readonly vendor: Provider;
  readonly logger: Logger;
  /** Running totals of tokens and requests per model for this client. */
  getUsage(): UsageReport;
  /** Tokens and dollars by provider, model, period and tag (export with `costReportToCsv` / `costReportToJson`). */
  getCostReport(filter?: { since?: Date; until?: Date }): CostReport;
  /** The prompt tokens of a request, as this model's vendor bills them (see `TokenCounter`). */
  countTokens(request: ChatRequest<unknown>, options?: CountTokensOptions): Promise<TokenCount>;
  /** What a request will cost before it is sent: its prompt and its worst case at the model's prices. */
  estimateCost(request: ChatRequest<unknown>, options?: CountTokensOptions): Promise<CostEstimate>;
  listModels(options?: { signal?: AbortSignal }): Promise<ModelInfo[]>;
  /** The same provider, stack and usage totals, another model. */
  withModel(modelId: string): LLMClient;
}

/**
 * The middlewares a config asks for, outermost first:
 *   logging, cache, fallback, tracing (one inference span per call, retries included), metrics, retry, circuit breaker, budget, attempt middlewares, rate limiter, timeout, usage tracking, cost.
 * The cache answers before anything is tried; fallback moves to the next model once retries are spent
 * (or the circuit is open); each retry passes the breaker and the rate limiter again and gets its own
 * timeouts. Usage tracking is innermost so that every vendor reply is counted once, under the model that gave it.
 */
export function defaultMiddlewareStack(config: ClientConfig, deps: DefaultStackDeps): Middleware[] {
  const stack: Middleware[] = [];
  const telemetry = config.telemetry.enabled;
  const semconv = config.telemetry.semconv;
  const metrics = deps.metrics ?? (telemetry ? createOtelMetricsRecorder(semconv ? { semconv } : {}) : undefined);
  if (config.logging.level !== 'silent') stack.push(loggingMiddleware({ logger: deps.logger, logContent: config.logging.logContent }));
  const cache = cacheOptionsFromConfig(config);
  const storeFailed = (what: string) => (error: unknown) => deps.logger.warn(`${what} store failed; the call went on without it`, { error });
  if (cache) stack.push(cacheMiddleware({ ...cache, ...(deps.cacheStore ? { store: deps.cacheStore } : {}), onStoreError: storeFailed('cache') }));
  if (deps.fallbacks?.length) stack.push(fallbackMiddleware(deps.fallbacks));
  // Tracing and metrics sit inside fallback and outside retry: each fallback hop is its own
  // inference span and its own gen_ai.client.operation.duration point, covering its retries (each
  // retried attempt is an `llm.retry` event on the span, and only the call's outcome is recorded:
  // a call retried and then answered leaves no error point). They sit outside timeout, so a call
  // cut by a limit is recorded with error.type `timeout`. With no OpenTelemetry SDK they pass calls
  // straight through.
  if (telemetry) {
    const server = config.baseUrl ? { serverUrl: config.baseUrl } : {};
    stack.push(
      tracingMiddleware({
        ...(deps.tracer ? { tracer: deps.tracer } : {}),
        recordContent: config.telemetry.recordContent,
        secrets: configSecrets(config),
        ...(semconv ? { semconv } : {}),
        ...server,
      }),
    );
    if (metrics) stack.push(metricsMiddleware({ recorder: metrics, ...server }));
  }
  // Always present: a call can turn retries on with `CallOptions.retry` even when the config has maxRetries 0.
  stack.push(retryMiddleware({ policy: config.retry, ...(metrics ? { metrics } : {}) }));
  if (deps.circuitBreaker) stack.push(deps.circuitBreaker.middleware());
  else if (config.circuitBreaker.enabled) {
    const { enabled: _enabled, ...settings } = config.circuitBreaker;
    stack.push(
      new CircuitBreaker({
        ...settings,
        ...(deps.circuitBreakerStore ? { store: deps.circuitBreakerStore } : {}),
        ...(metrics ? { metrics } : {}),
        onStoreError: storeFailed('circuit breaker'),
      }).middleware(),
    );
  }
  const rateLimit = rateLimitOptionsFromConfig(config);
  // Budgets per attempt (inside retry and fallback: each attempt and each fallback model is bounded
  // at its own prices), before the rate limiter so that a refused call takes no rate permit.
  const cost = costStack(config, { ...deps, modelId: config.model });
  if (cost.budget) stack.push(cost.budget);
  if (deps.attemptMiddleware?.length) stack.push(...deps.attemptMiddleware);
  if (rateLimit) stack.push(rateLimitMiddleware({ ...rateLimit, ...(deps.rateLimitStore ? { store: deps.rateLimitStore } : {}) }));
  // Each attempt gets its own limits (and a `timeout` error is retryable). `CallOptions.timeouts` overrides per call.
  stack.push(timeoutMiddleware({ total: config.timeouts.total ?? config.timeout, firstChunk: config.timeouts.firstChunk, idle: config.timeouts.idle }));
  stack.push(deps.usage.middleware());
  // Innermost: prices each vendor reply, so usage totals, cache, budgets and logs all see its cost.
  stack.push(cost.cost);
  return stack;
}

/** What `client.config` shows: the key and credential headers masked, the base URL with its secrets masked. */
function maskConfig(config: ClientConfig): Readonly<ClientConfig> {
  const shown: ClientConfig = { ...config };
  if (config.apiKey) shown.apiKey = REDACTED;
  if (config.headers) shown.headers = redactHeaders(config.headers);
  if (config.baseUrl) shown.baseUrl = redactSecrets(config.baseUrl, configSecrets(config));
  return Object.freeze(shown);
}

/** Builds a client from a provider and a resolved setup (what every `createX` factory does). */
export function createClient(vendor: Provider, setup: ResolvedSetup, usage: UsageTracker = new UsageTracker()): LLMClient {
  const { config } = setup;
  const logger =
    setup.logger ?? createJsonLogger({ level: config.logging.level, base: { component: '@llm' }, secrets: configSecrets(config) });
  // One cost tracker for this client and its `withModel` siblings.
  const deps = { ...setup.deps, costTracker: setup.deps?.costTracker ?? new CostTracker() };
  // Requests are validated once, outermost: no middleware (the caller's own included) reads an invalid one.
  const model = applyMiddleware(vendor.chatModel(config.model), requestValidationMiddleware(), ...setup.middleware, ...defaultMiddlewareStack(config, { ...deps, logger, usage }));
  const counter = counterFor(deps, config.model);
  return {
    provider: model.provider,
    modelId: model.modelId,
    chat: model.chat,
    streamChat: model.streamChat,
    complete: model.complete,
    streamComplete: model.streamComplete,
    config: maskConfig(config),
    vendor,
    logger,
    getUsage: () => usage.report(),
    getCostReport: (filter) => deps.costTracker.report(filter),
    countTokens: async (request, options) => counter.countRequest(validateChatRequest(request), options),
    estimateCost: async (request, options) =>
      estimateCost(
        validateChatRequest(request),
        { provider: model.provider, model: config.model, counter, prices: pricesFor(config, deps), ...(config.cost.defaultMaxOutputTokens ? { defaultMaxOutputTokens: config.cost.defaultMaxOutputTokens } : {}) },
        options,
      ),
    checkHealth: (options) => vendor.checkHealth(options),
    listModels: (options) => vendor.listModels(options),
    withModel: (modelId: string) => createClient(vendor, { ...setup, deps, config: { ...config, model: modelId }, logger }, usage),
  };
}

export type { HealthReport };
