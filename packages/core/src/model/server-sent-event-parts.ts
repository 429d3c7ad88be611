import { createParser, type EventSourceParser } from 'eventsource-parser';

/**
 * What a provider does with the events of one Server-Sent Events reply: turns each event's data
 * into transport parts, synchronously, straight into `parts`.
 */
export interface ServerSentEventSink<P> {
  /** The reply's headers arrived (status 2xx; the SDK has already thrown for the others). */
  opened?(response: Response): void;
  /** One event. Throwing fails the stream (the body is cancelled, the error mapped). */
  event(data: string, name: string | undefined, parts: P[]): void;
  /** The body ended: the closing parts (usage sent elsewhere, metadata). */
  end(parts: P[]): void;
  /** Reading failed after the reply opened (in-stream error, broken body, abort): parts to deliver before the error (usage so far). */
  failed?(parts: P[]): void;
}

type ReadResult = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Reads an SSE reply body and hands out the parts a sink makes of its events: one promise per
 * socket read (not per event and layer), no intermediate event objects beyond the parser's own.
 * The vendor SDK still builds and sends the request, authenticates and throws its own errors for
 * non-2xx replies (`open` resolves with its raw `Response`); only the body is read here.
 *
 * Bytes are decoded with a streaming `TextDecoder` (a character split across reads stays whole);
 * framing (LF, CRLF, CR, comments, multi-line data) is eventsource-parser's. Leaving early
 * (`return`) cancels the body, which closes the HTTP request; once `signal` is aborted nothing
 * more is handed out but the sink's `failed` parts (usage so far) and the mapped abort reason.
 */
export class ServerSentEventParts<P> implements AsyncIterableIterator<P> {
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private readonly decoder = new TextDecoder();
  private readonly parser: EventSourceParser;
  /** Parts not handed out yet. */
  private readonly queue: P[] = [];
  private queued = 0;
  /** A failure met after some parts of the same read: thrown once they are handed out. */
  private pendingError: Error | undefined;
  /** The body has ended (only queued parts remain). */
  private ended = false;
  private done = false;
  /**
   * The signal was aborted: seen at the open, then set by its listener, so that the per-part checks
   * read a field rather than the signal's getter (a function V8 throws away at each full collection).
   */
  private abortSeen = false;

  constructor(
    private readonly open: () => Promise<Response>,
    private readonly sink: ServerSentEventSink<P>,
    private readonly mapError: (err: unknown) => Error,
    /** The stream's signal: once aborted, parts already read but not handed out are dropped. */
    private readonly signal?: AbortSignal,
  ) {
    const queue = this.queue;
    this.parser = createParser({ onEvent: (message) => sink.event(message.data, message.event, queue) });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<P>> {
    if (!this.done && (this.reader ? this.abortSeen : this.signal?.aborted)) return this.aborted(this.signal!.reason);
    if (this.queued < this.queue.length) return Promise.resolve(this.dequeue());
    if (this.pendingError) {
      const error = this.pendingError;
      this.pendingError = undefined;
      return Promise.reject(error);
    }
    if (this.done || this.ended) {
      this.finish();
      return Promise.resolve(DONE);
    }
    if (!this.reader) {
      let opening: Promise<Response>;
      try {
        opening = this.open();
      } catch (err) {
        return Promise.reject(this.failed(err));
      }
      return opening.then(this.onOpened, this.onError);
    }
    return this.pull();
  }

  async return(): Promise<IteratorResult<P>> {
    const open = this.reader !== undefined && !this.ended && !this.done;
    this.done = true;
    this.queue.length = 0;
    this.queued = 0;
    this.pendingError = undefined;
    this.unlisten();
    if (open) await this.reader?.cancel().catch(() => undefined);
    return DONE;
  }

  /** Aborted between reads: what was read and not handed out is dropped; the sink's last parts (usage so far), then the error. */
  private aborted(reason: unknown): Promise<IteratorResult<P>> {
    this.queue.length = 0;
    this.queued = 0;
    try {
      return Promise.resolve(this.fail(reason));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private pull(): Promise<IteratorResult<P>> {
    let pending: Promise<ReadResult>;
    try {
      pending = this.reader!.read();
    } catch (err) {
      pending = Promise.reject(err);
    }
    return pending.then(this.onRead, this.onError);
  }

  private failed(err: unknown): Error {
    const wasDone = this.done;
    this.done = true;
    this.unlisten();
    if (this.reader && !this.ended) {
      // As the SDKs' streams do: a failure while reading closes the request.
      void this.reader.cancel().catch(() => undefined);
      if (!wasDone) this.sink.failed?.(this.queue);
    }
    return this.mapError(err);
  }

  /** Fails the stream: the parts still queued (this read's, the sink's last) first, then the error. */
  private fail(err: unknown): IteratorResult<P> {
    const error = this.failed(err);
    if (this.queued < this.queue.length) {
      this.pendingError = error;
      return this.dequeue();
    }
    throw error;
  }

  /** A rejected open or read; after `return()` (the body cancelled under a pending read) it only ends. */
  private readonly onError = (err: unknown): IteratorResult<P> => (this.done && this.reader ? DONE : this.fail(err));

  private readonly onOpened = (response: Response): Promise<IteratorResult<P>> => {
    try {
      this.sink.opened?.(response);
      if (!response.body) throw new TypeError('the streamed reply has no body');
      this.reader = response.body.getReader();
      // The abort closes the body itself, not only through the SDK's fetch: undici's link from the
      // caller's signal to a fetch is held weakly and is lost once its Request is collected
      // (nodejs/node#55428), which left a stalled vendor stream open after a timeout.
      const signal = this.signal;
      if (signal) {
        if (signal.aborted) this.abortSeen = true;
        else signal.addEventListener('abort', this.onAbort, { once: true });
      }
    } catch (err) {
      void response.body?.cancel().catch(() => undefined);
      return Promise.reject(this.failed(err));
    }
    return this.pull();
  };

  /** The signal was aborted while the body is open: cancel it (a pending read then ends as aborted). */
  private readonly onAbort = (): void => {
    this.abortSeen = true;
    if (this.reader && !this.ended && !this.done) void this.reader.cancel(this.signal?.reason).catch(() => undefined);
  };

  private finish(): void {
    this.done = true;
    this.unlisten();
  }

  private unlisten(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
  }

  private readonly onRead = (result: ReadResult): IteratorResult<P> | Promise<IteratorResult<P>> => {
    if (this.done) return DONE;
    if (this.abortSeen) return this.aborted(this.signal!.reason);
    this.queue.length = 0;
    this.queued = 0;
    try {
      if (result.done) {
        // The listener stays until the last part is handed out: an abort before then still drops them.
        this.ended = true;
        this.sink.end(this.queue);
        return this.dequeue();
      }
      this.parser.feed(this.decoder.decode(result.value, { stream: true }));
    } catch (err) {
      // The events before the failing one in this read are delivered first, as they would have been one by one.
      return this.fail(err);
    }
    return this.queue.length > 0 ? this.dequeue() : this.pull();
  };

  private dequeue(): IteratorResult<P> {
    if (this.queued < this.queue.length) return { done: false, value: this.queue[this.queued++]! };
    this.finish();
    return DONE;
  }
}
