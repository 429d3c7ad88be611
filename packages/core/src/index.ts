export type { CallOptions, ChatModel, LLM } from './chat-model.js';
export { ChatStream, type ChatStreamOptions, type StreamSource, type StreamObserver } from './chat-stream.js';
export { createChatModel, chatModelFrom, failedStream, type ChatFn, type StreamChatFn } from './chat-model-factory.js';
export type {
  ChatTransport,
  TransportRequest,
  TransportResponse,
  TransportCallOptions,
  TransportStreamPart,
  RawToolCall,
  MetadataPart,
  UsagePart,
  FinishPart,
} from './transport.js';
export { parseStructuredOutput, parseToolCall, type ParseContext } from './output-parser.js';
export { cachedJsonSchema, completionToChat, toTransportRequest, validateChatRequest } from './request-normalizer.js';
export { assembleStream, buildResponse } from './response-assembler.js';
export { toAssistantMessage } from './assistant-message.js';
export {
  applyMiddleware,
  composeMiddleware,
  observeStream,
  wrapChatModel,
  type ChatModelOverrides,
  type Middleware,
} from './middleware.js';
export { createJsonLogger, noopLogger, LOG_LEVELS, type Logger, type LogLevel, type LogFields, type JsonLoggerOptions } from './logger.js';
export { loggingMiddleware, type LoggingMiddlewareOptions } from './logging-middleware.js';
export { UsageTracker, type ModelUsage, type UsageReport } from './usage-tracker.js';
export type { HealthChecker, HealthReport } from './health.js';
export { runHealthCheck, type Provider } from './provider.js';
export { parseDuration } from './duration.js';
export {
  ClientConfigSchema,
  DurationSchema,
  RetryConfigSchema,
  TimeoutsConfigSchema,
  CircuitBreakerConfigSchema,
  RateLimitConfigSchema,
  CacheConfigSchema,
  CostConfigSchema,
  LoggingConfigSchema,
  TelemetryConfigSchema,
  BUDGET_PERIODS,
  type ClientConfig,
  type ClientConfigInput,
} from './config-schema.js';
export { ENV_VARIABLES, configFromEnv, configFromYaml, configFromYamlFile, mergeConfig } from './config-loaders.js';
export {
  resolveSetup,
  connectionSettings,
  withModel,
  withApiKey,
  withBaseUrl,
  withTimeout,
  withMaxRetries,
  withHeaders,
  withLogLevel,
  withConfig,
  withLogger,
  withMiddleware,
  withFallback,
  withStores,
  withCircuitBreaker,
  withMetrics,
  withTracer,
  fromEnv,
  fromYaml,
  fromYamlFile,
  type ClientOption,
  type ClientSetup,
  type ResolvedSetup,
  type StackDeps,
  type ConnectionSettings,
} from './client-options.js';
export { createClient, defaultMiddlewareStack, type LLMClient, type DefaultStackDeps } from './client.js';
export { parseModelId } from './model-id.js';
export {
  LLM_TYPES,
  coreModule,
  providerModule,
  resolveClient,
  resolveClientFromContainer,
  type ProviderFactory,
  type CoreModuleOptions,
} from './di.js';
export { WindowTokenBucket, type WindowRule } from './token-bucket.js';
export { FairQueue } from './fair-queue.js';
export type {
  RateLimitStore,
  RateLimitRules,
  RateLimitLease,
  RateLimitAcquireRequest,
  RateLimitAcquireResult,
  RateLimitDenialReason,
  RateLimitReleaseOutcome,
  RateLimitFeedback,
} from './rate-limit-store.js';
export { InMemoryRateLimitStore, type InMemoryRateLimitStoreOptions } from './rate-limit-memory-store.js';
export { estimateRequestTokens, DEFAULT_OUTPUT_TOKEN_ESTIMATE, type TokenEstimator } from './rate-limit-estimate.js';
export { rateLimitFeedback, DEFAULT_RATE_LIMIT_PAUSE_MS } from './rate-limit-feedback.js';
export { RateLimiter, type RateLimiterOptions, type RateLimitAcquireOptions, type RateLimitPermit } from './rate-limiter.js';
export { rateLimitMiddleware, rateLimitOptionsFromConfig, type RateLimitMiddlewareOptions } from './rate-limit-middleware.js';
export { canonicalJson, hashChatRequest, normalizeRequestForCache } from './request-hash.js';
export type { CacheStore, CachedReply } from './cache-store.js';
export { InMemoryCacheStore, type InMemoryCacheStoreOptions } from './cache-memory-store.js';
export { cacheMiddleware, cacheOptionsFromConfig, type CacheMiddlewareOptions } from './cache-middleware.js';
export {
  InMemoryBudgetStore,
  newBudgetReservationId,
  budgetKeyOfReservation,
  SETTLE_GRACE_MS,
  type BudgetStore,
  type BudgetReservation,
  type BudgetReserveResult,
  type BudgetUsage,
  type InMemoryBudgetStoreOptions,
} from './budget-store.js';
export { backoffDelay, type BackoffPolicy } from './backoff.js';
export { abortableSleep, systemClock, type Clock } from './backoff-clock.js';
export { DEFAULT_RETRY_POLICY, mergeRetryPolicy, type RetryPolicy } from './retry-policy.js';
export { attemptStream, type AttemptStreamOptions } from './retry-stream.js';
export { retryMiddleware, retryExhaustedError, type RetryMiddlewareOptions, type RetryEvent } from './retry-middleware.js';
export { timeoutMiddleware, timeoutError, type TimeoutSettings, type TimeoutKind, type TimeoutMiddlewareOptions } from './timeout-middleware.js';
export { InMemoryCircuitBreakerStore, type CircuitBreakerStore, type CircuitSnapshot, type CircuitState } from './circuit-breaker-store.js';
export {
  CircuitBreaker,
  CircuitStateChangeEvent,
  circuitBreakerMiddleware,
  type CircuitBreakerOptions,
  type CircuitBreakerSettings,
  type CircuitPermit,
  type CircuitStateChange,
} from './circuit-breaker.js';
export {
  createFallbackModel,
  fallbackMiddleware,
  modelLabel,
  DEFAULT_FALLBACK_CODES,
  type FallbackOptions,
  type FallbackEvent,
  type RoutingInfo,
  type RoutingAttempt,
} from './fallback-model.js';
export { createLoadBalancedModel, type LoadBalancedModel, type LoadBalancerOptions, type LoadBalanceStrategy, type WeightedModel } from './load-balancer.js';
export { batch, type BatchOptions, type BatchResult } from './batch.js';
export { tracingMiddleware, serverOf, isOutputChunk, type TracingMiddlewareOptions } from './tracing-middleware.js';
export { metricsMiddleware, type MetricsMiddlewareOptions } from './metrics-middleware.js';
export { pinoLogger, maskLogFields, type PinoLike, type PinoLoggerOptions } from './pino-logger.js';
export {
  createHealthAggregator,
  healthCheckersFromFactories,
  healthAggregatorFromContainer,
  DEFAULT_HEALTH_TIMEOUT_MS,
  type HealthAggregator,
  type HealthAggregatorOptions,
  type AggregateHealthReport,
  type ProviderHealth,
  type NamedHealthChecker,
} from './health-aggregator.js';
export {
  defineModelFamily,
  createModelCatalog,
  applyFamilyDefaults,
  familyDefaultsMiddleware,
  type FamilyDefaults,
  type ModelFamily,
  type ModelFamilyDefinition,
  type ModelCatalog,
  type ModelCatalogOptions,
} from './model-family.js';
export { modelPriceFrom, staticPriceTable, withPriceOverrides, type ModelPrice, type PriceTable, type PriceTier, type PriceInput } from './price-table.js';
export { computeCost, worstCaseCost, ratesFor, type ResolvedRates } from './cost-calculator.js';
export { costMiddleware, findPrice, type CostMiddlewareOptions } from './cost-middleware.js';
export { tapStream, type StreamTapHooks } from './cost-stream.js';
export { CostTracker, COST_REPORT_PERIODS, emptyCostBucket, periodLabel, type CostBucket, type CostRow, type CostReport, type CostReportPeriod, type CostRecordInput, type CostTrackerOptions } from './cost-tracker.js';
export { costReportToCsv, costReportToJson, COST_CSV_COLUMNS } from './usage-report.js';
export { estimateCost, type CostEstimate } from './cost-estimate.js';
export { costStack, pricesFor, counterFor, type CostStackDeps } from './cost-stack.js';
export {
  createLocalTokenCounter,
  createEstimateTokenCounter,
  estimateTokens,
  withVendorCount,
  messageTexts,
  toolText,
  LruCache,
  type TokenCounter,
  type TokenCounterFactory,
  type TokenCount,
  type TokenCountSource,
  type CountTokensOptions,
  type PromptFraming,
  type LocalTokenCounterOptions,
} from './token-counter.js';
export { TOKEN_COUNTER_CORPUS, type CorpusSample } from './token-counter-corpus.js';
export { countStreamTokens, type CountedStream } from './token-counter-stream.js';
export { budgetMiddleware, type BudgetMiddlewareOptions, type BudgetAlert } from './budget-middleware.js';
export { budgetSlot, calendarSlot, ROLLING_BUCKETS, type BudgetSlot, type CalendarSlot, type BudgetPeriodName, type BudgetWindow } from './budget-period.js';
export { withBudgetStore, withBudgetAlerts, withPriceTable, withTokenCounter, withCostTracker } from './budget-options.js';
