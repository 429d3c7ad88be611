import { LLMError } from '@llm/errors';
import type { Experiment } from './experiment.js';
import type { ExperimentCall } from './experiment-store.js';
import { mannWhitneyTest } from './mann-whitney.js';
import { sampleSizePerArm } from './power.js';
import { twoProportionTest, wilsonInterval, type Interval } from './proportions.js';
import { sampleRatioCheck, type SampleRatioCheck } from './sample-ratio.js';
import { alwaysValidP } from './sequential.js';
import { bayesianView, type BayesianView } from './bayesian-view.js';
import { normalQuantile } from './distributions.js';
import { summarize, welchTest } from './welch.js';

export type PrimaryMetric = 'outcome' | 'errorRate' | 'latency' | 'cost';

export interface AnalyzeOptions {
  /** What decides the verdict (default `outcome`: the outcomes the application reported). */
  readonly primary?: PrimaryMetric | undefined;
  /** Significance level of the whole experiment (default 0.05; split evenly over the comparisons with the control). */
  readonly alpha?: number | undefined;
  /** Power the sample size is planned for (default 0.8). */
  readonly power?: number | undefined;
  /** The smallest absolute difference on the primary metric worth detecting; without it no sample size is planned. */
  readonly mde?: number | undefined;
}

export interface Distribution {
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly p95: number;
}

export interface ArmEstimates {
  readonly arm: string;
  readonly calls: number;
  /** Distinct unit keys (calls without a key are not counted). */
  readonly units: number;
  readonly errorRate: { readonly value: number; readonly interval: Interval };
  /** Reported outcomes: a rate for true/false, a mean for numbers; undefined when none were reported. */
  readonly outcome:
    | { readonly kind: 'binary'; readonly n: number; readonly rate: number; readonly interval: Interval }
    | { readonly kind: 'numeric'; readonly n: number; readonly mean: number; readonly interval: Interval }
    | undefined;
  readonly latencyMs: Distribution | undefined;
  readonly timeToFirstChunkMs: Distribution | undefined;
  readonly costUsd: (Distribution & { readonly total: number }) | undefined;
}

export interface Comparison {
  /** The arm compared with the control. */
  readonly arm: string;
  readonly metric: PrimaryMetric;
  readonly test: 'two-proportion z' | 'Welch t' | 'Mann-Whitney U';
  /** arm − control. */
  readonly difference: number;
  readonly interval: Interval | undefined;
  /** The fixed-horizon p-value (valid once, at the planned sample size). */
  readonly p: number;
  /** The mixture-SPRT p-value, valid at any time however often it is looked at (the primary metric only). */
  readonly alwaysValidP: number | undefined;
}

export interface Verdict {
  readonly decision: 'winner' | 'no-difference' | 'continue' | 'invalid';
  /** The winning arm (`winner` only). */
  readonly arm?: string | undefined;
  readonly reason: string;
}

export interface ExperimentAnalysis {
  readonly experimentId: string;
  readonly control: string;
  readonly primary: PrimaryMetric;
  readonly alpha: number;
  /** alpha divided over the comparisons with the control (Bonferroni). */
  readonly alphaPerComparison: number;
  readonly arms: readonly ArmEstimates[];
  readonly sampleRatio: SampleRatioCheck;
  /** What the sample-ratio check counted: distinct units when calls carry unit keys, calls otherwise. */
  readonly sampleRatioOf: 'units' | 'calls';
  readonly plan: { readonly mde: number; readonly power: number; readonly baseline: number; readonly perArm: number } | undefined;
  readonly comparisons: readonly Comparison[];
  /**
   * The Bayesian reading of the primary metric: each arm's probability of being best and the
   * expected loss of choosing it (informative; the verdict rests on the sequential test). Undefined
   * when an arm has no values yet (or, for numbers, fewer than two or no spread).
   */
  readonly bayesian: BayesianView | undefined;
  /** τ, the standard deviation of the mixing distribution of the always-valid test (the mde, or 10% of the control's mean). */
  readonly sequentialTau: number;
  readonly verdict: Verdict;
}

const LOWER_IS_BETTER: Record<PrimaryMetric, boolean> = { outcome: false, errorRate: true, latency: true, cost: true };

function distribution(values: readonly number[]): Distribution | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { n: sorted.length, mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, median: at(0.5), p95: at(0.95) };
}

/** The sample the verdict counts per arm, the smallest over the arms: reported outcomes for `outcome`, calls otherwise. */
export function primarySampleSize(analysis: Pick<ExperimentAnalysis, 'primary' | 'arms'>): number {
  return Math.min(...analysis.arms.map((a) => (analysis.primary === 'outcome' ? (a.outcome?.n ?? 0) : a.calls)));
}

const outcomeValue = (o: boolean | number): number => (typeof o === 'boolean' ? (o ? 1 : 0) : o);

function metricValues(calls: readonly ExperimentCall[], metric: PrimaryMetric): number[] {
  switch (metric) {
    case 'outcome':
      return calls.filter((c) => c.outcome !== undefined).map((c) => outcomeValue(c.outcome!));
    case 'errorRate':
      return calls.map((c) => (c.error === undefined ? 0 : 1));
    case 'latency':
      return calls.filter((c) => c.error === undefined).map((c) => c.latencyMs);
    case 'cost':
      return calls.filter((c) => c.costUsd !== undefined).map((c) => c.costUsd!);
  }
}

/**
 * Per-arm estimates with intervals, a sample-ratio-mismatch check, each arm against the control on
 * every metric, an always-valid sequential test on the primary metric (peeking is safe), the
 * planned sample size and a verdict:
 * - `invalid`: the split is not what was configured (SRM p < 0.001): fix the assignment first;
 * - `winner`: the always-valid p-value of an arm against the control is below alpha per comparison;
 * - `no-difference`: every arm reached the planned sample size without that;
 * - `continue`: otherwise (with how far the experiment has come).
 */
export function analyzeExperiment(experiment: Experiment, calls: readonly ExperimentCall[], options: AnalyzeOptions = {}): ExperimentAnalysis {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  const primary = options.primary ?? 'outcome';
  if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1) || (options.mde !== undefined && !(options.mde > 0))) {
    throw new LLMError({ code: 'configuration', message: `analyzeExperiment: alpha and power must be in (0, 1) and mde positive; got alpha ${alpha}, power ${power}, mde ${String(options.mde)}`, local: true });
  }
  const names = experiment.arms.map((a) => a.name);
  const control = names[0]!;
  const own = calls.filter((c) => c.experimentId === experiment.id);
  const byArm = new Map(names.map((n) => [n, own.filter((c) => c.arm === n)]));
  const alphaPerComparison = alpha / (names.length - 1);

  const arms: ArmEstimates[] = names.map((arm) => {
    const list = byArm.get(arm)!;
    const errors = list.filter((c) => c.error !== undefined).length;
    const outcomes = list.filter((c) => c.outcome !== undefined).map((c) => c.outcome!);
    let outcome: ArmEstimates['outcome'];
    if (outcomes.length > 0 && outcomes.every((o) => typeof o === 'boolean')) {
      const successes = outcomes.filter(Boolean).length;
      outcome = { kind: 'binary', n: outcomes.length, rate: successes / outcomes.length, interval: wilsonInterval(successes, outcomes.length) };
    } else if (outcomes.length > 0) {
      const s = summarize(outcomes.map(outcomeValue));
      const half = normalQuantile(0.975) * Math.sqrt(s.variance / s.n);
      outcome = { kind: 'numeric', n: s.n, mean: s.mean, interval: { low: s.mean - half, high: s.mean + half } };
    }
    const costs = list.filter((c) => c.costUsd !== undefined).map((c) => c.costUsd!);
    const cost = distribution(costs);
    return {
      arm,
      calls: list.length,
      units: new Set(list.filter((c) => c.unit !== undefined).map((c) => c.unit)).size,
      errorRate: { value: list.length ? errors / list.length : 0, interval: wilsonInterval(errors, list.length) },
      outcome,
      latencyMs: distribution(list.filter((c) => c.error === undefined).map((c) => c.latencyMs)),
      timeToFirstChunkMs: distribution(list.filter((c) => c.timeToFirstChunkMs !== undefined).map((c) => c.timeToFirstChunkMs!)),
      costUsd: cost && { ...cost, total: costs.reduce((a, b) => a + b, 0) },
    };
  });

  // Units when calls carry keys, calls otherwise.
  const keyed = own.some((c) => c.unit !== undefined);
  const sampleRatio = sampleRatioCheck(
    arms.map((a) => (keyed ? a.units : a.calls)),
    experiment.arms.map((a) => a.weight),
  );

  const controlValues = (metric: PrimaryMetric) => metricValues(byArm.get(control)!, metric);
  const baselineValues = controlValues(primary);
  const baseline = baselineValues.length ? baselineValues.reduce((a, b) => a + b, 0) / baselineValues.length : Number.NaN;
  const binaryPrimary = primary === 'errorRate' || (primary === 'outcome' && arms[0]!.outcome?.kind !== 'numeric');
  let plan: ExperimentAnalysis['plan'];
  if (options.mde !== undefined && Number.isFinite(baseline)) {
    const perArm = binaryPrimary
      ? sampleSizePerArm(Math.min(Math.max(baseline, 1e-6), 1 - options.mde - 1e-6), options.mde, alphaPerComparison, power)
      : Math.ceil((2 * (normalQuantile(1 - alphaPerComparison / 2) + normalQuantile(power)) ** 2 * summarize(baselineValues).variance) / options.mde ** 2);
    plan = { mde: options.mde, power, baseline, perArm };
  }
  const tau = options.mde ?? Math.abs(baseline) * 0.1;
  const tau2 = Number.isFinite(tau) && tau > 0 ? tau * tau : 1e-4;

  const comparisons: Comparison[] = [];
  for (const arm of names.slice(1)) {
    for (const metric of ['outcome', 'errorRate', 'latency', 'cost'] as const) {
      const a = controlValues(metric);
      const b = metricValues(byArm.get(arm)!, metric);
      if (a.length < 2 || b.length < 2) continue;
      const isBinary = metric === 'errorRate' || (metric === 'outcome' && a.concat(b).every((v) => v === 0 || v === 1) && arms[0]!.outcome?.kind === 'binary');
      let comparison: Omit<Comparison, 'alwaysValidP'>;
      if (isBinary) {
        const t = twoProportionTest({ successes: a.filter((v) => v === 1).length, trials: a.length }, { successes: b.filter((v) => v === 1).length, trials: b.length }, 1 - alphaPerComparison);
        comparison = { arm, metric, test: 'two-proportion z', difference: t.difference, interval: t.interval, p: t.p };
      } else if (metric === 'outcome') {
        const t = welchTest(summarize(a), summarize(b), 1 - alphaPerComparison);
        comparison = { arm, metric, test: 'Welch t', difference: t.difference, interval: t.interval, p: t.p };
      } else {
        // Latency and cost are skewed: the rank test decides, Welch's interval gives the size of the difference of means.
        const w = welchTest(summarize(a), summarize(b), 1 - alphaPerComparison);
        const u = mannWhitneyTest(a, b);
        comparison = { arm, metric, test: 'Mann-Whitney U', difference: w.difference, interval: w.interval, p: u.p };
      }
      let avp: number | undefined;
      if (metric === primary) {
        const units = own
          .filter((c) => c.arm === control || c.arm === arm)
          .sort((x, y) => x.startedAt - y.startedAt)
          .flatMap((c) => {
            const v = metricValues([c], metric);
            return v.length ? [{ arm: (c.arm === control ? 0 : 1) as 0 | 1, value: v[0]! }] : [];
          });
        avp = alwaysValidP(units, tau2);
      }
      comparisons.push({ ...comparison, alwaysValidP: avp });
    }
  }

  return {
    experimentId: experiment.id,
    control,
    primary,
    alpha,
    alphaPerComparison,
    arms,
    sampleRatio,
    sampleRatioOf: keyed ? 'units' : 'calls',
    plan,
    comparisons,
    sequentialTau: Math.sqrt(tau2),
    bayesian: names.every((n) => metricValues(byArm.get(n)!, primary).length > 0)
      ? bayesianView(
          names.map((n) => ({ arm: n, values: metricValues(byArm.get(n)!, primary) })),
          binaryPrimary,
          LOWER_IS_BETTER[primary],
        )
      : undefined,
    verdict: verdictOf(primary, arms, comparisons, sampleRatio, plan, alphaPerComparison, control),
  };
}

function verdictOf(
  primary: PrimaryMetric,
  arms: readonly ArmEstimates[],
  comparisons: readonly Comparison[],
  srm: SampleRatioCheck,
  plan: ExperimentAnalysis['plan'],
  alpha: number,
  control: string,
): Verdict {
  if (srm.mismatch) {
    return { decision: 'invalid', reason: `sample ratio mismatch: the arms got ${srm.observed.join(' / ')} where the split expects ${srm.expected.map((e) => e.toFixed(0)).join(' / ')} (χ² p = ${srm.p.toExponential(2)}); find why before reading any result` };
  }
  const primaryComparisons = comparisons.filter((c) => c.metric === primary);
  const decided = primaryComparisons.filter((c) => c.alwaysValidP !== undefined && c.alwaysValidP < alpha).sort((a, b) => a.alwaysValidP! - b.alwaysValidP!);
  if (decided.length > 0) {
    const best = decided[0]!;
    const armBetter = LOWER_IS_BETTER[primary] ? best.difference < 0 : best.difference > 0;
    const winner = armBetter ? best.arm : control;
    return {
      decision: 'winner',
      arm: winner,
      reason: `${winner} is better on ${primary}: ${best.arm} − ${control} = ${best.difference.toPrecision(3)} (always-valid p = ${best.alwaysValidP!.toPrecision(2)} < ${alpha})`,
    };
  }
  const n = primarySampleSize({ primary, arms });
  if (plan && n >= plan.perArm) {
    return { decision: 'no-difference', reason: `every arm reached the planned ${plan.perArm} per arm with no difference of ${plan.mde} or more on ${primary} found (power ${plan.power})` };
  }
  return {
    decision: 'continue',
    reason: plan ? `${n} of the planned ${plan.perArm} per arm so far on ${primary}; no arm is ahead yet` : `${n} per arm so far on ${primary}; no arm is ahead yet (give mde to plan a sample size)`,
  };
}
