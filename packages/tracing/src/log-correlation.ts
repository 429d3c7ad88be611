import { otelApi } from './otel-api.js';

export interface TraceCorrelation {
  trace_id: string;
  span_id: string;
  trace_flags: string;
}

/**
 * The ids of the active span, to put on a log line (`trace_id`, `span_id`, `trace_flags` as
 * in OpenTelemetry's log correlation), or undefined when no span is active.
 */
export function activeTraceCorrelation(): TraceCorrelation | undefined {
  const { context, isSpanContextValid, trace } = otelApi();
  const spanContext = trace.getSpanContext(context.active());
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId, trace_flags: `0${spanContext.traceFlags.toString(16)}`.slice(-2) };
}
