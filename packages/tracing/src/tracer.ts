import type { Tracer, TracerProvider } from '@opentelemetry/api';
import { otelApi } from './otel-api.js';

export const TRACER_NAME = '@llm/tracing';
export const TRACER_VERSION = '0.1.0';

export interface TracerSource {
  /** A tracer to use (wins over `tracerProvider`). */
  tracer?: Tracer;
  /** A provider to take the tracer from; without either, the global provider. */
  tracerProvider?: TracerProvider;
}

let noop: TracerProvider | undefined;

/** What the API's global proxy delegates to while no SDK is registered (the API's one no-op provider). */
function noopDelegate(): TracerProvider {
  return (noop ??= new (otelApi().ProxyTracerProvider)().getDelegate());
}

/** The provider the global proxy delegates to now (the no-op one until an SDK registers). */
function globalDelegate(): TracerProvider {
  const { ProxyTracerProvider, trace } = otelApi();
  const provider = trace.getTracerProvider();
  return provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider;
}

/** True while no tracer provider is registered globally (no SDK installed or started). */
export function isGlobalTracingNoop(): boolean {
  return globalDelegate() === noopDelegate();
}

/**
 * A function giving the tracer to record with, or undefined when spans would go nowhere: an
 * injected tracer or provider is always used; the global one only once an SDK has registered a
 * provider (a provider registered later is picked up). The tracer is looked up once per
 * provider, not on every call.
 */
export function tracerResolver(source: TracerSource = {}): () => Tracer | undefined {
  if (source.tracer) {
    const tracer = source.tracer;
    return () => tracer;
  }
  if (source.tracerProvider) {
    const tracer = source.tracerProvider.getTracer(TRACER_NAME, TRACER_VERSION);
    return () => tracer;
  }
  let delegate: TracerProvider | undefined;
  let tracer: Tracer | undefined;
  return () => {
    const current = globalDelegate();
    if (current !== delegate) {
      delegate = current;
      tracer = current === noopDelegate() ? undefined : current.getTracer(TRACER_NAME, TRACER_VERSION);
    }
    return tracer;
  };
}
