import { LLMError } from '@llm/errors';
import { betaPdf, normalPdf } from './distributions.js';

/** A posterior distribution of one arm's true value (a rate or a mean). */
export interface Posterior {
  readonly mean: number;
  readonly sd: number;
  /** Where its mass is (clamped to the support). */
  readonly low: number;
  readonly high: number;
  /** Its density (the distribution function is integrated from it). */
  pdf(x: number): number;
}

/** Standard deviations either side of the mean that the integration covers (the mass beyond is below 1e-32). */
const REACH = 12;
/** Simpson sub-intervals per standard deviation of the sharpest posterior near x. */
const PER_SD = 64;

/**
 * The posterior of a success rate after `successes` of `trials`, from a Beta(α, β) prior (default
 * Beta(1, 1), uniform): Beta(α + successes, β + trials − successes).
 */
export function betaPosterior(successes: number, trials: number, prior: { readonly alpha: number; readonly beta: number } = { alpha: 1, beta: 1 }): Posterior {
  if (!(Number.isInteger(successes) && Number.isInteger(trials) && successes >= 0 && trials >= successes && prior.alpha > 0 && prior.beta > 0)) {
    throw new LLMError({ code: 'invalid_request', message: `betaPosterior: need whole successes ≤ trials and a positive prior; got ${successes} of ${trials}, Beta(${prior.alpha}, ${prior.beta})`, local: true });
  }
  const a = prior.alpha + successes;
  const b = prior.beta + trials - successes;
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  return { mean, sd, low: Math.max(0, mean - REACH * sd), high: Math.min(1, mean + REACH * sd), pdf: (x) => betaPdf(x, a, b) };
}

/** A normal posterior of a mean (the large-sample approximation: the sample mean with variance s²/n). */
export function normalPosterior(mean: number, variance: number): Posterior {
  if (!(Number.isFinite(mean) && variance > 0 && Number.isFinite(variance))) {
    throw new LLMError({ code: 'invalid_request', message: `normalPosterior: need a finite mean and a positive variance; got ${mean}, ${variance}`, local: true });
  }
  const sd = Math.sqrt(variance);
  return { mean, sd, low: mean - REACH * sd, high: mean + REACH * sd, pdf: (x) => normalPdf(x, mean, sd) };
}

export interface BestArmProbabilities {
  /** P(arm i has the best true value), summing to 1. */
  readonly probabilityBest: readonly number[];
  /** E[best − arm i] (higher is better) or E[arm i − best] (lower is better): what choosing arm i is expected to cost. */
  readonly expectedLoss: readonly number[];
}

/** The integration grid: a breakpoint every standard deviation of every posterior over its reach. */
function breakpoints(posteriors: readonly Posterior[]): number[] {
  const low = Math.min(...posteriors.map((p) => p.low));
  const high = Math.max(...posteriors.map((p) => p.high));
  const points = new Set([low, high]);
  for (const p of posteriors) {
    for (let k = -REACH; k <= REACH; k++) {
      const x = p.mean + k * p.sd;
      if (x > low && x < high) points.add(x);
    }
  }
  return [...points].sort((a, b) => a - b);
}

/** Simpson's nodes: PER_SD sub-intervals between consecutive breakpoints (the shared end nodes once). */
function nodes(points: readonly number[]): Float64Array {
  const segments = points.length - 1;
  const x = new Float64Array(segments * PER_SD + 1);
  for (let s = 0; s < segments; s++) {
    const a = points[s]!;
    const h = (points[s + 1]! - a) / PER_SD;
    for (let m = 0; m < PER_SD; m++) x[s * PER_SD + m] = a + m * h;
  }
  x[segments * PER_SD] = points[segments]!;
  return x;
}

/**
 * The distribution function at every node, integrated from the density on the same nodes (Simpson
 * at even nodes, a three-point rule from the last even node at odd ones) and scaled so that it ends
 * at 1. jstat's incomplete beta loses digits for large samples (2·10⁻⁴ at 10⁶ trials); its density
 * does not, so the distribution is built from the density.
 */
function cumulative(f: Float64Array, x: Float64Array): Float64Array {
  const F = new Float64Array(f.length);
  const segments = (f.length - 1) / PER_SD;
  let total = 0;
  for (let s = 0; s < segments; s++) {
    const base = s * PER_SD;
    const h = x[base + 1]! - x[base]!;
    let even = total;
    for (let m = 1; m <= PER_SD; m++) {
      const n = base + m;
      if (m % 2 === 0) {
        even += (h / 3) * (f[n - 2]! + 4 * f[n - 1]! + f[n]!);
        F[n] = even;
      } else {
        F[n] = even + (h / 12) * (5 * f[n - 1]! + 8 * f[n]! - f[n + 1]!);
      }
    }
    total = even;
  }
  if (total > 0) for (let n = 0; n < F.length; n++) F[n] = Math.min(1, F[n]! / total);
  return F;
}

/**
 * Which arm is best, in probability, and the expected loss of choosing each: with fᵢ, Fᵢ the
 * posteriors' densities and distribution functions (higher is better; mirrored when lower is),
 *
 *   P(j best) = ∫ fⱼ(x) Πᵢ≠ⱼ Fᵢ(x) dx,   E[max] = low + ∫ (1 − Πᵢ Fᵢ(x)) dx,   loss(j) = E[max] − E[θⱼ],
 *
 * integrated by composite Simpson's rule on a grid that places a breakpoint every standard deviation
 * of every posterior (64 sub-intervals each), so a sharp posterior beside a wide one is resolved.
 * Deterministic (no sampling); checked against SciPy's adaptive quadrature.
 */
export function bestArmProbabilities(posteriors: readonly Posterior[], options: { readonly lowerIsBetter?: boolean | undefined } = {}): BestArmProbabilities {
  if (posteriors.length < 2) throw new LLMError({ code: 'invalid_request', message: 'bestArmProbabilities: need at least two arms', local: true });
  const lower = options.lowerIsBetter ?? false;
  const k = posteriors.length;
  const points = breakpoints(posteriors);
  const x = nodes(points);
  const f = posteriors.map((p) => x.map((v) => p.pdf(v)));
  // G: the chance an arm's value is worse than x (below it when higher is better, above it when lower is).
  const G = f.map((density) => {
    const F = cumulative(density, x);
    return lower ? F.map((v) => 1 - v) : F;
  });
  const best = new Array<number>(k).fill(0);
  let beyond = 0; // ∫ P(max > x) dx, or ∫ P(min > x) dx when lower is better
  const segments = points.length - 1;
  for (let n = 0; n < x.length; n++) {
    const m = n % PER_SD;
    const s = Math.min(segments - 1, Math.floor(n / PER_SD));
    const h = (points[s + 1]! - points[s]!) / PER_SD;
    // Simpson weights; a node shared by two segments gets both end weights.
    const previous = n > 0 && m === 0 ? (points[s]! - points[s - 1]!) / PER_SD : 0;
    const weight = n === x.length - 1 ? h / 3 : m === 0 ? (h + previous) / 3 : m % 2 === 1 ? (4 * h) / 3 : (2 * h) / 3;
    let all = 1;
    for (let i = 0; i < k; i++) all *= G[i]![n]!;
    beyond += weight * (lower ? all : 1 - all);
    for (let j = 0; j < k; j++) {
      const density = f[j]![n]!;
      if (density === 0) continue;
      let others = 1;
      for (let i = 0; i < k; i++) if (i !== j) others *= G[i]![n]!;
      best[j]! += weight * density * others;
    }
  }
  // E[max] (or E[min]) from the tail integral: E[X] = low + ∫ P(X > x) dx on [low, high].
  const extreme = points[0]! + beyond;
  return {
    probabilityBest: best,
    expectedLoss: posteriors.map((p) => Math.max(0, lower ? p.mean - extreme : extreme - p.mean)),
  };
}
