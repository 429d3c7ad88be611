import type { Attributes, Context, Span } from '@opentelemetry/api';
import type { LLMError } from '@llm/errors';
import { otelApi } from './otel-api.js';
import { GEN_AI_SPAN_ATTRIBUTES as A, LLM_SPAN_ATTRIBUTES as L, RETRY_EVENT } from './gen-ai-span-attributes.js';

/** Where the inference span of the logical call in progress is kept, for the layers below it (retry). */
const INFERENCE_SPAN_KEY = Symbol.for('@llm/tracing inference span');

/**
 * The context in which `span` is both the active span and the inference span of the logical call:
 * run the call (its retries included) in it, and `noteRetry` records each retried attempt on it.
 */
export function contextWithInferenceSpan(span: Span, parent: Context = otelApi().context.active()): Context {
  return otelApi().trace.setSpan(parent, span).setValue(INFERENCE_SPAN_KEY, span);
}

/** One retry about to be made, as the retry layer sees it. */
export interface RetryNote {
  /** The attempt about to start (2 for the first retry). */
  attempt: number;
  /** What the previous attempt failed with. */
  error: LLMError;
  /** The wait before the next attempt, ms. */
  delayMs: number;
}

/**
 * Records a retried attempt on the inference span of the call in `ctx` (the active context by
 * default), as an `llm.retry` event: the attempt about to start, the error the previous one
 * failed with (`error.type`, HTTP status, message) and the wait. The attempt's failure is not the
 * operation's outcome, so the span's status is left alone. Nothing happens outside an inference
 * span (tracing off, or no context manager to carry it).
 */
export function noteRetry(note: RetryNote, ctx: Context = otelApi().context.active()): void {
  const span = ctx.getValue(INFERENCE_SPAN_KEY) as Span | undefined;
  if (!span?.isRecording()) return;
  const { error } = note;
  const attrs: Attributes = {
    [L.retryAttempt]: note.attempt,
    [A.errorType]: error.code,
    [L.errorMessage]: error.message,
    [L.retryDelay]: note.delayMs / 1000,
  };
  if (error.status !== undefined) attrs[L.httpStatus] = error.status;
  if (error.requestId !== undefined) attrs[L.requestId] = error.requestId;
  span.addEvent(RETRY_EVENT, attrs);
}
