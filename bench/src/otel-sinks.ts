import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { KeptHistograms } from '@llm/metrics';
import { keptHistogramProducer } from '@llm/metrics/sdk';

/** Takes finished spans and drops them: the SDK's whole recording path runs, nothing is sent. */
export class DiscardingExporter implements SpanExporter {
  spans = 0;
  export(spans: ReadableSpan[], done: (result: { code: 0 }) => void): void {
    this.spans += spans.length;
    done({ code: 0 });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** A reader that is collected only when asked (at the end, for the self-check): instruments record into the SDK's aggregators as in production. */
export class IdleReader extends MetricReader {
  constructor(metricProducers: MetricProducer[] = []) {
    super({ metricProducers });
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export interface RegisteredOtelSdk {
  exporter: DiscardingExporter;
  meterProvider: MeterProvider;
  /** With `keptHistograms`: the histograms a recorder keeps, read by the SDK's reader through `keptHistogramProducer`. */
  histograms?: KeptHistograms;
  flush(): Promise<void>;
  /** Collects the reader once: how many points the kept GenAI histograms gave it. */
  keptHistogramPoints(): Promise<number>;
}

/**
 * Registers the OpenTelemetry SDK globally, as an application would: spans batched and discarded,
 * metrics aggregated. With `keptHistograms`, the reader also takes the histograms of a
 * `KeptHistograms` (for a recorder made with `createOtelMetricsRecorder({ meterProvider, histograms })`)
 * through `@llm/metrics/sdk`'s producer, as an application that opts in would wire it.
 */
export function registerOtelSdk(options: { keptHistograms?: boolean } = {}): RegisteredOtelSdk {
  const exporter = new DiscardingExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  const histograms = options.keptHistograms ? new KeptHistograms() : undefined;
  const reader = new IdleReader(histograms ? [keptHistogramProducer(histograms)] : []);
  const meterProvider = new MeterProvider({ readers: [reader] });
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    exporter,
    meterProvider,
    ...(histograms ? { histograms } : {}),
    flush: () => tracerProvider.forceFlush(),
    keptHistogramPoints: async () => {
      if (!histograms) return 0;
      const { resourceMetrics } = await reader.collect();
      const names = new Set(histograms.histograms.map((h) => h.descriptor.name));
      return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).filter((m) => names.has(m.descriptor.name)).reduce((n, m) => n + m.dataPoints.length, 0);
    },
  };
}
