import { ProxyTracerProvider, trace, type Tracer, type TracerProvider } from '@opentelemetry/api';

export const TRACER_NAME = '@llm/tracing';
export const TRACER_VERSION = '0.1.0';

export interface TracerSource {
  /** A tracer to use (wins over `tracerProvider`). */
  tracer?: Tracer;
  /** A provider to take the tracer from; without either, the global provider. */
  tracerProvider?: TracerProvider;
}

/** What the API's global proxy delegates to while no SDK is registered. */
const NOOP_DELEGATE = new ProxyTracerProvider().getDelegate();

/** True while no tracer provider is registered globally (no SDK installed or started). */
export function isGlobalTracingNoop(): boolean {
  const provider = trace.getTracerProvider();
  return provider instanceof ProxyTracerProvider && provider.getDelegate() === NOOP_DELEGATE;
}

/**
 * Returns the tracer to record with, or undefined when spans would go nowhere: an injected
 * tracer or provider is always used; the global one only once an SDK has registered a provider.
 */
export function resolveTracer(source: TracerSource = {}): Tracer | undefined {
  if (source.tracer) return source.tracer;
  if (source.tracerProvider) return source.tracerProvider.getTracer(TRACER_NAME, TRACER_VERSION);
  if (isGlobalTracingNoop()) return undefined;
  return trace.getTracer(TRACER_NAME, TRACER_VERSION);
}
