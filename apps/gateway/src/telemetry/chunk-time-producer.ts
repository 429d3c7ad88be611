import { ValueType, type HrTime } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import { AggregationTemporality, DataPointType, type CollectionResult, type HistogramMetricData, type MetricProducer } from '@opentelemetry/sdk-metrics';
import { METER_NAME, METER_VERSION, type ChunkTimeHistograms } from '@llm/metrics';

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

/**
 * Hands the `time_per_output_chunk` histograms that `@llm/metrics` keeps itself (see
 * `ChunkTimeHistograms`: no attribute hashing per streamed chunk) to a metric reader, as
 * cumulative histograms of the recorder's own scope: what the recorder's SDK histograms would
 * have exported.
 */
export function chunkTimeProducer(histograms: ChunkTimeHistograms, now: () => number = Date.now): MetricProducer {
  return {
    collect(): Promise<CollectionResult> {
      const points = histograms.points();
      const endTime = hrTime(now());
      const boundaries = [...histograms.boundaries];
      const metrics = points.length === 0 ? [] : histograms.instruments.map(
        (instrument): HistogramMetricData => ({
          descriptor: { name: instrument.name, description: instrument.description, unit: instrument.unit, valueType: ValueType.DOUBLE },
          aggregationTemporality: AggregationTemporality.CUMULATIVE,
          dataPointType: DataPointType.HISTOGRAM,
          dataPoints: points.map((p) => ({
            startTime: hrTime(p.startTimeMs),
            endTime,
            attributes: p.attributes,
            value: { buckets: { boundaries, counts: [...p.bucketCounts] }, count: p.count, sum: p.sum, min: p.min, max: p.max },
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
