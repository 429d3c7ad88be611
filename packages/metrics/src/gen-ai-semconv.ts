/**
 * Names from the OpenTelemetry GenAI semantic conventions (development status) for the client
 * metrics, in both versions (see `GenAiSemconv`): the established ones of semantic-conventions
 * v1.41.1 and the latest of open-telemetry/semantic-conventions-genai (`client-inference.md`,
 * `gen-ai-token-metrics.md`); and the framework's own metrics under the `llm.` prefix.
 */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';
/** Latest conventions: the modality of counted tokens (`text`, `image`, `audio`, `unknown`); required on the usage counters. */
export const ATTR_GEN_AI_TOKEN_MODALITY = 'gen_ai.token.modality';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_ERROR_TYPE = 'error.type';

/** Established (v1.41.1): one histogram for input and output tokens, told apart by `gen_ai.token.type`. */
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = 'gen_ai.client.token.usage';
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = 'gen_ai.client.operation.duration';
export const METRIC_GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK = 'gen_ai.client.operation.time_to_first_chunk';
export const METRIC_GEN_AI_CLIENT_TIME_PER_OUTPUT_CHUNK = 'gen_ai.client.operation.time_per_output_chunk';

/** Latest (semantic-conventions-genai): the inference metrics, under `gen_ai.client.inference.*`. */
export const LATEST_GEN_AI_METRICS = {
  /** Histogram, `s`: the inference operation, from the request to the response received in full or the error. */
  duration: 'gen_ai.client.inference.duration',
  /** Histogram, `s`: streams only. */
  timeToFirstChunk: 'gen_ai.client.inference.time_to_first_chunk',
  /** Histogram, `s`: streams only, each chunk after the first. */
  timePerOutputChunk: 'gen_ai.client.inference.time_per_output_chunk',
  /** Counter, `{token}`, by `gen_ai.token.modality`: input tokens, cached ones included. */
  usageInputTokens: 'gen_ai.client.inference.usage.input_tokens',
  /** Counter, `{token}`, by `gen_ai.token.modality`: output tokens, reasoning included. */
  usageOutputTokens: 'gen_ai.client.inference.usage.output_tokens',
  /** Counter, `{token}`, by `gen_ai.token.modality`: input tokens served from a provider-managed cache. */
  usageCacheReadInputTokens: 'gen_ai.client.inference.usage.cache_read.input_tokens',
  /** Counter, `{token}`, by `gen_ai.token.modality`: input tokens written to a provider-managed cache. */
  usageCacheWriteInputTokens: 'gen_ai.client.inference.usage.cache_write.input_tokens',
  /** Counter, `{token}`, by `gen_ai.token.modality`: output tokens used for reasoning. */
  usageReasoningOutputTokens: 'gen_ai.client.inference.usage.reasoning.output_tokens',
  /** Histogram, `{token}` (token buckets): input tokens per operation, not by modality. */
  operationInputTokens: 'gen_ai.client.inference.operation.input_tokens',
  /** Histogram, `{token}` (token buckets): output tokens per operation, not by modality. */
  operationOutputTokens: 'gen_ai.client.inference.operation.output_tokens',
} as const;

/** `gen_ai.token.modality` when the provider does not break usage down by modality (ours never do yet). */
export const UNKNOWN_TOKEN_MODALITY = 'unknown';

/** The conventions' explicit bucket boundaries for `gen_ai.client.token.usage`. */
export const TOKEN_USAGE_BUCKETS: readonly number[] = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
/** The conventions' explicit bucket boundaries (seconds) for the duration and chunk-time histograms. */
export const DURATION_BUCKETS: readonly number[] = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** The framework's own metric names (prefix `llm.`). */
export const LLM_METRICS = {
  requests: 'llm.requests',
  errors: 'llm.errors',
  activeRequests: 'llm.active_requests',
  activeStreams: 'llm.active_streams',
  retries: 'llm.retries',
  rateLimitWait: 'llm.rate_limit.wait',
  circuitStateChanges: 'llm.circuit.state_changes',
  cacheLookups: 'llm.cache.lookups',
  cost: 'llm.cost',
} as const;

/** The framework's own attribute names (prefix `llm.`). */
export const LLM_ATTRIBUTES = {
  stream: 'llm.stream',
  retryAttempt: 'llm.retry.attempt',
  circuitState: 'llm.circuit.state',
  circuitPreviousState: 'llm.circuit.previous_state',
  cacheResult: 'llm.cache.result',
} as const;

/** `gen_ai.provider.name` for a provider name (the table lives in @llm/schema, shared with the other signal). */
export { genAiProviderName } from '@llm/schema';
