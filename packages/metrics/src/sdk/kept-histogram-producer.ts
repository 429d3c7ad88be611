import { ValueType, type HrTime } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type CollectionResult, type HistogramMetricData, type MetricProducer } from '@opentelemetry/sdk-metrics';
import type { KeptHistograms } from '../kept-histograms.js';
import { METER_NAME, METER_VERSION } from '../otel-metrics-recorder.js';

export interface KeptHistogramProducerOptions {
  /** The clock of the points' end times (ms since the epoch); `Date.now` by default. */
  now?: () => number;
}

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/**
 * Hands the GenAI histograms a recorder keeps itself (`createOtelMetricsRecorder({ histograms })`,
 * see `KeptHistograms`) to an OpenTelemetry SDK metric reader, as cumulative histograms of the
 * recorder's own scope: what the recorder's SDK histograms would have exported (names,
 * descriptions, units, value types, boundaries, points), so nothing is exported twice. Give it to
 * the reader when making it: `new PeriodicExportingMetricReader({ exporter, metricProducers: [keptHistogramProducer(histograms)] })`.
 * Each `collect()` reads the histograms once (and starts their next interval of the cardinality
 * limit), so give one `KeptHistograms` to one reader. The reader exports the points with its own
 * resource; the producer's is empty.
 */
export function keptHistogramProducer(histograms: KeptHistograms, options: KeptHistogramProducerOptions = {}): MetricProducer {
  const now = options.now ?? Date.now;
  return {
    collect(): Promise<CollectionResult> {
      const endTime = hrTime(now());
      const metrics = histograms.collect().map(
        ({ descriptor: d, points }): HistogramMetricData => ({
          descriptor: { name: d.name, description: d.description, unit: d.unit, valueType: ValueType[d.valueType] },
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.HISTOGRAM,
          dataPoints: points.map((p) => ({
            startTime: hrTime(p.startTimeMs),
            endTime,
            attributes: p.attributes,
            value: { buckets: { boundaries: [...d.boundaries], counts: [...p.bucketCounts] }, count: p.count, sum: p.sum, min: p.min, max: p.max },
          })),
        }),
      );
      return Promise.resolve({
        resourceMetrics: { resource: emptyResource(), scopeMetrics: metrics.length === 0 ? [] : [{ scope: { name: METER_NAME, version: METER_VERSION }, metrics }] },
        errors: [],
      });
    },
  };
}
