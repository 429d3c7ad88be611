import type { Attributes } from '@opentelemetry/api';
import { emitsEstablished, emitsLatest, resolveGenAiSemconv, type GenAiSemconv } from '@llm/schema';
import { DURATION_BUCKETS, LATEST_GEN_AI_METRICS, METRIC_GEN_AI_CLIENT_TIME_PER_OUTPUT_CHUNK } from './gen-ai-semconv.js';
import { TIME_PER_OUTPUT_CHUNK_DESCRIPTION } from './gen-ai-instruments.js';
import { attributesKey } from './observed-sums.js';

/** A histogram instrument's name, description and unit, as an exporter names its metric. */
export interface HistogramDescription {
  name: string;
  description: string;
  unit: string;
}

/** One attribute set's histogram so far (cumulative since `startTimeMs`). */
export interface HistogramPoint {
  attributes: Attributes;
  /** When its first value was recorded (ms since the epoch). */
  startTimeMs: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** One count per bucket: bucket i holds the values above boundary i-1 up to boundary i; the last one those above every boundary. */
  bucketCounts: readonly number[];
}

/** A point being recorded into. */
interface Cell extends Omit<HistogramPoint, 'bucketCounts'> {
  bucketCounts: number[];
}

export interface ChunkTimeHistogramsOptions {
  /** Which names to export, as for `createOtelMetricsRecorder` (give both the same). */
  semconv?: GenAiSemconv;
  /**
   * Most attribute sets kept, the overflow set included (the SDK's default, 2000): values of any
   * further set go to the set `{ 'otel.metric.overflow': true }`, as the SDK does.
   */
  cardinalityLimit?: number;
  now?: () => number;
}

const OVERFLOW: Attributes = Object.freeze({ 'otel.metric.overflow': true });

/**
 * The GenAI `time_per_output_chunk` histograms, kept here rather than in the OpenTelemetry SDK.
 * The conventions record one value per streamed chunk after the first: through a meter's
 * histogram, every value costs the SDK a hash of the attribute set (sort and `JSON.stringify`,
 * about 1.3 of its 1.9 µs per record in sdk-metrics 2.12); here a value is a few number updates
 * on the cell of its attribute set, looked up by the identity of the attributes object (the
 * recorder gives the same object for every chunk of a model and response model), with the
 * content compared once per new object. The same values, bucket boundaries (the conventions'),
 * names, unit and description as the recorder's own histograms; an exporter reads them with
 * `points()` (the gateway hands them to its reader as an OpenTelemetry `MetricProducer`).
 */
export class ChunkTimeHistograms {
  /** The metric names of the mode, each with the same data. */
  readonly instruments: readonly HistogramDescription[];
  readonly boundaries: readonly number[] = DURATION_BUCKETS;
  private readonly byObject = new WeakMap<Attributes, Cell>();
  private readonly byContent = new Map<string, Cell>();
  private readonly now: () => number;
  private readonly cardinalityLimit: number;

  constructor(options: ChunkTimeHistogramsOptions = {}) {
    const mode = resolveGenAiSemconv(options.semconv);
    const instruments: HistogramDescription[] = [];
    const describe = (name: string) => instruments.push({ name, description: TIME_PER_OUTPUT_CHUNK_DESCRIPTION, unit: 's' });
    if (emitsEstablished(mode)) describe(METRIC_GEN_AI_CLIENT_TIME_PER_OUTPUT_CHUNK);
    if (emitsLatest(mode)) describe(LATEST_GEN_AI_METRICS.timePerOutputChunk);
    this.instruments = instruments;
    this.now = options.now ?? Date.now;
    this.cardinalityLimit = options.cardinalityLimit ?? 2000;
  }

  /** Records one chunk's time in seconds (negative and NaN values are dropped, as the SDK does). */
  record(seconds: number, attributes: Attributes): void {
    if (!(seconds >= 0)) return;
    const cell = this.byObject.get(attributes) ?? this.cellOf(attributes);
    cell.count++;
    cell.sum += seconds;
    if (seconds < cell.min) cell.min = seconds;
    if (seconds > cell.max) cell.max = seconds;
    const b = this.boundaries;
    let i = 0;
    while (i < b.length && b[i]! < seconds) i++;
    cell.bucketCounts[i]!++;
  }

  private cellOf(recorded: Attributes): Cell {
    let attributes = recorded;
    let key = attributesKey(attributes);
    let cell = this.byContent.get(key);
    if (!cell) {
      // Past the limit, a new set's values go to the overflow set (the SDK's rule).
      if (this.byContent.size >= this.cardinalityLimit - 1) {
        attributes = OVERFLOW;
        key = attributesKey(OVERFLOW);
        cell = this.byContent.get(key);
      }
      if (!cell) {
        cell = { attributes: { ...attributes }, startTimeMs: this.now(), count: 0, sum: 0, min: Infinity, max: -Infinity, bucketCounts: new Array<number>(this.boundaries.length + 1).fill(0) };
        this.byContent.set(key, cell);
      }
    }
    this.byObject.set(recorded, cell);
    return cell;
  }

  /** Every attribute set's histogram so far (copies). */
  points(): HistogramPoint[] {
    return [...this.byContent.values()].map((c) => ({ ...c, bucketCounts: [...c.bucketCounts] }));
  }
}
