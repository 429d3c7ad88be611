import { LLMError, toLLMError } from '@llm/errors';
import type { ChatResponse, StreamEvent } from '@llm/schema';
import { activeContext, runInContext } from '@llm/tracing';

/** Produces the events of one stream; gets the stream's own signal, aborted when the stream is. */
export type StreamSource<TOutput> = (signal: AbortSignal) => AsyncIterable<StreamEvent<TOutput>>;

/**
 * Makes, once reading begins, the stream a layer hands on (after an admission, a permit...). That
 * stream must be made with the caller's own signal (`CallOptions.signal`): see `ChatStream.later`.
 */
export type StreamOpener<TOutput> = () => ChatStream<TOutput> | Promise<ChatStream<TOutput>>;

/** What the source of a `ChatStream.relay` gets instead of a signal. */
export interface StreamRelay<TOutput> {
  /** Whether the stream has been aborted (its caller's signal, `abort()`, an early exit). */
  readonly aborted: boolean;
  /** The stream's own signal, made when first asked for (for a wait between attempts, say). */
  readonly signal: AbortSignal;
  /** Says which stream is being read now: the relay's `abort()` is passed on to it (at once if already aborted). */
  hand(stream: ChatStream<TOutput>): void;
  /**
   * Says that from the next event on, the relay's events are exactly those of the stream last
   * handed on, read through `iterator` (that stream's): the relay then hands them on without a step
   * of its own per event (its observers watch that stream's events, and it ends as that stream ends).
   */
  follow(iterator: AsyncIterator<StreamEvent<TOutput>>): void;
}

/** The source of a `ChatStream.relay`: the events of the streams it hands on, one after another. */
export type RelaySource<TOutput> = (relay: StreamRelay<TOutput>) => AsyncIterable<StreamEvent<TOutput>>;

export interface ChatStreamOptions {
  provider: string;
  modelId: string;
  /** The caller's signal: aborting it aborts the stream. */
  signal?: AbortSignal | undefined;
}

function noop(): void {}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** The source of a stream made by `relay` (never called: such a stream reads what its relay source opens). */
function unopened(): never {
  throw new Error('unreachable: a relay() stream has no source of its own');
}

/**
 * Runs an observer's hook: its failure (a metrics recorder or a logger that throws) loses its own
 * record, never the stream's events or the vendor's answer.
 */
function quietly(fn: () => void): void {
  try {
    fn();
  } catch {
    // Bookkeeping only.
  }
}

/** What `observe()` takes: called for each event, then once with the response or the error. */
export interface StreamObserver<TOutput> {
  /** Reading has begun: the request is about to be sent. */
  onStart?: () => void;
  /** The reader asks for the next event (before it has it). */
  onPull?: () => void;
  onEvent?: (event: StreamEvent<TOutput>) => void;
  onFinish?: (response: ChatResponse<TOutput>) => void;
  onError?: (error: LLMError) => void;
}

/** The source of a `ChatStream.later` relay: opens its stream on the first pull, then follows it. */
class LaterSource<TOutput> implements AsyncIterableIterator<StreamEvent<TOutput>> {
  private it: AsyncIterator<StreamEvent<TOutput>> | undefined;
  private following: AsyncIterator<StreamEvent<TOutput>> | undefined;
  private left = false;

  constructor(
    private readonly open: StreamOpener<TOutput>,
    private readonly relay: StreamRelay<TOutput>,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StreamEvent<TOutput>>> {
    if (this.following) return this.following.next();
    return Promise.resolve(this.open()).then((stream) => {
      this.relay.hand(stream);
      const opened = (this.it = stream[Symbol.asyncIterator]());
      if (this.left) {
        // Left while it was being made: it is aborted at once and read only to its end, so that its observers hear.
        stream.abort();
        opened.next().catch(noop);
        return DONE;
      }
      this.following = opened;
      this.relay.follow(opened);
      return opened.next();
    });
  }

  async return(): Promise<IteratorResult<StreamEvent<TOutput>>> {
    this.left = true;
    await this.it?.return?.();
    return DONE;
  }
}

/**
 * A streamed reply: an `AsyncIterable` of typed events, read once, that ends with a `finish`
 * event carrying the assembled response. `response` resolves to that same response.
 * Breaking out of the loop, or aborting the caller's signal, stops the HTTP request; the
 * stream then ends with a `canceled` LLMError.
 */
export class ChatStream<TOutput = undefined> implements AsyncIterable<StreamEvent<TOutput>> {
  readonly provider: string;
  readonly modelId: string;
  /** The stream's own controller, made when first needed (a stream that hands on another's needs none). */
  private own: AbortController | undefined;
  /**
   * Whether `own` has been aborted: set wherever it is, so that the per-event check reads a field
   * rather than the signal's getter (a function V8 throws away at each full collection).
   */
  private ownAborted = false;
  private readonly source: StreamSource<TOutput>;
  /** Set for a stream made by `relay`: its source, and the stream it reads now. */
  private relaySource: RelaySource<TOutput> | undefined;
  private opened: ChatStream<TOutput> | undefined;
  /** A relay's `follow`: the iterator to read from the next event on, then (once switched) the one read. */
  private toFollow: AsyncIterator<StreamEvent<TOutput>> | undefined;
  private through: AsyncIterator<StreamEvent<TOutput>> | undefined;
  /** Relays that follow this stream: they end as it ends. */
  private followers: ChatStream<TOutput>[] | undefined;
  private readonly responsePromise: Promise<ChatResponse<TOutput>>;
  private resolveResponse!: (response: ChatResponse<TOutput>) => void;
  private rejectResponse!: (error: LLMError) => void;
  private started = false;
  private settled = false;
  private readonly callerSignal: AbortSignal | undefined;
  private onCallerAbort: (() => void) | undefined;
  private observers: StreamObserver<TOutput>[] | undefined;
  /** The observers with an `onEvent` / an `onPull` (walked per event), this stream's and its followers'. */
  private eventers: StreamObserver<TOutput>[] | undefined;
  private pullers: StreamObserver<TOutput>[] | undefined;
  /** The context the stream was made in: its source is opened and first read in it. */
  private readonly created = activeContext();

  constructor(source: StreamSource<TOutput>, options: ChatStreamOptions) {
    this.source = source;
    this.provider = options.provider;
    this.modelId = options.modelId;
    this.responsePromise = new Promise<ChatResponse<TOutput>>((resolve, reject) => {
      this.resolveResponse = resolve;
      this.rejectResponse = reject;
    });
    // The promise may never be awaited (the caller only iterates): keep it from crashing the process.
    this.responsePromise.catch(noop);
    this.callerSignal = options.signal;
  }

  /**
   * A stream that hands on the events of another, made by `open` when reading begins (after a
   * breaker's admission, say), without a signal or a listener of its own: `open` makes its stream
   * with the caller's signal (the `options.signal` given here), so the caller's abort reaches it
   * directly, and this stream's `abort()` or an early exit is passed on to it. A refusal (`open`
   * throwing) ends this stream with that error.
   */
  static later<TOutput>(open: StreamOpener<TOutput>, options: ChatStreamOptions): ChatStream<TOutput> {
    // A relay of one stream, which it follows from its first event on.
    return ChatStream.relay<TOutput>((relay) => new LaterSource(open, relay), options);
  }

  /**
   * A stream that reads other streams one after another (retry attempts, fallback models), each
   * made with the caller's own signal (`options.signal`), so that it needs no signal of its own
   * while nothing has to wait: the source tells it which stream it reads now (`relay.hand`), and its
   * `abort()` and an early exit are passed on to that one. `relay.signal` is made when first asked for.
   */
  static relay<TOutput>(source: RelaySource<TOutput>, options: ChatStreamOptions): ChatStream<TOutput> {
    const stream = new ChatStream<TOutput>(unopened, options);
    stream.relaySource = source;
    return stream;
  }

  /**
   * The handle a relay's source gets: a class rather than an object literal with getters, whose
   * instances V8 keeps past their stream (a relay's whole stream then survived the young generation).
   */
  private static readonly RelayHandle = class RelayHandle<T> implements StreamRelay<T> {
    constructor(private readonly stream: ChatStream<T>) {}
    get aborted(): boolean {
      return this.stream.aborted;
    }
    get signal(): AbortSignal {
      return this.stream.controller.signal;
    }
    hand(stream: ChatStream<T>): void {
      this.stream.opened = stream;
      if (this.stream.aborted) stream.abort(this.stream.abortReason);
    }
    follow(iterator: AsyncIterator<StreamEvent<T>>): void {
      this.stream.toFollow = iterator;
    }
  };

  /**
   * A relay starts following the stream it reads (see `StreamRelay.follow`): its per-event observers
   * move to the stream that actually makes the events (the last of a chain of followers), and it
   * ends as the stream it reads ends. Not when that stream has already ended.
   */
  private startFollowing(iterator: AsyncIterator<StreamEvent<TOutput>>): void {
    const target = this.opened;
    if (!target || target.settled) return;
    let maker = target;
    while (maker.through && maker.opened) maker = maker.opened;
    if (this.eventers) (maker.eventers ??= []).push(...this.eventers);
    if (this.pullers) (maker.pullers ??= []).push(...this.pullers);
    this.eventers = this.pullers = undefined;
    (target.followers ??= []).push(this);
    this.through = iterator;
  }

  /** The stream's own controller, linked to the caller's signal when it is made. */
  private get controller(): AbortController {
    let own = this.own;
    if (own) return own;
    own = this.own = new AbortController();
    const caller = this.callerSignal;
    if (caller) {
      if (caller.aborted) this.abortOwn(own, caller.reason);
      else if (!this.settled) {
        const c = own;
        this.onCallerAbort = () => this.abortOwn(c, caller.reason);
        caller.addEventListener('abort', this.onCallerAbort, { once: true });
      }
    }
    return own;
  }

  private abortOwn(own: AbortController, reason?: unknown): void {
    this.ownAborted = true;
    own.abort(reason);
  }

  /** Whether the stream has been aborted (by its caller's signal, `abort()` or an early exit). */
  private get aborted(): boolean {
    return this.own ? this.ownAborted : this.callerSignal?.aborted === true;
  }

  private get abortReason(): unknown {
    return this.own ? this.own.signal.reason : this.callerSignal?.reason;
  }

  /** The stream's own signal: aborted by the caller's signal, by `abort()` or by leaving the loop early. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * The assembled response, once the stream has ended. If nothing is reading the events yet,
   * asking for the response reads them (and drops them) itself.
   */
  get response(): Promise<ChatResponse<TOutput>> {
    if (!this.started) void this.drain();
    return this.responsePromise;
  }

  /** Whether reading has begun (after that, `observe()` is refused). */
  get isStarted(): boolean {
    return this.started;
  }

  /**
   * Watches this stream without adding a layer per chunk: each event is shown to the observer as
   * it passes, then exactly one of `onFinish` / `onError` (a caller leaving early is `canceled`).
   * Only before reading has begun; returns the stream itself.
   */
  observe(observer: StreamObserver<TOutput>): this {
    if (this.started) {
      throw new LLMError({ code: 'invalid_request', message: 'a ChatStream can be observed only before it is read', provider: this.provider, model: this.modelId });
    }
    (this.observers ??= []).push(observer);
    if (observer.onEvent) (this.eventers ??= []).push(observer);
    if (observer.onPull) (this.pullers ??= []).push(observer);
    return this;
  }

  /** Stops the stream and its HTTP request. */
  abort(reason?: unknown): void {
    this.abortOwn(this.controller, reason);
    this.opened?.abort(reason);
  }

  private async drain(): Promise<void> {
    try {
      for await (const _event of this) {
        // Reading to the end settles the response.
      }
    } catch {
      // Already delivered through the response promise.
    }
  }

  private settle(error: LLMError | undefined, response?: ChatResponse<TOutput>): void {
    if (this.settled) return;
    this.settled = true;
    if (this.onCallerAbort) this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    if (error) {
      if (this.observers) for (const o of this.observers) quietly(() => o.onError?.(error));
      this.rejectResponse(error);
    } else if (response) {
      if (this.observers) for (const o of this.observers) quietly(() => o.onFinish?.(response));
      this.resolveResponse(response);
    }
    // The relays that follow this stream end with it, as they would have on its last event.
    if (this.followers) for (const f of this.followers) f.settle(error, response);
  }

  private fail(err: unknown): LLMError {
    const context = { provider: this.provider, model: this.modelId };
    const error =
      this.aborted && !(LLMError.is(err) && err.code === 'timeout')
        ? LLMError.is(err) && err.code === 'canceled'
          ? err
          : new LLMError({ code: 'canceled', message: 'the stream was canceled', ...context, cause: err, local: true })
        : toLLMError(err, context);
    this.settle(error);
    return error;
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent<TOutput>> {
    if (this.started) {
      throw new LLMError({
        code: 'invalid_request',
        message: 'a ChatStream can be read only once (iterate it, or await its response, not both)',
        provider: this.provider,
        model: this.modelId,
      });
    }
    this.started = true;
    if (this.observers) for (const o of this.observers) quietly(() => o.onStart?.());
    let it: AsyncIterator<StreamEvent<TOutput>>;
    let closed = false;
    // A layer that opens its inner stream lazily (after a rate-limit permit, a cache miss, a
    // breaker check, a retry) does so in the source's first pull. That pull, and the source
    // itself, run in the context the stream was made in, not the reader's: spans of the call nest
    // under the caller's span even when the stream is read elsewhere. Later pulls run as they are.
    let first = true;
    try {
      const relay = this.relaySource;
      it = runInContext(this.created, () => (relay ? relay(new ChatStream.RelayHandle(this)) : this.source(this.controller.signal))[Symbol.asyncIterator]());
    } catch (err) {
      const error = this.fail(err);
      return { next: () => Promise.reject(error) };
    }
    // Once the stream is aborted, nothing more reaches the caller: not an event the layers below
    // had already buffered, nor a finish (a stream never "succeeds" after its caller aborted).
    // The inner stream is closed, which stops the HTTP request if it is still running.
    const canceled = (): LLMError => {
      closed = true;
      const error = this.fail(this.abortReason ?? new LLMError({ code: 'canceled', message: 'the stream was canceled', provider: this.provider, model: this.modelId, local: true }));
      Promise.resolve()
        .then(() => it.return?.())
        .catch(noop);
      return error;
    };
    const onResult = (result: IteratorResult<StreamEvent<TOutput>>): IteratorResult<StreamEvent<TOutput>> => {
      if (!this.settled && this.aborted) throw canceled();
      if (result.done) {
        closed = true;
        if (!this.settled) {
          throw this.fail(new LLMError({ code: 'network', message: 'the stream ended before it finished', provider: this.provider, model: this.modelId }));
        }
        return result;
      }
      const event = result.value;
      const eventers = this.eventers;
      if (eventers) {
        for (const o of eventers) {
          try {
            o.onEvent!(event);
          } catch {
            // An observer's own failure is its bookkeeping's, never the stream's.
          }
        }
      }
      if (event.type === 'finish') this.settle(undefined, event.response);
      else if (this.toFollow) {
        // A relay told to follow the stream it reads: from the next event on, that stream's iterator is read directly.
        const next = this.toFollow;
        this.toFollow = undefined;
        this.startFollowing(next);
      }
      return result;
    };
    const onErrorValue = (err: unknown): LLMError => {
      closed = true;
      // A failure that races the caller's abort is the abort's (see `fail`); an aborted timeout stays one.
      return this.fail(this.aborted && !this.settled ? (this.abortReason ?? err) : err);
    };
    const onError = (err: unknown): never => {
      throw onErrorValue(err);
    };
    // Plain `then` callbacks rather than an async function: one promise hop per event.
    return {
      next: () => {
        if (closed) return Promise.resolve(DONE);
        // A relay that follows the stream it reads adds no step per event: that stream checks, watches and ends.
        const through = this.through;
        if (through) return through.next();
        if (!this.settled && this.aborted) return Promise.reject(canceled());
        const pullers = this.pullers;
        if (pullers) {
          for (const o of pullers) {
            try {
              o.onPull!();
            } catch {
              // Bookkeeping only.
            }
          }
        }
        let pending: Promise<IteratorResult<StreamEvent<TOutput>>>;
        try {
          if (first) {
            first = false;
            pending = Promise.resolve(runInContext(this.created, () => it.next()));
          } else {
            pending = Promise.resolve(it.next());
          }
        } catch (err) {
          return Promise.reject(onErrorValue(err));
        }
        return pending.then(onResult, onError);
      },
      return: async () => {
        closed = true;
        if (!this.settled) {
          // A relay closes the stream it reads (which aborts it): it needs no signal of its own, except to end a wait between attempts.
          if (this.own || !this.relaySource) this.abortOwn(this.controller);
          this.fail(new LLMError({ code: 'canceled', message: 'the stream was closed before it finished', provider: this.provider, model: this.modelId, local: true }));
        }
        try {
          await it.return?.();
        } catch {
          // The source's clean-up failing does not change the outcome.
        }
        return DONE;
      },
    };
  }
}
