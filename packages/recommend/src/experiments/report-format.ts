import type { ExperimentAnalysis, PrimaryMetric } from './analyze-experiment.js';

/** Numbers as the experiment reports (Markdown and HTML) write them. */
export const formatPercent = (v: number): string => `${(v * 100).toFixed(2)}%`;
export const formatNumber = (v: number | undefined, digits = 3): string => (v === undefined || Number.isNaN(v) ? '—' : Number(v.toPrecision(digits)).toString());
/** A p-value: two significant digits; one that underflowed to 0 as "< 1e-16". */
export const formatP = (p: number | undefined): string => (p === 0 ? '< 1e-16' : formatNumber(p, 2));
export const formatUsd = (v: number | undefined): string => (v === undefined ? '—' : `$${v.toPrecision(3)}`);

/** Whether a metric of this analysis is a rate (a share of calls or of true/false outcomes). */
export function isRateMetric(analysis: Pick<ExperimentAnalysis, 'arms'>, metric: PrimaryMetric): boolean {
  return metric === 'errorRate' || (metric === 'outcome' && analysis.arms[0]?.outcome?.kind === 'binary');
}

/** A value of a metric, or a difference of two (`difference`: signed, rates in percentage points). */
export function formatMetric(value: number, metric: PrimaryMetric, rate: boolean, difference = false): string {
  const sign = difference && value > 0 ? '+' : value < 0 ? '−' : '';
  const size = Math.abs(value);
  if (rate) return difference ? `${sign}${(size * 100).toFixed(2)} pp` : `${sign}${formatPercent(size)}`;
  if (metric === 'latency') return `${sign}${formatNumber(size)} ms`;
  if (metric === 'cost') return `${sign}$${size.toPrecision(3)}`;
  return `${sign}${formatNumber(size)}`;
}

/** A probability as a percentage, with the extremes said as bounds ("> 99.99%", "< 0.01%"). */
export const formatProbability = (p: number): string => (p > 0.9999 ? '> 99.99%' : p < 0.0001 ? '< 0.01%' : formatPercent(p));

/** An expected loss in the metric's units (rates in percentage points). */
export function formatLoss(loss: number, metric: PrimaryMetric, rate: boolean): string {
  return rate ? `${formatNumber(loss * 100)} pp` : formatMetric(loss, metric, false);
}

/** What a Bayesian view's model is, in words. */
export const BAYESIAN_MODELS = {
  'beta-binomial': 'Beta-binomial: each arm’s rate has a uniform Beta(1, 1) prior, updated by its successes and failures',
  normal: 'Normal approximation: each arm’s mean is N(x̄, s²/n)',
} as const;
