import type { ChatRequest, ChatResponse, CompletionRequest, CompletionResponse } from '@llm/schema';
import type { ChatStream } from './chat-stream.js';
import type { RetryPolicy } from './retry-policy.js';
import type { TimeoutSettings } from './timeout-middleware.js';

/** Per-call options, kept apart from the request so requests stay plain data. */
export interface CallOptions {
  /** Aborting stops the HTTP request; the call fails with a `canceled` LLMError. */
  signal?: AbortSignal;
  /** Extra HTTP headers for this call. */
  headers?: Record<string, string>;
  /** Overrides the retry middleware's policy for this call (durations in ms; `maxRetries: 0` turns retrying off). */
  retry?: Partial<RetryPolicy>;
  /** Overrides the timeout middleware's limits for this call (ms). */
  timeouts?: TimeoutSettings;
}

/** One model of one provider, for plain text prompts. */
export interface LLM {
  readonly provider: string;
  readonly modelId: string;
  complete(request: CompletionRequest, options?: CallOptions): Promise<CompletionResponse>;
  streamComplete(request: CompletionRequest, options?: CallOptions): ChatStream<undefined>;
}

/** The chat surface: messages, tools, structured output, usage. Anything that is a ChatModel is also an LLM. */
export interface ChatModel extends LLM {
  chat<TOutput = undefined>(request: ChatRequest<TOutput>, options?: CallOptions): Promise<ChatResponse<TOutput>>;
  streamChat<TOutput = undefined>(request: ChatRequest<TOutput>, options?: CallOptions): ChatStream<TOutput>;
}
