import type { Context, Span, SpanContext } from '@opentelemetry/api';
import { otelApi } from './otel-api.js';

/** What one logical call (retries and fallback hops included) learned about its attempts. */
interface CallRecord {
  /** The span of the latest attempt, once one started. */
  attempt: SpanContext | undefined;
  /** The enclosing call's record (a client used as another client's fallback). */
  outer: CallRecord | undefined;
}

/** The context key of the call record (what the API's `createContextKey` makes: a symbol). */
const CALL_KEY = Symbol.for('@llm/tracing call scope');

/**
 * One logical call, as the layer outside retry and fallback sees it: run the call in `context`
 * so that each attempt's span is noted (`noteAttemptSpan`), then write the call's outcome with
 * `inLatestAttempt`, in the context of the span that produced it.
 */
export interface CallScope {
  readonly context: Context;
  /** Runs `fn` with the latest attempt's span active (the caller's context when no attempt was traced). */
  inLatestAttempt<T>(fn: () => T): T;
}

/** Opens a call scope under `parent` (the active context by default). */
export function openCallScope(parent: Context = otelApi().context.active()): CallScope {
  const record: CallRecord = { attempt: undefined, outer: parent.getValue(CALL_KEY) as CallRecord | undefined };
  return {
    context: parent.setValue(CALL_KEY, record),
    inLatestAttempt: (fn) => (record.attempt ? otelApi().context.with(otelApi().trace.setSpanContext(parent, record.attempt), fn) : fn()),
  };
}

/** Notes `span` as the latest attempt of the call scopes open in `ctx` (the active context by default). */
export function noteAttemptSpan(span: Span, ctx: Context = otelApi().context.active()): void {
  const spanContext = span.spanContext();
  for (let r = ctx.getValue(CALL_KEY) as CallRecord | undefined; r; r = r.outer) r.attempt = spanContext;
}
