/**
 * How a call is retried. The same fields as the `retry` config (durations in ms); a call can
 * override any of them with `CallOptions.retry`.
 */
export interface RetrySettings {
  /** Attempts after the first (0: no retry). */
  maxRetries: number;
  /** Delay before the first retry, ms. */
  initialDelay: number;
  /** Growth of the delay per retry. */
  multiplier: number;
  /** Ceiling of one delay, ms. */
  maxDelay: number;
  /** Time from the first attempt after which no retry is started (nor waited for), ms. */
  maxTotalTime: number;
}

/** Time limits of one call, in ms. Absent limits are not enforced. */
export interface TimeoutSettings {
  /** The whole call; for a stream, until its finish event. */
  total?: number | undefined;
  /** A stream: from the start until its first event. */
  firstChunk?: number | undefined;
  /** A stream: the longest wait for the next event once the first has come. */
  idle?: number | undefined;
}

/** See {@link CallOptions.scope}. */
export interface CallScope {
  readonly [key: symbol]: unknown;
}

/** Per-call options, kept apart from the request so requests stay plain data. */
export interface CallOptions {
  /** Aborting stops the HTTP request; the call fails with a `canceled` LLMError. */
  signal?: AbortSignal;
  /** Extra HTTP headers for this call. */
  headers?: Record<string, string>;
  /**
   * Called whenever the vendor sends something on a stream (each part the transport reads,
   * frames that carry no text included), so that a limit on silence counts the vendor's chunks,
   * not the caller's events. The timeout middleware sets it; layers pass it down as they are.
   */
  onActivity?: (() => void) | undefined;
  /**
   * Call-wide state that an outer layer shares with the layers inside it, e.g. to link each
   * retry attempt and fallback hop to its call (analytics). Every middleware passes it down
   * unchanged and it never reaches the vendor. Keys are symbols, each owned by the layer that sets it.
   */
  scope?: CallScope;
  /** Overrides the retry middleware's policy for this call (durations in ms; `maxRetries: 0` turns retrying off). */
  retry?: Partial<RetrySettings>;
  /** Overrides the timeout middleware's limits for this call (ms). */
  timeouts?: TimeoutSettings;
}
