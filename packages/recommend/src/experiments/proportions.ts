import { normalQuantile, twoSidedNormalP } from './distributions.js';

export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** Wilson score interval for a proportion (better than the Wald interval near 0 and 1 and for small n). */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  if (trials === 0) return { low: 0, high: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials))) / (1 + z2n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface TwoProportionTest {
  /** p_b − p_a. */
  readonly difference: number;
  /** Wald interval of the difference (unpooled). */
  readonly interval: Interval;
  /** z with the pooled standard error, and its two-sided p-value. */
  readonly z: number;
  readonly p: number;
}

/** Two-proportion z-test of b against a (pooled variance under the null), with an interval of the difference. */
export function twoProportionTest(a: { successes: number; trials: number }, b: { successes: number; trials: number }, confidence = 0.95): TwoProportionTest {
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  const z = sePooled === 0 ? 0 : (pb - pa) / sePooled;
  const se = Math.sqrt((pa * (1 - pa)) / a.trials + (pb * (1 - pb)) / b.trials);
  const q = normalQuantile(1 - (1 - confidence) / 2);
  return { difference: pb - pa, interval: { low: pb - pa - q * se, high: pb - pa + q * se }, z, p: sePooled === 0 ? 1 : twoSidedNormalP(z) };
}
