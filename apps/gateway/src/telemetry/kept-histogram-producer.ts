import { ValueType, type HrTime } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type CollectionResult, type HistogramMetricData, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { METER_NAME, METER_VERSION, type KeptHistograms } from '@llm/metrics';

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/**
 * Hands the GenAI histograms that `@llm/metrics` keeps itself (see `KeptHistograms`: durations,
 * token usage, time to first chunk and per output chunk, without the SDK's attribute hashing per
 * record) to a metric reader, as cumulative histograms of the recorder's own scope: what the
 * recorder's SDK histograms would have exported (names, descriptions, units, value types,
 * boundaries, points).
 */
export function keptHistogramProducer(histograms: KeptHistograms, now: () => number = Date.now): MetricProducer {
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
