import { median } from 'simple-statistics';
import { normalCdf } from './distributions.js';
import type { Flag, SeriesValue } from './anomaly.js';
import { MAD_TO_SIGMA, robustBaseline } from './robust.js';

export interface LevelDetectorOptions {
  /** Baseline points before each point (default 96). */
  window?: number;
  /** Fewer baseline points than this: the point is not judged (default 24). */
  minBaseline?: number;
  /** Robust z-score (in log space) from which a point is anomalous (default 5). */
  threshold?: number;
  /** And at least this ratio of observed to baseline (default 1.25). */
  minRatio?: number;
  /** A bucket with fewer calls is not judged, nor used as baseline (default 3). */
  minCalls?: number;
  /** Smallest scale in log space (default 0.05, about 5%): a flat series does not make every wobble an anomaly. */
  minScale?: number;
  /** Hour-of-day (or any period's) seasonality, used once `minPeriods` earlier periods exist (default a day, 3, up to 7). */
  seasonal?: { periodMs: number; minPeriods?: number; maxPeriods?: number } | false;
}

export interface LevelResult {
  flags: Flag[];
  /** Points judged (enough calls and baseline). */
  judged: number;
  /** Points judged against a seasonal baseline. */
  seasonal: number;
}

/** The seasonal centre of each point: the median of the same phase in up to `max` earlier periods, when at least `min` exist. */
export function seasonalCentres(series: readonly SeriesValue[], f: Array<number | undefined>, periodMs: number, min: number, max: number): Array<number | undefined> {
  const step = series.length > 1 ? Math.max(1, series[1]!.t - series[0]!.t) : periodMs;
  const byTime = new Map<number, number>();
  series.forEach((p, i) => {
    if (f[i] !== undefined) byTime.set(p.t, f[i]!);
  });
  return series.map((p) => {
    const same: number[] = [];
    for (let k = 1; k <= max; k++) {
      // Exactly one period back (buckets are aligned), or the nearest bucket within half a step.
      const v = byTime.get(p.t - k * periodMs) ?? byTime.get(Math.round((p.t - k * periodMs) / step) * step);
      if (v !== undefined) same.push(v);
    }
    return same.length >= min ? median(same) : undefined;
  });
}

/**
 * Latency and time to first chunk against a robust baseline: the median and MAD of the previous
 * `window` points in log space (latency is skewed and its noise multiplicative), or, where enough
 * history exists, the same hour of earlier days with the MAD of the recent residuals. A point is
 * flagged when its robust z-score passes `threshold` and it is at least `minRatio` times the
 * baseline. Only increases are flagged.
 */
export function detectLevel(series: readonly SeriesValue[], options: LevelDetectorOptions = {}): LevelResult {
  const window = options.window ?? 96;
  const minBaseline = options.minBaseline ?? 24;
  const threshold = options.threshold ?? 5;
  const minRatio = options.minRatio ?? 1.25;
  const minCalls = options.minCalls ?? 3;
  const minScale = options.minScale ?? 0.05;
  const seasonal = options.seasonal === false ? undefined : { periodMs: 86_400_000, minPeriods: 3, maxPeriods: 7, ...options.seasonal };
  const f = series.map((p) => (p.value !== undefined && p.value > 0 && p.n >= minCalls ? Math.log(p.value) : undefined));
  const centres = seasonal ? seasonalCentres(series, f, seasonal.periodMs, seasonal.minPeriods, seasonal.maxPeriods) : series.map(() => undefined);
  const result: LevelResult = { flags: [], judged: 0, seasonal: 0 };
  const eligible: number[] = [];
  for (let i = 0; i < series.length; i++) {
    const x = f[i];
    if (x !== undefined) {
      const base = eligible.slice(-window);
      if (base.length >= minBaseline) {
        let centre: number;
        let scale: number;
        let method: Flag['method'] = 'robust_z';
        const seasonalCentre = centres[i];
        const residuals = seasonalCentre === undefined ? [] : base.filter((j) => centres[j] !== undefined).map((j) => f[j]! - centres[j]!);
        if (seasonalCentre !== undefined && residuals.length >= minBaseline) {
          centre = seasonalCentre;
          const mid = median(residuals);
          scale = Math.max(MAD_TO_SIGMA * median(residuals.map((r) => Math.abs(r - mid))), minScale);
          centre += mid;
          method = 'seasonal_robust_z';
          result.seasonal += 1;
        } else {
          const b = robustBaseline(base.map((j) => f[j]!), minScale)!;
          centre = b.center;
          scale = b.scale;
        }
        result.judged += 1;
        const z = (x - centre) / scale;
        const ratio = Math.exp(x - centre);
        if (z >= threshold && ratio >= minRatio) {
          result.flags.push({ index: i, baseline: Math.exp(centre), observed: Math.exp(x), confidence: normalCdf(z), method });
        }
      }
      eligible.push(i);
    }
  }
  return result;
}
