import { LLMError, RETRYABLE_CODES, toLLMError, type LLMErrorCode, type LLMErrorJSON } from '@llm/errors';
import type { ChatRequest, ChatResponse } from '@llm/schema';
import { type CallOptions, type ChatModel, chatModelFrom, type ChatStream } from '../model/index.js';
import type { Middleware } from '../middleware/index.js';
import { attemptStream } from '../retry/index.js';

/** The codes that move a call on to the next model by default: the retryable ones plus `circuit_open`. */
export const DEFAULT_FALLBACK_CODES: readonly LLMErrorCode[] = Object.freeze([...RETRYABLE_CODES, 'circuit_open']);

/** One model that failed before another answered. */
export interface RoutingAttempt {
  /** `provider:model`. */
  model: string;
  errorCode: LLMErrorCode;
}

/** Put in `response.providerMetadata.routing` by the fallback model. */
export interface RoutingInfo {
  /** `provider:model` of the model that answered. */
  answeredBy: string;
  /** The models that failed before it, in order. */
  tried: RoutingAttempt[];
}

/** One move to the next model. */
export interface FallbackEvent {
  from: string;
  to: string;
  error: LLMError;
}

export interface FallbackOptions {
  /**
   * Which failures move on to the next model: a list of codes (default {@link DEFAULT_FALLBACK_CODES};
   * add `context_length_exceeded` to go on to a larger-context model, `content_filtered` to another
   * vendor's filter) or a predicate.
   */
  fallbackOn?: readonly LLMErrorCode[] | ((error: LLMError) => boolean);
  onFallback?: (event: FallbackEvent) => void;
}

export const modelLabel = (model: Pick<ChatModel, 'provider' | 'modelId'>): string => `${model.provider}:${model.modelId}`;

function withRouting<TOutput>(response: ChatResponse<TOutput>, routing: RoutingInfo): ChatResponse<TOutput> {
  // A copy: the response may be shared (a cache keeps it).
  return { ...response, providerMetadata: { ...response.providerMetadata, routing } };
}

function allFailedError(errors: readonly LLMError[], labels: readonly string[]): LLMError {
  const last = errors[errors.length - 1]!;
  if (errors.length === 1) return last;
  const attempts: Array<{ model: string; error: LLMErrorJSON }> = errors.map((e, i) => ({ model: labels[i]!, error: e.toJSON() }));
  return last.with({
    message: `every model failed (${labels.join(', ')}); last: ${last.message}`,
    details: { ...last.details, fallback: attempts },
    cause: last,
  });
}

/**
 * A ChatModel over an ordered list of models, across providers: each call goes to the first, and
 * on a fallback-worthy failure to the next, in turn. A stream falls back only before its first
 * event has reached the caller. The response's `providerMetadata.routing` says which model
 * answered and which failed before it. Its provider and model id are the first model's.
 */
export function createFallbackModel(models: readonly ChatModel[], options: FallbackOptions = {}): ChatModel {
  if (models.length === 0) throw new LLMError({ code: 'configuration', message: 'createFallbackModel needs at least one model' });
  const list = [...models];
  const labels = list.map(modelLabel);
  const { onFallback } = options;
  const on = options.fallbackOn ?? DEFAULT_FALLBACK_CODES;
  const shouldFallback = typeof on === 'function' ? on : (error: LLMError) => on.includes(error.code);
  const first = list[0]!;

  const canGoOn = (error: LLMError, index: number, signal: AbortSignal | undefined): boolean =>
    index + 1 < list.length && error.code !== 'canceled' && !signal?.aborted && shouldFallback(error);

  const chat = async <TOutput = undefined>(request: ChatRequest<TOutput>, callOptions?: CallOptions): Promise<ChatResponse<TOutput>> => {
    const errors: LLMError[] = [];
    for (let i = 0; ; i++) {
      try {
        const response = await list[i]!.chat(request, callOptions);
        return withRouting(response, { answeredBy: labels[i]!, tried: errors.map((e, j) => ({ model: labels[j]!, errorCode: e.code })) });
      } catch (err) {
        const error = toLLMError(err, { provider: list[i]!.provider, model: list[i]!.modelId });
        errors.push(error);
        if (!canGoOn(error, i, callOptions?.signal)) throw allFailedError(errors, labels);
        onFallback?.({ from: labels[i]!, to: labels[i + 1]!, error });
      }
    }
  };

  const streamChat = <TOutput = undefined>(request: ChatRequest<TOutput>, callOptions: CallOptions = {}): ChatStream<TOutput> => {
    const errors: LLMError[] = [];
    return attemptStream<TOutput>({
      provider: first.provider,
      modelId: first.modelId,
      signal: callOptions.signal,
      // Each model is called with the caller's own signal (the stream passes its abort on).
      open: (attempt) => list[attempt - 1]!.streamChat(request, callOptions),
      onFailure: async (error, attempt, signal) => {
        errors.push(error);
        const i = attempt - 1;
        if (!canGoOn(error, i, signal)) throw allFailedError(errors, labels);
        onFallback?.({ from: labels[i]!, to: labels[i + 1]!, error });
      },
      mapResponse: (response, attempt) =>
        withRouting(response, { answeredBy: labels[attempt - 1]!, tried: errors.map((e, j) => ({ model: labels[j]!, errorCode: e.code })) }),
    });
  };

  return chatModelFrom({ provider: first.provider, modelId: first.modelId, chat, streamChat });
}

/** The wrapped model first, then `fallbacks` in order (see {@link createFallbackModel}). */
export function fallbackMiddleware(fallbacks: readonly ChatModel[], options: FallbackOptions = {}): Middleware {
  return (model) => createFallbackModel([model, ...fallbacks], options);
}
