/**
 * Names from the OpenTelemetry GenAI semantic conventions (development status) for the
 * client metrics, and the framework's own metrics under the `llm.` prefix.
 */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_ERROR_TYPE = 'error.type';

export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = 'gen_ai.client.token.usage';
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = 'gen_ai.client.operation.duration';
export const METRIC_GEN_AI_CLIENT_TIME_TO_FIRST_CHUNK = 'gen_ai.client.operation.time_to_first_chunk';
export const METRIC_GEN_AI_CLIENT_TIME_PER_OUTPUT_CHUNK = 'gen_ai.client.operation.time_per_output_chunk';

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
