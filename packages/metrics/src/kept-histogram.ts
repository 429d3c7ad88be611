import type { Attributes } from '@opentelemetry/api';
import type { RecordingHistogram } from './gen-ai-instruments.js';
import type { HistogramDescription } from './histogram-description.js';
import { attributesKey } from './observed-sums.js';

/** One attribute set's histogram so far (cumulative since `startTimeMs`). */
export interface HistogramPoint {
  attributes: Attributes;
  /** When its first value was recorded (ms since the epoch). */
  startTimeMs: number;
  count: number;
  sum: number;
  /** Undefined while no value was counted (a set whose only values were NaN, as in the SDK). */
  min: number | undefined;
  max: number | undefined;
  /** One count per bucket: bucket i holds the values above boundary i-1 up to boundary i (included); the last one those above every boundary. */
  bucketCounts: readonly number[];
}

/** An attribute set being recorded into. */
interface Cell {
  attributes: Attributes;
  startTimeMs: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  bucketCounts: number[];
  /** The collection interval in which the set last took one of the interval's slots (-1: never, no point yet). */
  interval: number;
}

const OVERFLOW: Attributes = Object.freeze({ 'otel.metric.overflow': true });
const OVERFLOW_KEY = attributesKey(OVERFLOW);

/** Where each value lands: the index of the first boundary not below it (the SDK's `binarySearchUB`). */
function bucketOf(boundaries: readonly number[], value: number): number {
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (boundaries[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One histogram metric kept outside the OpenTelemetry SDK, as the SDK's explicit-bucket histogram
 * would aggregate it for a cumulative reader: per attribute set the count, sum, min, max and
 * bucket counts. A record finds its set by the identity of the attributes object (the recorder
 * passes the same object for every call of a model and outcome), comparing content once per new
 * object; the SDK hashes the attribute set (sort and `JSON.stringify`) on every record.
 *
 * The SDK's rules, kept: negative values are dropped; NaN is not counted (a DOUBLE histogram still
 * opens the set's series, an INT one drops it); an INT histogram drops a value's fraction and
 * drops non-finite values; a value equal to a boundary goes in that boundary's bucket. Between two
 * collections (`points()` calls) at most `cardinalityLimit - 1` sets take values of their own; the
 * values of further sets go to `{ 'otel.metric.overflow': true }`.
 */
export class KeptHistogram implements RecordingHistogram {
  private readonly byObject = new WeakMap<Attributes, Cell>();
  private readonly byContent = new Map<string, Cell>();
  private readonly int: boolean;
  private readonly boundaries: readonly number[];
  /** The current collection interval, and how many sets took a slot in it. */
  private interval = 0;
  private active = 0;

  constructor(
    readonly descriptor: HistogramDescription,
    private readonly cardinalityLimit: number,
    private readonly now: () => number,
  ) {
    this.int = descriptor.valueType === 'INT';
    this.boundaries = descriptor.boundaries;
  }

  record(value: number, attributes: Attributes): void {
    if (!(value >= 0)) {
      // Negative: dropped. NaN: the SDK's DOUBLE histogram opens the set without counting it.
      if (value !== value && !this.int) this.cellFor(attributes);
      return;
    }
    if (this.int && !Number.isInteger(value)) {
      value = Math.trunc(value);
      if (!Number.isFinite(value)) return;
    }
    const cell = this.cellFor(attributes);
    cell.count++;
    cell.sum += value;
    if (value < cell.min) cell.min = value;
    if (value > cell.max) cell.max = value;
    cell.bucketCounts[bucketOf(this.boundaries, value)]!++;
  }

  /** The cell a value of `attributes` goes to in this interval: the set's own, or the overflow set's. */
  private cellFor(attributes: Attributes): Cell {
    const cell = this.byObject.get(attributes) ?? this.cellOf(attributes);
    if (cell.interval === this.interval) return cell;
    // The SDK's per-interval limit: a set new to this interval takes a slot while one is left.
    if (this.active < this.cardinalityLimit - 1) return this.takeSlot(cell);
    const overflow = this.cellByKey(OVERFLOW_KEY, OVERFLOW);
    return overflow.interval === this.interval ? overflow : this.takeSlot(overflow);
  }

  private takeSlot(cell: Cell): Cell {
    this.active++;
    if (cell.interval < 0) cell.startTimeMs = this.now();
    cell.interval = this.interval;
    return cell;
  }

  private cellOf(attributes: Attributes): Cell {
    const cell = this.cellByKey(attributesKey(attributes), attributes);
    this.byObject.set(attributes, cell);
    return cell;
  }

  private cellByKey(key: string, attributes: Attributes): Cell {
    let cell = this.byContent.get(key);
    if (!cell) {
      cell = {
        attributes: { ...attributes },
        startTimeMs: 0,
        count: 0,
        sum: 0,
        min: Infinity,
        max: -Infinity,
        bucketCounts: new Array<number>(this.boundaries.length + 1).fill(0),
        interval: -1,
      };
      this.byContent.set(key, cell);
    }
    return cell;
  }

  /**
   * Every set's cumulative histogram so far (copies), and the start of a new collection interval.
   * A set that took no slot yet (all its values went to the overflow set) has no point.
   */
  points(): HistogramPoint[] {
    this.interval++;
    this.active = 0;
    const points: HistogramPoint[] = [];
    for (const c of this.byContent.values()) {
      if (c.interval < 0) continue;
      const counted = c.count > 0;
      points.push({
        attributes: c.attributes,
        startTimeMs: c.startTimeMs,
        count: c.count,
        sum: c.sum,
        min: counted ? c.min : undefined,
        max: counted ? c.max : undefined,
        bucketCounts: [...c.bucketCounts],
      });
    }
    return points;
  }
}
