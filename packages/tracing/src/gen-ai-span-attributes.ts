/** Span attribute names from the OpenTelemetry GenAI semantic conventions (development status). */
export const GEN_AI_SPAN_ATTRIBUTES = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  requestStopSequences: 'gen_ai.request.stop_sequences',
  requestSeed: 'gen_ai.request.seed',
  requestFrequencyPenalty: 'gen_ai.request.frequency_penalty',
  requestPresencePenalty: 'gen_ai.request.presence_penalty',
  requestStream: 'gen_ai.request.stream',
  outputType: 'gen_ai.output.type',
  responseId: 'gen_ai.response.id',
  responseModel: 'gen_ai.response.model',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  responseTimeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  /** Established name (semantic-conventions v1.41.1) of the tokens written to a provider-managed cache. */
  usageCacheCreationInputTokens: 'gen_ai.usage.cache_creation.input_tokens',
  /** Latest name (semantic-conventions-genai) of the same count. */
  usageCacheWriteInputTokens: 'gen_ai.usage.cache_write.input_tokens',
  usageReasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
} as const;

/** OpenAI's own span attributes (the conventions' OpenAI page), set when `gen_ai.provider.name` is `openai`. */
export const OPENAI_SPAN_ATTRIBUTES = {
  /** `chat_completions` (our OpenAI transport uses the Chat Completions API) or `responses`. */
  apiType: 'openai.api.type',
  /** The tier the request asked for, when it asked for one other than `auto`. */
  requestServiceTier: 'openai.request.service_tier',
  /** The tier that served the reply, when the reply says. */
  responseServiceTier: 'openai.response.service_tier',
  /** The reply's `system_fingerprint`. */
  responseSystemFingerprint: 'openai.response.system_fingerprint',
} as const;

/** The framework's own span attributes and events (prefix `llm.`). */
export const LLM_SPAN_ATTRIBUTES = {
  /** The framework's provider name (`google`, `openrouter`...), beside `gen_ai.provider.name`. */
  provider: 'llm.provider',
  costUsd: 'llm.cost.usd',
  cached: 'llm.cached',
  requestId: 'llm.request_id',
  retryable: 'llm.error.retryable',
  httpStatus: 'http.response.status_code',
  /** On an `llm.retry` event: the attempt about to start (2 for the first retry), as on the `llm.retries` metric. */
  retryAttempt: 'llm.retry.attempt',
  /** On an `llm.retry` event: the wait before that attempt, seconds. */
  retryDelay: 'llm.retry.delay',
  /** On an `llm.retry` event: the (redacted) message of the error the previous attempt failed with. */
  errorMessage: 'llm.error.message',
} as const;

/** The event added to an inference span for each attempt that failed and was retried. */
export const RETRY_EVENT = 'llm.retry';

/** The event added to a stream's span when its first chunk arrives. */
export const FIRST_CHUNK_EVENT = 'llm.first_chunk';

/** `gen_ai.provider.name` for a provider name (the table lives in @llm/schema, shared with the other signal). */
export { genAiProviderName } from '@llm/schema';
