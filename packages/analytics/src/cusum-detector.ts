import { normalCdf } from './distributions.js';
import type { Flag, SeriesValue } from './anomaly.js';
import { median } from 'simple-statistics';
import { seasonalCentres } from './level-detector.js';
import { interquartileMean, MAD_TO_SIGMA, robustBaseline } from './robust.js';

export interface CusumOptions {
  /** Reference points (default 96), taken `lag` points back so that a slow drift does not drag its own baseline along. */
  window?: number;
  /** Default 48. */
  lag?: number;
  /** Fewer reference points than this: not judged (default 24). */
  minBaseline?: number;
  /** Allowance per point, in standard deviations (default 0.5: tuned to shifts of one deviation). */
  k?: number;
  /** Decision interval (default 10): about one false alarm per 10^5 points of normal noise. */
  h?: number;
  minCalls?: number;
  /** Largest standardized value a point adds (default 4). */
  cap?: number;
  /** Smallest scale in log space (default 0.02). */
  minScale?: number;
  /** The same seasonality as the level detector: residuals from the same hour of earlier days once there are `minPeriods` of them. */
  seasonal?: { periodMs: number; minPeriods?: number; maxPeriods?: number } | false;
}

export interface CusumResult {
  flags: Flag[];
  judged: number;
  /** Per flag index: the first index of the run that led to it (for explanations). */
  runStart: Map<number, number>;
  /** Per flag index: the reference window's indices. */
  reference: Map<number, number[]>;
}

/**
 * An upper CUSUM (Page, 1954) on robust-standardized values in log space: S = max(0, S + u - k),
 * a point flagged while S > h. It finds slow drifts and small sustained shifts that no single point
 * shows. The reference (interquartile mean and MAD) is the `window` points that end `lag` points back.
 */
export function detectCusum(series: readonly SeriesValue[], options: CusumOptions = {}): CusumResult {
  const window = options.window ?? 96;
  const lag = options.lag ?? 48;
  const minBaseline = options.minBaseline ?? 24;
  const k = options.k ?? 0.5;
  const h = options.h ?? 10;
  const minCalls = options.minCalls ?? 3;
  const minScale = options.minScale ?? 0.02;
  const cap = options.cap ?? 4;
  const f = series.map((p) => (p.value !== undefined && p.value > 0 && p.n >= minCalls ? Math.log(p.value) : undefined));
  const seasonal = options.seasonal === false ? undefined : { periodMs: 86_400_000, minPeriods: 3, maxPeriods: 7, ...options.seasonal };
  const centres = seasonal ? seasonalCentres(series, f, seasonal.periodMs, seasonal.minPeriods, seasonal.maxPeriods) : series.map(() => undefined);
  const eligible: number[] = [];
  const result: CusumResult = { flags: [], judged: 0, runStart: new Map(), reference: new Map() };
  let s = 0;
  let run = { start: -1, sum: 0, m: 0 };
  for (let i = 0; i < series.length; i++) {
    const x = f[i];
    if (x === undefined) continue;
    const ref = eligible.slice(Math.max(0, eligible.length - lag - window), Math.max(0, eligible.length - lag));
    eligible.push(i);
    let u: number;
    let baseline: number;
    const c = centres[i];
    const residualRef = c === undefined ? [] : ref.filter((j) => centres[j] !== undefined);
    if (c !== undefined && residualRef.length >= minBaseline) {
      // Against the same hour of earlier days: the residual's robust z.
      const residuals = residualRef.map((j) => f[j]! - centres[j]!);
      const b = robustBaseline(residuals, minScale)!;
      const center = interquartileMean(residuals);
      u = (x - c - center) / b.scale;
      baseline = Math.exp(c + center);
    } else {
      if (ref.length < minBaseline) continue;
      const values = ref.map((j) => f[j]!);
      const b = robustBaseline(values, minScale)!;
      // A reference with structure (a daily cycle, a trend) is not a level to accumulate against:
      // its spread is well above the point-to-point noise. Such points wait for the seasonal baseline.
      const diffs = values.slice(1).map((v, k) => Math.abs(v - values[k]!));
      const noise = Math.max((MAD_TO_SIGMA * median(diffs)) / Math.SQRT2, minScale);
      if (b.scale > 1.5 * noise) continue;
      const center = interquartileMean(values);
      u = (x - center) / b.scale;
      baseline = Math.exp(center);
    }
    result.judged += 1;
    // Capped: one wild point (a spike, the level detector's case) adds at most `cap - k`, so it
    // cannot hold the sum above h for the many points it takes to drain (h / k of them).
    s = Math.max(0, s + Math.min(u, cap) - k);
    if (s === 0) {
      run = { start: -1, sum: 0, m: 0 };
      continue;
    }
    if (run.start < 0) run = { start: i, sum: 0, m: 0 };
    run.sum += u;
    run.m += 1;
    if (s > h) {
      result.flags.push({ index: i, baseline, observed: Math.exp(x), confidence: normalCdf(run.sum / Math.sqrt(run.m)), method: 'cusum' });
      result.runStart.set(i, run.start);
      result.reference.set(i, ref);
    }
  }
  return result;
}
