import { toLLMError, type LLMError } from '@llm/errors';
import type { ChatResponse, StreamEvent } from '@llm/schema';
import { ChatStream } from '../model/index.js';

export interface AttemptStreamOptions<TOutput> {
  provider: string;
  modelId: string;
  /** The caller's signal: aborting it aborts the current attempt and any wait. */
  signal: AbortSignal | undefined;
  /** Opens attempt `attempt` (1-based) with `signal`, the caller's (`signal` above), which must be passed down. */
  open(attempt: number, signal: AbortSignal | undefined): ChatStream<TOutput>;
  /**
   * Attempt `attempt` failed before any event reached the caller. Resolve to open the next
   * attempt (after waiting, if need be: `signal`, the stream's own, ends the wait when the caller
   * aborts or leaves); throw to end the stream with that error.
   */
  onFailure(error: LLMError, attempt: number, signal: AbortSignal): Promise<void>;
  /** Rewrites the response of the finish event (e.g. to say which model answered). */
  mapResponse?(response: ChatResponse<TOutput>, attempt: number): ChatResponse<TOutput>;
}

/**
 * A stream that may start over, but only until its first event has reached the caller: once output
 * has been delivered, a failure is surfaced as it is, never silently restarted. After the first
 * event the inner iterator is passed through with no extra layer (unless `mapResponse` is given).
 * It makes no `AbortSignal` of its own unless it has to wait between attempts.
 */
export function attemptStream<TOutput>(options: AttemptStreamOptions<TOutput>): ChatStream<TOutput> {
  const { provider, modelId, open, onFailure, mapResponse } = options;
  const ctx = { provider, model: modelId };
  // A relay: each attempt is made with the caller's signal, and the stream makes a signal of its own
  // only for a wait between attempts.
  return ChatStream.relay<TOutput>(
    (relay) => ({
      [Symbol.asyncIterator](): AsyncIterator<StreamEvent<TOutput>> {
        let attempt = 0;
        let inner: AsyncIterator<StreamEvent<TOutput>> | undefined;
        const mapped = async (): Promise<IteratorResult<StreamEvent<TOutput>>> => {
          const result = await inner!.next();
          if (!result.done && result.value.type === 'finish') {
            return { done: false, value: { ...result.value, response: mapResponse!(result.value.response, attempt) } };
          }
          return result;
        };
        const iterator: AsyncIterator<StreamEvent<TOutput>> = {
          async next() {
            for (;;) {
              try {
                if (!inner) {
                  attempt += 1;
                  const stream = open(attempt, options.signal);
                  relay.hand(stream);
                  inner = stream[Symbol.asyncIterator]();
                }
                const result = await inner.next();
                if (result.done) return result;
                // Output has reached the caller: from now on failures surface as they are.
                if (mapResponse) {
                  iterator.next = mapped;
                  if (result.value.type === 'finish') return { done: false, value: { ...result.value, response: mapResponse(result.value.response, attempt) } };
                } else {
                  const current = inner;
                  iterator.next = () => current.next();
                  // The relay then reads the attempt's stream directly: no step of its own per event.
                  relay.follow(current);
                }
                return result;
              } catch (err) {
                const error = toLLMError(err, ctx);
                inner = undefined;
                if (relay.aborted) throw error;
                await onFailure(error, attempt, relay.signal);
              }
            }
          },
          async return() {
            const current = inner;
            inner = undefined;
            await current?.return?.();
            return { done: true, value: undefined };
          },
        };
        return iterator;
      },
    }),
    { provider, modelId, signal: options.signal },
  );
}
