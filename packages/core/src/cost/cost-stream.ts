import { LLMError } from '@llm/errors';
import type { ChatResponse, StreamEvent } from '@llm/schema';
import { ChatStream } from '../model/index.js';
import { safely } from '../middleware/index.js';

export interface StreamTapHooks<TOutput> {
  /** Every event, before the caller sees it (it may change the event in place). */
  onEvent?: (event: StreamEvent<TOutput>) => void;
  onFinish?: (response: ChatResponse<TOutput>) => void;
  /** The stream failed, or the caller left it early (`canceled`). Called at most once, never after `onFinish`. */
  onError?: (error: LLMError) => void;
}

const noop = (): void => {};

/**
 * A stream that first runs `open` (which may wait, e.g. to reserve a budget, and may throw to
 * refuse the call), then passes the opened stream's events through `hooks`. Unlike an async
 * generator it adds one `then` per event and nothing else, so the per-chunk path stays cheap.
 */
export function tapStream<TOutput>(
  provider: string,
  modelId: string,
  open: () => ChatStream<TOutput> | Promise<ChatStream<TOutput>>,
  hooks: StreamTapHooks<TOutput>,
  signal?: AbortSignal,
): ChatStream<TOutput> {
  const { onEvent, onFinish, onError } = hooks;
  return new ChatStream<TOutput>(
    (own) => {
      let inner: ChatStream<TOutput> | undefined;
      let iterator: AsyncIterator<StreamEvent<TOutput>> | undefined;
      let ended = false;
      const onAbort = () => inner?.abort(own.reason);
      own.addEventListener('abort', onAbort, { once: true });
      const end = (error?: LLMError) => {
        if (ended) return;
        ended = true;
        own.removeEventListener('abort', onAbort);
        if (error) safely(() => onError?.(error));
      };
      const step = (result: IteratorResult<StreamEvent<TOutput>>): IteratorResult<StreamEvent<TOutput>> => {
        if (result.done) {
          // After a finish the stream has ended well: no error to build (it would be dropped).
          if (!ended) end(new LLMError({ code: 'network', message: 'the stream ended before it finished', provider, model: modelId }));
          return result;
        }
        const event = result.value;
        safely(() => onEvent?.(event));
        if (event.type === 'finish' && !ended) {
          ended = true;
          own.removeEventListener('abort', onAbort);
          safely(() => onFinish?.(event.response));
        }
        return result;
      };
      const fail = (err: unknown): never => {
        const error = LLMError.is(err) ? err : new LLMError({ code: 'provider_error', message: String(err), provider, model: modelId, cause: err });
        end(error);
        throw err;
      };
      const start = async (): Promise<AsyncIterator<StreamEvent<TOutput>>> => {
        inner = await open();
        if (own.aborted) inner.abort(own.reason);
        iterator = inner[Symbol.asyncIterator]();
        return iterator;
      };
      let starting: Promise<AsyncIterator<StreamEvent<TOutput>>> | undefined;
      return {
        [Symbol.asyncIterator]: () => ({
          next: () => {
            if (iterator) return iterator.next().then(step, fail);
            starting ??= start();
            return starting.then((it) => it.next()).then(step, fail);
          },
          return: async () => {
            if (!ended) end(new LLMError({ code: 'canceled', message: 'the stream was closed before it finished', provider, model: modelId }));
            if (iterator) await iterator.return?.().catch(noop);
            else if (starting) await starting.then((it) => it.return?.()).catch(noop);
            return { done: true, value: undefined };
          },
        }),
      };
    },
    { provider, modelId, signal },
  );
}
