import type { ArmEstimates, Comparison, ExperimentAnalysis } from './analyze-experiment.js';
import { BAYESIAN_MODELS, formatLoss, formatMetric, formatNumber as num, formatPercent as pct, formatProbability, formatUsd as usd, isRateMetric } from './report-format.js';

function outcomeCell(arm: ArmEstimates): string {
  const o = arm.outcome;
  if (!o) return '—';
  if (o.kind === 'binary') return `${pct(o.rate)} [${pct(o.interval.low)}, ${pct(o.interval.high)}] (n ${o.n})`;
  return `${num(o.mean)} [${num(o.interval.low)}, ${num(o.interval.high)}] (n ${o.n})`;
}

function comparisonRow(c: Comparison, alpha: number): string {
  const interval = c.interval ? `[${num(c.interval.low)}, ${num(c.interval.high)}]` : '—';
  const avp = c.alwaysValidP === undefined ? '' : `, always-valid p ${num(c.alwaysValidP, 2)}`;
  const mark = (c.alwaysValidP ?? c.p) < alpha ? ' **' : '';
  return `| ${c.arm} | ${c.metric} | ${c.test} | ${num(c.difference)} | ${interval} | ${num(c.p, 2)}${avp}${mark} |`;
}

function bayesianLines(analysis: ExperimentAnalysis): string[] {
  const view = analysis.bayesian;
  if (!view) return [];
  const rate = isRateMetric(analysis, analysis.primary);
  return [
    `Bayesian view of ${analysis.primary} (${BAYESIAN_MODELS[view.model]}; ${view.lowerIsBetter ? 'lower' : 'higher'} is better). Informative: the verdict rests on the sequential test.`,
    '',
    '| arm | posterior mean | P(best) | expected loss |',
    '| --- | --- | --- | --- |',
    ...view.arms.map((a) => `| ${a.arm} | ${formatMetric(a.posteriorMean, analysis.primary, rate)} | ${formatProbability(a.probabilityBest)} | ${formatLoss(a.expectedLoss, analysis.primary, rate)} |`),
    '',
  ];
}

/** The analysis as Markdown: verdict, plan, sample-ratio check, per-arm estimates and the comparisons. */
export function experimentReportMarkdown(analysis: ExperimentAnalysis): string {
  const lines = [
    `# Experiment ${analysis.experimentId}`,
    '',
    `**Verdict: ${analysis.verdict.decision}${analysis.verdict.arm ? ` (${analysis.verdict.arm})` : ''}.** ${analysis.verdict.reason}.`,
    '',
    `Primary metric: ${analysis.primary}; alpha ${analysis.alpha} (${num(analysis.alphaPerComparison)} per comparison with ${analysis.control}).`,
    analysis.plan
      ? `Plan: ${analysis.plan.perArm} per arm to detect a difference of ${analysis.plan.mde} from ${num(analysis.plan.baseline)} with power ${analysis.plan.power}.`
      : 'No sample size planned (no minimum detectable effect given).',
    `Sample ratio: ${analysis.sampleRatio.observed.join(' / ')} against an expected ${analysis.sampleRatio.expected.map((e) => e.toFixed(0)).join(' / ')} (χ² p ${num(analysis.sampleRatio.p, 2)}${analysis.sampleRatio.mismatch ? ', MISMATCH' : ''}).`,
    '',
    '| arm | calls | units | outcome [95% CI] | error rate | p95 latency | p95 first chunk | mean cost |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...analysis.arms.map(
      (a) =>
        `| ${a.arm} | ${a.calls} | ${a.units} | ${outcomeCell(a)} | ${pct(a.errorRate.value)} | ${a.latencyMs ? `${Math.round(a.latencyMs.p95)} ms` : '—'} | ${a.timeToFirstChunkMs ? `${Math.round(a.timeToFirstChunkMs.p95)} ms` : '—'} | ${usd(a.costUsd?.mean)} |`,
    ),
    '',
    '| arm vs control | metric | test | difference | interval | p |',
    '| --- | --- | --- | --- | --- | --- |',
    ...analysis.comparisons.map((c) => comparisonRow(c, analysis.alphaPerComparison)),
    '',
    '`**` marks a difference below alpha per comparison (by the always-valid p-value on the primary metric).',
    '',
    ...bayesianLines(analysis),
  ];
  return lines.join('\n');
}
