/**
 * A mergeable quantile sketch with a relative-error guarantee: the DDSketch algorithm (Masson,
 * Rim, Lee, VLDB 2019) with a sparse, sorted store. A value v > 0 goes to bucket
 * ceil(log_gamma(v)), gamma = (1 + a) / (1 - a); a bucket's representative value is within a
 * (1%) of every value in it, so each quantile is within 1% of a true sample value of that rank.
 * Sketches of minutes merge into hours by adding bucket counts, which is what roll-ups need.
 *
 * Written here rather than taken from `@datadog/sketches-js`: that library keeps a dense array
 * per sketch (about a kilobyte even for one value, where roll-ups hold tens of thousands of
 * small sketches) and serializes only through protobufjs, which it does not declare.
 */
export const SKETCH_RELATIVE_ACCURACY = 0.01;
const GAMMA = (1 + SKETCH_RELATIVE_ACCURACY) / (1 - SKETCH_RELATIVE_ACCURACY);
const LN_GAMMA = Math.log(GAMMA);
/** Values below this count as zero. */
const MIN_VALUE = 1e-6;

/**
 * A sketch as plain JSON (how roll-ups store it): `bins` holds [bucket, count, bucket, count, ...]
 * sorted by bucket; min and max are 0 when empty.
 */
export interface SketchData {
  n: number;
  sum: number;
  min: number;
  max: number;
  zero: number;
  bins: number[];
}

export function emptySketch(): SketchData {
  return { n: 0, sum: 0, min: 0, max: 0, zero: 0, bins: [] };
}

/** Index of the pair for `key` in `bins`, or where it would go (binary search over the even slots). */
function findPair(bins: readonly number[], key: number): number {
  let lo = 0;
  let hi = bins.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bins[mid * 2]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo * 2;
}

function addToBin(bins: number[], key: number, count: number): void {
  const at = findPair(bins, key);
  if (bins[at] === key) bins[at + 1]! += count;
  else bins.splice(at, 0, key, count);
}

/** Adds `count` occurrences of `value` (ignored unless finite and >= 0). */
export function sketchAdd(sketch: SketchData, value: number, count = 1): void {
  if (!(value >= 0) || !Number.isFinite(value)) return;
  if (sketch.n === 0 || value < sketch.min) sketch.min = value;
  if (sketch.n === 0 || value > sketch.max) sketch.max = value;
  sketch.n += count;
  sketch.sum += value * count;
  if (value < MIN_VALUE) sketch.zero += count;
  else addToBin(sketch.bins, Math.ceil(Math.log(value) / LN_GAMMA), count);
}

/** Adds `source` into `target`. */
export function sketchMergeInto(target: SketchData, source: SketchData): void {
  if (source.n === 0) return;
  if (target.n === 0 || source.min < target.min) target.min = source.min;
  if (target.n === 0 || source.max > target.max) target.max = source.max;
  target.n += source.n;
  target.sum += source.sum;
  target.zero += source.zero;
  const bins = source.bins;
  if (target.bins.length === 0) {
    target.bins = bins.slice();
    return;
  }
  // A linear merge of two sorted lists.
  const a = target.bins;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < bins.length) {
    if (j >= bins.length || (i < a.length && a[i]! < bins[j]!)) {
      out.push(a[i]!, a[i + 1]!);
      i += 2;
    } else if (i >= a.length || bins[j]! < a[i]!) {
      out.push(bins[j]!, bins[j + 1]!);
      j += 2;
    } else {
      out.push(a[i]!, a[i + 1]! + bins[j + 1]!);
      i += 2;
      j += 2;
    }
  }
  target.bins = out;
}

/** The value at quantile q (0..1): within 1% of a sample value of that rank; undefined when empty. */
export function sketchQuantile(sketch: SketchData, q: number): number | undefined {
  if (sketch.n === 0) return undefined;
  const rank = Math.max(0, Math.min(1, q)) * (sketch.n - 1);
  if (rank < sketch.zero) return sketch.min;
  let seen = sketch.zero;
  const bins = sketch.bins;
  for (let i = 0; i < bins.length; i += 2) {
    seen += bins[i + 1]!;
    if (seen > rank) return Math.min(sketch.max, Math.max(sketch.min, (2 * GAMMA ** bins[i]!) / (GAMMA + 1)));
  }
  return sketch.max;
}

export function sketchMean(sketch: SketchData): number | undefined {
  return sketch.n === 0 ? undefined : sketch.sum / sketch.n;
}
