import { ValueType } from '@opentelemetry/api';
import { DataPointType, type HistogramMetricData, type MetricData } from '@opentelemetry/sdk-metrics';
import type { KeptHistogramMetric } from './kept-histograms.js';

/** A histogram metric in a shape both sides give: descriptor, and points sorted by attributes (sums rounded to 1e-9). */
export interface ComparableHistogram {
  name: string;
  description: string;
  unit: string;
  valueType: 'INT' | 'DOUBLE';
  points: Array<{ attributes: string; count: number; sum: number; min: number | undefined; max: number | undefined; boundaries: readonly number[]; counts: readonly number[] }>;
}

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e9) / 1e9 : x);
const byAttributes = (a: { attributes: string }, b: { attributes: string }) => (a.attributes < b.attributes ? -1 : a.attributes > b.attributes ? 1 : 0);
const attributesText = (a: object) => JSON.stringify(Object.entries(a).sort(([x], [y]) => (x < y ? -1 : 1)));

export function isHistogram(m: MetricData): m is HistogramMetricData {
  return m.dataPointType === DataPointType.HISTOGRAM;
}

export function fromSdk(m: HistogramMetricData): ComparableHistogram {
  return {
    name: m.descriptor.name,
    description: m.descriptor.description,
    unit: m.descriptor.unit,
    valueType: m.descriptor.valueType === ValueType.INT ? 'INT' : 'DOUBLE',
    points: m.dataPoints
      .map((p) => ({ attributes: attributesText(p.attributes), count: p.value.count, sum: round(p.value.sum!), min: p.value.min, max: p.value.max, boundaries: p.value.buckets.boundaries, counts: p.value.buckets.counts }))
      .sort(byAttributes),
  };
}

export function fromKept(m: KeptHistogramMetric): ComparableHistogram {
  const { name, description, unit, valueType, boundaries } = m.descriptor;
  return {
    name,
    description,
    unit,
    valueType,
    points: m.points.map((p) => ({ attributes: attributesText(p.attributes), count: p.count, sum: round(p.sum), min: p.min, max: p.max, boundaries, counts: p.bucketCounts })).sort(byAttributes),
  };
}
