import { ValueType, type Counter } from '@opentelemetry/api';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { AggregationTemporality, MeterProvider, MetricReader, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { KeptHistograms, createOtelMetricsRecorder, type MetricsRecorder } from '@llm/metrics';
import { keptHistogramProducer } from '@llm/metrics/sdk';

/** A reader that collects only when asked: at each scrape of `/metrics`. */
class ScrapeReader extends MetricReader {
  constructor(metricProducers: MetricProducer[]) {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE, metricProducers });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** A key's budget state for the gauges. */
export interface KeySpendSample {
  key: string;
  period: string;
  spentUsd: number;
  limitUsd: number;
  remainingUsd: number;
}

/**
 * The gateway's metrics in Prometheus' text format: the framework's GenAI metrics (operation
 * duration, token usage, time to first chunk, time per output chunk, requests, errors, cost,
 * retries, circuit changes) recorded by every upstream stack, the gateway's HTTP requests, and
 * each key's spend and remaining budget, read from the budget store at each scrape.
 */
export class PrometheusMetrics {
  readonly recorder: MetricsRecorder;
  /** The GenAI histograms recorded per call and per chunk, kept by @llm/metrics rather than hashed into the SDK at every record. */
  private readonly histograms = new KeptHistograms();
  private readonly reader = new ScrapeReader([keptHistogramProducer(this.histograms)]);
  private readonly provider: MeterProvider;
  private readonly serializer = new PrometheusSerializer();
  private readonly requests: Counter;

  constructor(keySpend: () => Promise<KeySpendSample[]>) {
    this.provider = new MeterProvider({ readers: [this.reader] });
    this.recorder = createOtelMetricsRecorder({ meterProvider: this.provider, histograms: this.histograms });
    const meter = this.provider.getMeter('@llm/gateway');
    this.requests = meter.createCounter('llm.gateway.requests', { description: 'HTTP requests to the chat endpoints, by endpoint and status.', unit: '{request}', valueType: ValueType.INT });
    const spent = meter.createObservableGauge('llm.gateway.key.spend', { description: "Each key's spend in its current budget period.", unit: 'USD' });
    const remaining = meter.createObservableGauge('llm.gateway.key.budget.remaining', { description: "What is left of each key's budget in its period (reservations of calls in flight deducted).", unit: 'USD' });
    const limit = meter.createObservableGauge('llm.gateway.key.budget.limit', { description: "Each key's budget per period.", unit: 'USD' });
    meter.addBatchObservableCallback(
      async (observer) => {
        for (const s of await keySpend()) {
          const attributes = { key: s.key, period: s.period };
          observer.observe(spent, s.spentUsd, attributes);
          observer.observe(remaining, s.remainingUsd, attributes);
          observer.observe(limit, s.limitUsd, attributes);
        }
      },
      [spent, remaining, limit],
    );
  }

  /** Counts one chat request by endpoint and HTTP status. */
  requestEnded(endpoint: string, status: number): void {
    this.requests.add(1, { endpoint, status: String(status) });
  }

  /** The exposition text of everything recorded so far. */
  async scrape(): Promise<string> {
    const { resourceMetrics, errors } = await this.reader.collect();
    if (errors.length > 0) throw errors[0];
    return this.serializer.serialize(resourceMetrics);
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}
