import { LLMError } from '@llm/errors';
import type { HistogramDescription } from './histogram-description.js';
import { KeptHistogram, type HistogramPoint } from './kept-histogram.js';

export interface KeptHistogramsOptions {
  /**
   * Most attribute sets per metric between two collections, the overflow set included (the SDK's
   * default, 2000): the values of further sets go to `{ 'otel.metric.overflow': true }`, as the
   * SDK does. A whole number, at least 1.
   */
  cardinalityLimit?: number;
  /** The clock of the points' start times (ms since the epoch). */
  now?: () => number;
}

/** One kept metric as a collection reads it. */
export interface KeptHistogramMetric {
  descriptor: HistogramDescription;
  /** Each attribute set's cumulative histogram. */
  points: HistogramPoint[];
}

function sameDescription(a: HistogramDescription, b: HistogramDescription): boolean {
  return (
    a.name === b.name &&
    a.description === b.description &&
    a.unit === b.unit &&
    a.valueType === b.valueType &&
    a.boundaries.length === b.boundaries.length &&
    a.boundaries.every((x, i) => x === b.boundaries[i])
  );
}

/**
 * The histograms a recorder made with `createOtelMetricsRecorder({ histograms })` records per call
 * (GenAI durations, token usage, time to first chunk and per output chunk, in the names of its
 * mode), kept here rather than in the OpenTelemetry SDK: a record is a few number updates on the
 * cell of its attribute set instead of the SDK's hash of the attribute set. The recorder registers
 * each histogram it records into (with its name, description, unit, value type and bucket
 * boundaries: the same as its SDK instruments); an exporter reads them all with `collect()` at
 * each collection, as cumulative histograms (`keptHistogramProducer` of `@llm/metrics/sdk` hands
 * them to an OpenTelemetry SDK metric reader as a `MetricProducer`).
 */
export class KeptHistograms {
  private readonly byName = new Map<string, KeptHistogram>();
  private readonly cardinalityLimit: number;
  private readonly now: () => number;

  constructor(options: KeptHistogramsOptions = {}) {
    const limit = options.cardinalityLimit ?? 2000;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new LLMError({ code: 'configuration', message: `KeptHistograms: cardinalityLimit must be a whole number of at least 1, got ${String(limit)}` });
    }
    this.cardinalityLimit = limit;
    this.now = options.now ?? Date.now;
  }

  /**
   * The histogram of `descriptor.name`, made on first use. Asking again for a name with another
   * description, unit, value type or boundaries is an `LLMError` (`configuration`): one name, one metric.
   */
  histogram(descriptor: HistogramDescription): KeptHistogram {
    const known = this.byName.get(descriptor.name);
    if (known) {
      if (!sameDescription(known.descriptor, descriptor)) {
        throw new LLMError({ code: 'configuration', message: `KeptHistograms: the histogram ${descriptor.name} is already kept with another description, unit, value type or boundaries` });
      }
      return known;
    }
    const made = new KeptHistogram({ ...descriptor, boundaries: [...descriptor.boundaries] }, this.cardinalityLimit, this.now);
    this.byName.set(descriptor.name, made);
    return made;
  }

  /** Every kept histogram, in the order they were made. */
  get histograms(): readonly KeptHistogram[] {
    return [...this.byName.values()];
  }

  /**
   * One collection: each histogram that has points, with every attribute set's cumulative
   * histogram (copies). Starts a new interval of the cardinality limit, as an SDK collection does.
   */
  collect(): KeptHistogramMetric[] {
    const metrics: KeptHistogramMetric[] = [];
    for (const h of this.byName.values()) {
      const points = h.points();
      if (points.length > 0) metrics.push({ descriptor: h.descriptor, points });
    }
    return metrics;
  }
}
