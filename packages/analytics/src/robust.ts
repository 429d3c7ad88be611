import { median, medianAbsoluteDeviation } from 'simple-statistics';

/** MAD of a normal sample times this estimates its standard deviation. */
export const MAD_TO_SIGMA = 1.4826;

export interface RobustBaseline {
  /** The median. */
  center: number;
  /** 1.4826 x MAD (a standard deviation for normal data), floored at `minScale`. */
  scale: number;
  n: number;
}

/** Median and MAD of `values` (undefined when empty). */
export function robustBaseline(values: readonly number[], minScale: number): RobustBaseline | undefined {
  if (values.length === 0) return undefined;
  const arr = [...values];
  const center = median(arr);
  const scale = Math.max(MAD_TO_SIGMA * medianAbsoluteDeviation(arr), minScale);
  return { center, scale, n: values.length };
}

/**
 * The mean of the middle half of `values` (the interquartile mean): as robust to outliers as one
 * wants for a reference level, and not stuck on one value of discrete data (latency quantiles read
 * from a sketch come in 2% steps, and a median on a step off the true centre biases a CUSUM).
 */
export function interquartileMean(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const lo = Math.floor(sorted.length / 4);
  const hi = Math.max(lo + 1, sorted.length - lo);
  let sum = 0;
  for (let i = lo; i < hi; i++) sum += sorted[i]!;
  return sum / (hi - lo);
}
