export type { CallOptions, ChatModel, LLM } from './chat-model.js';
export { ChatStream, type ChatStreamOptions, type StreamSource } from './chat-stream.js';
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
export {
  applyMiddleware,
  composeMiddleware,
  observeStream,
  wrapChatModel,
  type ChatModelOverrides,
  type Middleware,
  type StreamHooks,
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
  RateLimitConfigSchema,
  CostConfigSchema,
  LoggingConfigSchema,
  BUDGET_PERIODS,
  type ClientConfig,
  type ClientConfigInput,
} from './config-schema.js';
export { ENV_VARIABLES, configFromEnv, configFromYaml, configFromYamlFile, mergeConfig } from './config-loaders.js';
export {
  resolveSetup,
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
  fromEnv,
  fromYaml,
  fromYamlFile,
  type ClientOption,
  type ClientSetup,
  type ResolvedSetup,
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
