import { LLMError } from '@llm/errors';
import type { ChatRequest, ChatResponse, StreamEvent } from '@llm/schema';
import type { CallOptions, ChatModel } from './chat-model.js';
import { chatModelFrom } from './chat-model-factory.js';
import { ChatStream } from './chat-stream.js';

/** A middleware takes a ChatModel and returns one: retry, timeout, cache, logging... are each one. */
export type Middleware = (model: ChatModel) => ChatModel;

/** Applies middlewares so that the first one listed is the outermost (sees the call first). */
export function applyMiddleware(model: ChatModel, ...middlewares: readonly Middleware[]): ChatModel {
  let out = model;
  for (let i = middlewares.length - 1; i >= 0; i--) out = middlewares[i]!(out);
  return out;
}

/** Composes middlewares into one (first listed is outermost). */
export function composeMiddleware(...middlewares: readonly Middleware[]): Middleware {
  return (model) => applyMiddleware(model, ...middlewares);
}

export interface ChatModelOverrides {
  chat?: <TOutput = undefined>(request: ChatRequest<TOutput>, options: CallOptions, next: ChatModel) => Promise<ChatResponse<TOutput>>;
  streamChat?: <TOutput = undefined>(request: ChatRequest<TOutput>, options: CallOptions, next: ChatModel) => ChatStream<TOutput>;
}

/**
 * The helper for writing a middleware: override `chat` and/or `streamChat`; anything not
 * overridden goes to the wrapped model, and `complete` runs through the overridden `chat`.
 */
export function wrapChatModel(inner: ChatModel, overrides: ChatModelOverrides): ChatModel {
  const { chat, streamChat } = overrides;
  return chatModelFrom({
    provider: inner.provider,
    modelId: inner.modelId,
    chat: chat ? (request, options) => chat(request, options ?? {}, inner) : (request, options) => inner.chat(request, options),
    streamChat: streamChat
      ? (request, options) => streamChat(request, options ?? {}, inner)
      : (request, options) => inner.streamChat(request, options),
  });
}

export interface StreamHooks<TOutput> {
  onEvent?: (event: StreamEvent<TOutput>) => void;
  onFinish?: (response: ChatResponse<TOutput>) => void;
  onError?: (error: LLMError) => void;
}

/**
 * Observes a stream without changing it: the returned stream yields the same events.
 * Exactly one of `onFinish` / `onError` is called per stream; a caller that leaves the
 * loop early is reported to `onError` as `canceled`, so no call is left open in logs or metrics.
 */
export function observeStream<TOutput>(inner: ChatStream<TOutput>, hooks: StreamHooks<TOutput>): ChatStream<TOutput> {
  const { onEvent, onFinish, onError } = hooks;
  return new ChatStream<TOutput>(
    async function* observed(signal) {
      const onAbort = () => inner.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      let settled = false;
      try {
        for await (const event of inner) {
          onEvent?.(event);
          if (event.type === 'finish') {
            settled = true;
            onFinish?.(event.response);
          }
          yield event;
        }
      } catch (err) {
        settled = true;
        onError?.(err as LLMError);
        throw err;
      } finally {
        signal.removeEventListener('abort', onAbort);
        if (!settled) onError?.(new LLMError({ code: 'canceled', message: 'the stream was closed before it finished', provider: inner.provider, model: inner.modelId }));
      }
    },
    { provider: inner.provider, modelId: inner.modelId },
  );
}
