import { LLMError, toLLMError } from '@llm/errors';
import type { ChatRequest, ChatResponse, StreamEvent } from '@llm/schema';
import { type CallOptions, type ChatModel, chatModelFrom, ChatStream, type StreamObserver } from '../model/index.js';
import { safely } from './bookkeeping.js';

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

/**
 * Observes a stream without changing it: the returned stream yields the same events (it is the
 * same stream, with the hooks attached, unless reading had already begun).
 * Exactly one of `onFinish` / `onError` is called per stream; a caller that leaves the
 * loop early is reported to `onError` as `canceled`, so no call is left open in logs or metrics.
 */
export function observeStream<TOutput>(inner: ChatStream<TOutput>, hooks: StreamObserver<TOutput>): ChatStream<TOutput> {
  // The common case: nothing has read the stream yet, so the hooks ride on it (no layer per chunk).
  if (!inner.isStarted) return inner.observe(hooks);
  const { onStart, onPull, onEvent, onFinish, onError } = hooks;
  // A hand-written iterator, not an async generator: this runs once per chunk per middleware.
  return new ChatStream<TOutput>(
    (signal) => {
      const onAbort = () => inner.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      let settled = false;
      let it: AsyncIterator<StreamEvent<TOutput>> | undefined;
      const fail = (err: unknown): never => {
        if (!settled) {
          settled = true;
          signal.removeEventListener('abort', onAbort);
          safely(() => onError?.(toLLMError(err)));
        }
        throw err;
      };
      const seen = (result: IteratorResult<StreamEvent<TOutput>>): IteratorResult<StreamEvent<TOutput>> => {
        if (result.done) {
          if (!settled) {
            settled = true;
            signal.removeEventListener('abort', onAbort);
          }
          return result;
        }
        const event = result.value;
        safely(() => onEvent?.(event));
        if (event.type === 'finish' && !settled) {
          settled = true;
          signal.removeEventListener('abort', onAbort);
          safely(() => onFinish?.(event.response));
        }
        return result;
      };
      const iterator: AsyncIterator<StreamEvent<TOutput>> = {
        next: () => {
          let pending: Promise<IteratorResult<StreamEvent<TOutput>>>;
          try {
            if (!it) onStart?.();
            safely(() => onPull?.());
            it ??= inner[Symbol.asyncIterator]();
            pending = it.next();
          } catch (err) {
            pending = Promise.reject(err);
          }
          return pending.then(seen, fail);
        },
        return: async () => {
          if (!settled) {
            settled = true;
            signal.removeEventListener('abort', onAbort);
            safely(() => onError?.(new LLMError({ code: 'canceled', message: 'the stream was closed before it finished', provider: inner.provider, model: inner.modelId, local: true })));
          }
          await it?.return?.();
          return { done: true, value: undefined };
        },
      };
      return { [Symbol.asyncIterator]: () => iterator };
    },
    { provider: inner.provider, modelId: inner.modelId },
  );
}
