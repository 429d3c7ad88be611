export type { CallOptions, CallScope, ChatModel, LLM } from './model/index.js';
export { ChatStream, type ChatStreamOptions, type StreamSource, type StreamObserver, type StreamOpener, type StreamRelay, type RelaySource } from './model/index.js';
export { createChatModel, chatModelFrom, failedStream, type ChatFn, type StreamChatFn } from './model/index.js';
export { ServerSentEventParts, type ServerSentEventSink } from './model/index.js';
export { linkSignal, withLinkedSignal } from './model/index.js';
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
} from './model/index.js';
export { parseStructuredOutput, parseToolCall, type ParseContext } from './model/index.js';
export { cachedJsonSchema, completionToChat, toTransportRequest, validateChatRequest } from './model/index.js';
export { assembleStream, buildResponse } from './model/index.js';
export { toAssistantMessage } from './model/index.js';
export { credentialSafeFetch, providerSecrets, maskingSecrets } from './http/index.js';
export { createNodeHttpFetch, type NodeHttpFetch, type NodeHttpFetchOptions, type NodeHttpAgents } from './http/index.js';
export { vendorFetch, vendorSend, vendorTransport, routedAsProvidersWould, VENDOR_TRANSPORTS, type VendorTransport, type VendorFetchSettings, type VendorSend } from './http/index.js';
export { wholeOverFetch, pairWhole, type SendWhole, type WholeReply, type WholeRequestInit } from './http/index.js';
export { malformedReply, rawReplyText, jsonTypeOf, isReplyObject, replyString, replyCount, replyList, replyObject, type ReplyContext } from './model/index.js';
export {
  applyMiddleware,
  composeMiddleware,
  observeStream,
  wrapChatModel,
  type ChatModelOverrides,
  type Middleware,
} from './middleware/index.js';
export { createJsonLogger, noopLogger, LOG_LEVELS, type Logger, type LogLevel, type LogFields, type JsonLoggerOptions } from './logging/index.js';
export { loggingMiddleware, type LoggingMiddlewareOptions } from './logging/index.js';
export { UsageTracker, type ModelUsage, type UsageReport } from './cost/index.js';
export type { HealthChecker, HealthReport } from './model/index.js';
export { runHealthCheck, type Provider } from './model/index.js';
export { parseDuration } from './config/index.js';
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
} from './config/index.js';
export { ENV_VARIABLES, configFromEnv, configFromYaml, configFromYamlFile, mergeConfig, type ConfigEnv } from './config/index.js';
export { MAX_TIMER_MS, LongDurationSchema, suggestKey } from './config/index.js';
export {
  resolveSetup,
  factoryConfig,
  configSecrets,
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
  withAttemptMiddleware,
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
} from './client/index.js';
export { createClient, defaultMiddlewareStack, type LLMClient, type DefaultStackDeps } from './client/index.js';
export { parseModelId } from './model/index.js';
export {
  LLM_TYPES,
  coreModule,
  providerModule,
  resolveClient,
  resolveClientFromContainer,
  type ProviderFactory,
  type CoreModuleOptions,
} from './di/index.js';
export { WindowTokenBucket, type WindowRule } from './rate-limit/index.js';
export { FairQueue } from './rate-limit/index.js';
export type {
  RateLimitStore,
  RateLimitRules,
  RateLimitLease,
  RateLimitAcquireRequest,
  RateLimitAcquireResult,
  RateLimitDenialReason,
  RateLimitReleaseOutcome,
  RateLimitFeedback,
} from './rate-limit/index.js';
export { InMemoryRateLimitStore, type InMemoryRateLimitStoreOptions } from './rate-limit/index.js';
export { estimateRequestTokens, DEFAULT_OUTPUT_TOKEN_ESTIMATE, type TokenEstimator } from './rate-limit/index.js';
export { rateLimitFeedback, DEFAULT_RATE_LIMIT_PAUSE_MS } from './rate-limit/index.js';
export { RateLimiter, type RateLimiterOptions, type RateLimitAcquireOptions, type RateLimitPermit } from './rate-limit/index.js';
export { rateLimitMiddleware, rateLimitOptionsFromConfig, type RateLimitMiddlewareOptions } from './rate-limit/index.js';
export { canonicalJson, hashChatRequest, normalizeRequestForCache } from './cache/index.js';
export type { CacheStore, CachedReply } from './cache/index.js';
export { InMemoryCacheStore, type InMemoryCacheStoreOptions } from './cache/index.js';
export { cacheMiddleware, cacheOptionsFromConfig, type CacheMiddlewareOptions } from './cache/index.js';
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
} from './budget/index.js';
export { backoffDelay, type BackoffPolicy } from './retry/index.js';
export { abortableSleep, systemClock, type Clock } from './retry/index.js';
export { DEFAULT_RETRY_POLICY, mergeRetryPolicy, type RetryPolicy } from './retry/index.js';
export { attemptStream, type AttemptStreamOptions } from './retry/index.js';
export { retryMiddleware, retryExhaustedError, type RetryMiddlewareOptions, type RetryEvent } from './retry/index.js';
export { timeoutMiddleware, timeoutError, type TimeoutSettings, type TimeoutKind, type TimeoutMiddlewareOptions } from './timeout/index.js';
export { InMemoryCircuitBreakerStore, type CircuitBreakerStore, type CircuitSnapshot, type CircuitState } from './circuit-breaker/index.js';
export {
  CircuitBreaker,
  CircuitStateChangeEvent,
  circuitBreakerMiddleware,
  type CircuitBreakerOptions,
  type CircuitBreakerSettings,
  type CircuitPermit,
  type CircuitStateChange,
} from './circuit-breaker/index.js';
export {
  createFallbackModel,
  fallbackMiddleware,
  modelLabel,
  DEFAULT_FALLBACK_CODES,
  type FallbackOptions,
  type FallbackEvent,
  type RoutingInfo,
  type RoutingAttempt,
} from './routing/index.js';
export { createLoadBalancedModel, type LoadBalancedModel, type LoadBalancerOptions, type LoadBalanceStrategy, type WeightedModel } from './routing/index.js';
export { batch, type BatchOptions, type BatchResult } from './batch/index.js';
export type { RetrySettings } from './model/index.js';
export { tracingMiddleware, serverOf, isOutputChunk, type TracingMiddlewareOptions } from './telemetry/index.js';
export { metricsMiddleware, type MetricsMiddlewareOptions } from './telemetry/index.js';
export { pinoLogger, maskLogFields, type PinoLike, type PinoLoggerOptions } from './logging/index.js';
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
} from './health/index.js';
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
} from './family/index.js';
export { modelPriceFrom, staticPriceTable, withPriceOverrides, type ModelPrice, type PriceTable, type PriceTier, type PriceInput } from './cost/index.js';
export { computeCost, worstCaseCost, ratesFor, type ResolvedRates } from './cost/index.js';
export { costMiddleware, findPrice, type CostMiddlewareOptions } from './cost/index.js';
export { tapStream, type StreamTapHooks } from './cost/index.js';
export { CostTracker, COST_REPORT_PERIODS, emptyCostBucket, periodLabel, type CostBucket, type CostRow, type CostReport, type CostReportPeriod, type CostRecordInput, type CostTrackerOptions } from './cost/index.js';
export { costReportToCsv, costReportToJson, COST_CSV_COLUMNS } from './cost/index.js';
export { USAGE_TOKEN_FIELDS, USAGE_COST_FIELDS, type UsageTokenField, type UsageCostField, type UsageTokenFields, type UsageCostFields } from './cost/index.js';
export { estimateCost, type CostEstimate } from './cost/index.js';
export { costStack, pricesFor, counterFor, type CostStackDeps } from './budget/index.js';
export {
  createLocalTokenCounter,
  createEstimateTokenCounter,
  estimateTokens,
  TOKEN_CACHE_MIN_CHARS,
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
} from './tokens/index.js';
export { TOKEN_COUNTER_CORPUS, type CorpusSample } from './tokens/index.js';
export { countStreamTokens, type CountedStream } from './tokens/index.js';
export { budgetMiddleware, type BudgetMiddlewareOptions, type BudgetAlert } from './budget/index.js';
export { budgetSlot, calendarSlot, ROLLING_BUCKETS, type BudgetSlot, type CalendarSlot, type BudgetPeriodName, type BudgetWindow } from './budget/index.js';
export { withBudgetStore, withBudgetAlerts, withPriceTable, withTokenCounter, withCostTracker } from './client/index.js';
export {
  API_KEY_PREFIX,
  API_KEY_HASH_PATTERN,
  generateApiKey,
  hashApiKey,
  isApiKeyHash,
  apiKeyMatches,
  hashesEqual,
  apiKeyHint,
  newApiKeyId,
  requireApiKeyHash,
  ApiKeyBudgetSchema,
  ApiKeyLimitsSchema,
  ApiKeyRecordSchema,
  apiKeyStatus,
  apiKeyAllowsModel,
  InMemoryApiKeyStore,
  issueApiKey,
  parseApiKeyRecord,
  verifyApiKey,
  type ApiKeyBudget,
  type ApiKeyLimits,
  type ApiKeyRecord,
  type ApiKeyRecordInput,
  type ApiKeyStatus,
  type ApiKeyStore,
  type NewApiKeyInput,
  type IssuedApiKey,
  type ApiKeyVerification,
} from './keys/index.js';

/**
 * What an application writes against, from the packages core builds on, so that
 * `@llm/core` plus a provider is the whole install: tools, messages, requests, replies,
 * stream events (`@llm/schema`) and the one error type (`@llm/errors`).
 */
export {
  defineTool,
  type AssistantMessage,
  type ChatRequest,
  type ChatResponse,
  type CompletionRequest,
  type CompletionResponse,
  type ContentPart,
  type Cost,
  type FinishReason,
  type ImagePart,
  type Message,
  type ReasoningPart,
  type ResponseFormat,
  type StreamEvent,
  type SystemMessage,
  type TextPart,
  type Tool,
  type ToolCall,
  type ToolChoice,
  type ToolDefinition,
  type ToolMessage,
  type Usage,
  type UserMessage,
} from '@llm/schema';
export { LLMError, isLLMError, LLM_ERROR_CODES, type LLMErrorCode, type LLMErrorJSON, type LLMErrorOptions } from '@llm/errors';
