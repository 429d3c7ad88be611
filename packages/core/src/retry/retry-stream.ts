import { toLLMError, type LLMError } from '@llm/errors';
import type { ChatResponse, StreamEvent } from '@llm/schema';
import { ChatStream, type StreamRelay } from '../model/index.js';

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

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * A stream that may start over, but only until its first event has reached the caller: once output
 * has been delivered, a failure is surfaced as it is, never silently restarted. After the first
 * event the inner iterator is passed through with no extra layer (unless `mapResponse` is given).
 * It makes no `AbortSignal` of its own unless it has to wait between attempts.
 */
export function attemptStream<TOutput>(options: AttemptStreamOptions<TOutput>): ChatStream<TOutput> {
  // A relay: each attempt is made with the caller's signal, and the stream makes a signal of its own
  // only for a wait between attempts.
  return ChatStream.relay<TOutput>((relay) => new AttemptSource(options, relay), { provider: options.provider, modelId: options.modelId, signal: options.signal });
}

/**
 * The relay source of `attemptStream`: opens attempts until one delivers an event, then passes that
 * attempt's events on (the relay follows it, unless `mapResponse` rewrites its finish). A class rather
 * than object literals whose methods are replaced: V8 kept those, and the stream with them, past the
 * young generation.
 */
class AttemptSource<TOutput> implements AsyncIterableIterator<StreamEvent<TOutput>> {
  private attempt = 0;
  private inner: AsyncIterator<StreamEvent<TOutput>> | undefined;
  /** Output has reached the caller: from now on failures surface as they are. */
  private delivered = false;

  constructor(
    private readonly options: AttemptStreamOptions<TOutput>,
    private readonly relay: StreamRelay<TOutput>,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StreamEvent<TOutput>>> {
    if (!this.delivered) return this.untilDelivered();
    const inner = this.inner;
    if (!inner) return Promise.resolve(DONE);
    return this.options.mapResponse ? this.mapped(inner) : inner.next();
  }

  async return(): Promise<IteratorResult<StreamEvent<TOutput>>> {
    const current = this.inner;
    this.inner = undefined;
    await current?.return?.();
    return DONE;
  }

  private async untilDelivered(): Promise<IteratorResult<StreamEvent<TOutput>>> {
    const { open, onFailure, mapResponse, provider, modelId } = this.options;
    for (;;) {
      try {
        let inner = this.inner;
        if (!inner) {
          this.attempt += 1;
          const stream = open(this.attempt, this.options.signal);
          this.relay.hand(stream);
          inner = this.inner = stream[Symbol.asyncIterator]();
        }
        const result = await inner.next();
        if (result.done) return result;
        this.delivered = true;
        if (mapResponse) {
          if (result.value.type === 'finish') return { done: false, value: { ...result.value, response: mapResponse(result.value.response, this.attempt) } };
        } else {
          // The relay then reads the attempt's stream directly: no step of its own per event.
          this.relay.follow(inner);
        }
        return result;
      } catch (err) {
        const error = toLLMError(err, { provider, model: modelId });
        this.inner = undefined;
        if (this.relay.aborted) throw error;
        await onFailure(error, this.attempt, this.relay.signal);
      }
    }
  }

  private async mapped(inner: AsyncIterator<StreamEvent<TOutput>>): Promise<IteratorResult<StreamEvent<TOutput>>> {
    const result = await inner.next();
    if (!result.done && result.value.type === 'finish') {
      return { done: false, value: { ...result.value, response: this.options.mapResponse!(result.value.response, this.attempt) } };
    }
    return result;
  }
}
