import { studentTCdf, studentTQuantile } from './distributions.js';
import type { Interval } from './proportions.js';

export interface SampleSummary {
  readonly n: number;
  readonly mean: number;
  /** Sample variance (n − 1 in the denominator). */
  readonly variance: number;
}

export function summarize(values: readonly number[]): SampleSummary {
  const n = values.length;
  if (n === 0) return { n, mean: Number.NaN, variance: Number.NaN };
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { n, mean, variance: n > 1 ? squares / (n - 1) : 0 };
}

export interface WelchTest {
  /** mean_b − mean_a. */
  readonly difference: number;
  readonly interval: Interval;
  readonly t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  readonly p: number;
}

/** Welch's t-test of b against a (unequal variances), with an interval of the difference of means. */
export function welchTest(a: SampleSummary, b: SampleSummary, confidence = 0.95): WelchTest {
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  const difference = b.mean - a.mean;
  if (se === 0) return { difference, interval: { low: difference, high: difference }, t: 0, df: a.n + b.n - 2, p: difference === 0 ? 1 : 0 };
  const t = difference / se;
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const p = Math.min(1, 2 * (1 - studentTCdf(Math.abs(t), df)));
  const q = studentTQuantile(1 - (1 - confidence) / 2, df);
  return { difference, interval: { low: difference - q * se, high: difference + q * se }, t, df, p };
}
