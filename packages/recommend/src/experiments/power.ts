import { normalCdf, normalQuantile } from './distributions.js';

/**
 * Units per arm a two-sided two-proportion test needs to detect `baseline` → `baseline + mde`
 * (absolute) with the given power at level `alpha` (the normal-approximation formula with pooled
 * variance under the null).
 */
export function sampleSizePerArm(baseline: number, mde: number, alpha = 0.05, power = 0.8): number {
  const p1 = baseline;
  const p2 = baseline + mde;
  const pBar = (p1 + p2) / 2;
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const n = (za * Math.sqrt(2 * pBar * (1 - pBar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / mde ** 2;
  return Math.ceil(n);
}

/** The power of that test with `n` units per arm. */
export function powerOfTwoProportions(baseline: number, mde: number, n: number, alpha = 0.05): number {
  const p1 = baseline;
  const p2 = baseline + mde;
  const pBar = (p1 + p2) / 2;
  const za = normalQuantile(1 - alpha / 2);
  const se0 = Math.sqrt((2 * pBar * (1 - pBar)) / n);
  const se1 = Math.sqrt((p1 * (1 - p1) + p2 * (1 - p2)) / n);
  return normalCdf((Math.abs(mde) - za * se0) / se1);
}

/** The smallest absolute difference from `baseline` detectable with `n` units per arm (found by bisection). */
export function minimumDetectableEffect(baseline: number, n: number, alpha = 0.05, power = 0.8): number {
  let lo = 0;
  let hi = 1 - baseline;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (powerOfTwoProportions(baseline, mid, n, alpha) >= power) hi = mid;
    else lo = mid;
  }
  return hi;
}
