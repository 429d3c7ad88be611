import { incompleteBeta } from './distributions.js';
import type { Flag } from './anomaly.js';

/** Calls and errors of one bucket. */
export interface ErrorPoint {
  t: number;
  calls: number;
  errors: number;
}

export interface ErrorRateOptions {
  /** Baseline buckets before each bucket (default 96). */
  window?: number;
  /** The baseline must hold this many calls (default 200), or the bucket is not judged. */
  minBaselineCalls?: number;
  /** A bucket with fewer calls is not judged (default 20). */
  minCalls?: number;
  /** One-sided p-value below which a bucket is flagged (default 1e-6). */
  alpha?: number;
  /** And its rate at least this many times the baseline's (default 1.5). */
  minRatio?: number;
  /** And at least this many errors (default 3). */
  minErrors?: number;
  /** The baseline rate is at least this (default 0.001): a clean baseline does not make one error an anomaly. */
  floorRate?: number;
}

export interface ErrorRateResult {
  flags: Flag[];
  judged: number;
}

/** P(X >= k) for X ~ Binomial(n, p): the regularized incomplete beta I_p(k, n - k + 1). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return incompleteBeta(p, k, n - k + 1);
}

/**
 * The error rate of each bucket against the pooled rate of the buckets before it: an exact
 * one-sided binomial test, with a minimum sample on both sides.
 */
export function detectErrorRate(points: readonly ErrorPoint[], options: ErrorRateOptions = {}): ErrorRateResult {
  const window = options.window ?? 96;
  const minBaselineCalls = options.minBaselineCalls ?? 200;
  const minCalls = options.minCalls ?? 20;
  const alpha = options.alpha ?? 1e-6;
  const minRatio = options.minRatio ?? 1.5;
  const minErrors = options.minErrors ?? 3;
  const floorRate = options.floorRate ?? 0.001;
  const result: ErrorRateResult = { flags: [], judged: 0 };
  const used: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (p.calls <= 0) continue;
    const base = used.slice(-window);
    used.push(i);
    let calls = 0;
    let errors = 0;
    for (const j of base) {
      calls += points[j]!.calls;
      errors += points[j]!.errors;
    }
    if (calls < minBaselineCalls || p.calls < minCalls) continue;
    result.judged += 1;
    const p0 = Math.max(floorRate, errors / calls);
    const rate = p.errors / p.calls;
    if (p.errors < minErrors || rate < minRatio * p0) continue;
    const pValue = binomialUpperTail(p.errors, p.calls, p0);
    if (pValue < alpha) result.flags.push({ index: i, baseline: p0, observed: rate, confidence: 1 - pValue, method: 'binomial' });
  }
  return result;
}
