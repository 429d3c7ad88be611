import type { LLMErrorCode } from '@llm/errors';
import type { Usage } from '@llm/schema';

/**
 * What identifies a model's calls in every metric. Treat it as immutable and make one per model
 * and mode (the recorder derives its attribute sets once per object).
 */
export interface CallAttributes {
  /** `chat`, `text_completion` (GenAI `gen_ai.operation.name`). */
  operation: 'chat' | 'text_completion';
  /** Our provider name: openai, anthropic, google, groq, openrouter, mock... */
  provider: string;
  requestModel: string;
  /** `server.address`, when known. */
  serverAddress?: string;
  /** `server.port`, when `serverAddress` is known. */
  serverPort?: number;
  stream: boolean;
}

/** How one call ended. */
export interface CallOutcome {
  durationMs: number;
  /** The model that answered (`gen_ai.response.model`), when the vendor said. */
  responseModel?: string;
  /**
   * Billed usage. Absent for a reply served from a cache (not billed); on a failure, what the
   * vendor reported before it failed (a stream), if anything.
   */
  usage?: Usage;
  /** The LLMError code (`error.type`) when the call failed. */
  errorCode?: LLMErrorCode;
}

/**
 * Everything the framework measures. The OpenTelemetry implementation records the GenAI
 * semantic-convention metrics plus the framework's own under one prefix; the no-op costs nothing.
 */
export interface MetricsRecorder {
  /**
   * False when recording would be thrown away (the no-op recorder, or the global meter when no
   * OpenTelemetry SDK is installed): middlewares then skip measuring altogether. Absent means true.
   */
  isEnabled?(): boolean;
  /** A call started (active requests / streams go up). */
  callStarted(attributes: CallAttributes): void;
  /** A call ended: duration, token usage, cost; `errorCode` when it failed. */
  callEnded(attributes: CallAttributes, outcome: CallOutcome): void;
  /**
   * First chunk of a stream arrived `ms` after the call started; `responseModel` is the model that
   * answered (`gen_ai.response.model`), when known (the middleware records chunk timings when the
   * stream ends, once the vendor has said).
   */
  timeToFirstChunk(attributes: CallAttributes, ms: number, responseModel?: string): void;
  /** Time between two chunks of a stream; `responseModel` as for `timeToFirstChunk`. */
  timePerOutputChunk(attributes: CallAttributes, ms: number, responseModel?: string): void;
  /** A retry is about to be made (attempt is 2 for the first retry). */
  retry(attributes: Pick<CallAttributes, 'provider' | 'requestModel'>, attempt: number, errorCode: LLMErrorCode): void;
  /** A caller waited `ms` for the rate limiter. */
  rateLimitWait(attributes: Pick<CallAttributes, 'provider' | 'requestModel'>, ms: number): void;
  /** A circuit breaker changed state. */
  circuitStateChange(attributes: Pick<CallAttributes, 'provider' | 'requestModel'>, from: CircuitState, to: CircuitState): void;
  /** A response cache lookup. */
  cacheLookup(attributes: Pick<CallAttributes, 'provider' | 'requestModel'>, hit: boolean): void;
}

export type CircuitState = 'closed' | 'open' | 'half_open';

/** Records nothing and allocates nothing. */
export const noopMetricsRecorder: MetricsRecorder = {
  isEnabled: () => false,
  callStarted() {},
  callEnded() {},
  timeToFirstChunk() {},
  timePerOutputChunk() {},
  retry() {},
  rateLimitWait() {},
  circuitStateChange() {},
  cacheLookup() {},
};
