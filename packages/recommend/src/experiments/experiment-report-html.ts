import { html, htmlAssets, renderHtmlPage, type SafeHtml } from '@llm/html';
import { primarySampleSize, type ArmEstimates, type Comparison, type ExperimentAnalysis } from './analyze-experiment.js';
import { intervalChart, type IntervalRow } from './interval-chart.js';
import { EXPERIMENT_REPORT_CSS } from './experiment-report-style.js';
import {
  BAYESIAN_MODELS,
  formatLoss,
  formatMetric,
  formatNumber as num,
  formatP,
  formatPercent as pct,
  formatProbability,
  formatUsd as usd,
  isRateMetric,
} from './report-format.js';

export interface ExperimentReportHtmlOptions {
  /** The page title (default `Experiment <id>`). */
  readonly title?: string | undefined;
}

const METRIC_LABELS: Readonly<Record<Comparison['metric'], string>> = { outcome: 'outcome', errorRate: 'error rate', latency: 'latency', cost: 'cost per call' };
const ms = (v: number | undefined): string => (v === undefined ? '—' : `${Math.round(v)} ms`);
const confidence = (alpha: number): string => `${num((1 - alpha) * 100, 4)}%`;

function outcomeCell(arm: ArmEstimates): string {
  const o = arm.outcome;
  if (!o) return '—';
  if (o.kind === 'binary') return `${pct(o.rate)} [${pct(o.interval.low)}, ${pct(o.interval.high)}] (n ${o.n})`;
  return `${num(o.mean)} [${num(o.interval.low)}, ${num(o.interval.high)}] (n ${o.n})`;
}

/** Each arm's own estimate of the primary metric with its 95% interval, where the analysis has one. */
function armRows(analysis: ExperimentAnalysis): IntervalRow[] | undefined {
  if (analysis.primary === 'outcome') {
    if (!analysis.arms.every((a) => a.outcome)) return undefined;
    return analysis.arms.map((a) => {
      const o = a.outcome!;
      const estimate = o.kind === 'binary' ? o.rate : o.mean;
      return { label: a.arm, estimate, low: o.interval.low, high: o.interval.high, highlight: analysis.verdict.arm === a.arm };
    });
  }
  if (analysis.primary === 'errorRate') {
    return analysis.arms.map((a) => ({ label: a.arm, estimate: a.errorRate.value, low: a.errorRate.interval.low, high: a.errorRate.interval.high, highlight: analysis.verdict.arm === a.arm }));
  }
  return undefined;
}

const belowAlpha = (c: Comparison, alpha: number): boolean => (c.alwaysValidP ?? c.p) < alpha;

function verdictSection(analysis: ExperimentAnalysis): SafeHtml {
  const v = analysis.verdict;
  return html`<section class="verdict verdict-${v.decision}" aria-labelledby="verdict-h">
<h2 id="verdict-h">Verdict: <span id="decision">${v.decision}</span>${v.arm === undefined ? '' : html` (<span id="winner">${v.arm}</span>)`}</h2>
<p id="verdict-reason">${v.reason}.</p>
</section>`;
}

function planSection(analysis: ExperimentAnalysis): SafeHtml {
  const { plan } = analysis;
  const rate = isRateMetric(analysis, analysis.primary);
  const soFar = primarySampleSize(analysis);
  const comparisons = analysis.arms.length - 1;
  return html`<section aria-labelledby="plan-h">
<h2 id="plan-h">Plan</h2>
<dl class="facts" id="plan">
<dt>Primary metric</dt><dd>${METRIC_LABELS[analysis.primary]}</dd>
<dt>Control</dt><dd>${analysis.control}</dd>
<dt>Alpha</dt><dd>${analysis.alpha}${comparisons > 1 ? `, ${num(analysis.alphaPerComparison)} per comparison with the control (Bonferroni over ${comparisons})` : ''}</dd>
${
  plan
    ? html`<dt>Minimum detectable effect</dt><dd>${formatMetric(plan.mde, analysis.primary, rate, true)} from a baseline of ${formatMetric(plan.baseline, analysis.primary, rate)}</dd>
<dt>Power</dt><dd>${plan.power}</dd>
<dt>Planned sample</dt><dd><span id="planned-n">${plan.perArm}</span> per arm</dd>
<dt>So far</dt><dd><progress max="${plan.perArm}" value="${Math.min(soFar, plan.perArm)}" aria-label="Sample so far"></progress> ${soFar} per arm (the smallest arm), ${num((soFar / plan.perArm) * 100)}% of the plan</dd>`
    : html`<dt>Planned sample</dt><dd>none: no minimum detectable effect was given (<code>mde</code>); ${soFar} per arm so far</dd>`
}
</dl>
</section>`;
}

function sampleRatioSection(analysis: ExperimentAnalysis): SafeHtml {
  const srm = analysis.sampleRatio;
  return html`<section aria-labelledby="srm-h">
<h2 id="srm-h">Sample ratio</h2>
<p id="srm-summary">${srm.mismatch ? 'Mismatch: ' : 'No mismatch: '}the ${analysis.sampleRatioOf} per arm against the configured split, χ² = ${num(srm.chiSquare)}, p = ${formatP(srm.p)}${
    srm.mismatch ? ' (below 0.001: the assignment or the recording is uneven; no other result can be trusted until the cause is found).' : ' (a mismatch is p below 0.001).'
  }</p>
<div class="table-wrap"><table class="data-table" id="srm-table">
<caption>${analysis.sampleRatioOf === 'units' ? 'Units' : 'Calls'} per arm, observed and expected</caption>
<thead><tr><th scope="col">Arm</th><th scope="col" class="num">Observed</th><th scope="col" class="num">Expected</th></tr></thead>
<tbody>${analysis.arms.map((a, i) => html`<tr><th scope="row">${a.arm}</th><td class="num">${srm.observed[i]}</td><td class="num">${num(srm.expected[i], 4)}</td></tr>`)}</tbody>
</table></div>
</section>`;
}

function armsSection(analysis: ExperimentAnalysis): SafeHtml {
  const rows = armRows(analysis);
  const rate = isRateMetric(analysis, analysis.primary);
  return html`<section aria-labelledby="arms-h">
<h2 id="arms-h">Arms</h2>
${
  rows
    ? intervalChart({
        id: 'arms-chart',
        title: `${METRIC_LABELS[analysis.primary]} by arm`,
        description: `Each arm's ${METRIC_LABELS[analysis.primary]} with its 95% interval; the numbers are in the table below.`,
        axisLabel: `${METRIC_LABELS[analysis.primary]} (95% interval)`,
        rows,
        format: (v) => formatMetric(v, analysis.primary, rate),
      })
    : ''
}
<div class="table-wrap"><table class="data-table" id="arms-table">
<caption>Per-arm estimates (95% intervals: Wilson for rates, normal for means)</caption>
<thead><tr><th scope="col">Arm</th><th scope="col" class="num">Calls</th><th scope="col" class="num">Units</th><th scope="col">Outcome</th><th scope="col">Error rate</th><th scope="col" class="num">Latency median</th><th scope="col" class="num">Latency p95</th><th scope="col" class="num">First chunk p95</th><th scope="col" class="num">Cost per call</th><th scope="col" class="num">Cost in all</th></tr></thead>
<tbody>${analysis.arms.map(
    (a) => html`<tr><th scope="row" class="arm">${a.arm}${a.arm === analysis.control ? html` <span class="muted">(control)</span>` : ''}</th>
<td class="num">${a.calls}</td><td class="num">${a.units}</td><td>${outcomeCell(a)}</td><td>${pct(a.errorRate.value)} [${pct(a.errorRate.interval.low)}, ${pct(a.errorRate.interval.high)}]</td>
<td class="num">${ms(a.latencyMs?.median)}</td><td class="num">${ms(a.latencyMs?.p95)}</td><td class="num">${ms(a.timeToFirstChunkMs?.p95)}</td><td class="num">${usd(a.costUsd?.mean)}</td><td class="num">${usd(a.costUsd?.total)}</td></tr>`,
  )}</tbody>
</table></div>
</section>`;
}

function comparisonsSection(analysis: ExperimentAnalysis): SafeHtml {
  const alpha = analysis.alphaPerComparison;
  const primary = analysis.comparisons.filter((c) => c.metric === analysis.primary && c.interval);
  const rateOf = (c: Comparison) => isRateMetric(analysis, c.metric);
  return html`<section aria-labelledby="tests-h">
<h2 id="tests-h">Against the control</h2>
${
  primary.length > 0
    ? intervalChart({
        id: 'difference-chart',
        title: `Difference in ${METRIC_LABELS[analysis.primary]} from ${analysis.control}`,
        description: `Each arm minus the control on the primary metric, with its ${confidence(alpha)} interval; an interval clear of zero is a difference.`,
        axisLabel: `arm − ${analysis.control} (${confidence(alpha)} interval)`,
        rows: primary.map((c) => ({ label: c.arm, estimate: c.difference, low: c.interval!.low, high: c.interval!.high, highlight: belowAlpha(c, alpha) })),
        reference: 0,
        format: (v) => formatMetric(v, analysis.primary, rateOf(primary[0]!), true),
      })
    : html`<p class="muted">No comparison on the primary metric yet (each arm needs two values).</p>`
}
<div class="table-wrap"><table class="data-table" id="tests-table">
<caption>Each arm against ${analysis.control}, every metric (fixed-horizon tests; the always-valid p-value on the primary metric). Intervals at ${confidence(alpha)}.</caption>
<thead><tr><th scope="col">Arm</th><th scope="col">Metric</th><th scope="col">Test</th><th scope="col" class="num">Difference</th><th scope="col">Interval</th><th scope="col" class="num">p</th><th scope="col" class="num">Always-valid p</th><th scope="col">Below alpha</th></tr></thead>
<tbody>${analysis.comparisons.map(
    (c) => html`<tr><th scope="row" class="arm">${c.arm}</th><td>${METRIC_LABELS[c.metric]}${c.metric === analysis.primary ? ' (primary)' : ''}</td><td>${c.test}</td>
<td class="num">${formatMetric(c.difference, c.metric, rateOf(c), true)}</td><td>${c.interval ? `[${formatMetric(c.interval.low, c.metric, rateOf(c), true)}, ${formatMetric(c.interval.high, c.metric, rateOf(c), true)}]` : '—'}</td>
<td class="num">${formatP(c.p)}</td><td class="num">${c.alwaysValidP === undefined ? '—' : formatP(c.alwaysValidP)}</td><td>${belowAlpha(c, alpha) ? html`<span class="yes">yes</span>` : 'no'}</td></tr>`,
  )}</tbody>
</table></div>
<p class="muted">Rates: two-proportion z-test (pooled), Wald interval of the difference. Numeric outcomes: Welch's t-test. Latency and cost: Mann–Whitney U (they are skewed) for p, Welch's interval for the size of the difference of means. A fixed-horizon p-value is valid once, at the planned sample; the verdict reads the always-valid one.</p>
</section>`;
}

function sequentialSection(analysis: ExperimentAnalysis): SafeHtml {
  const rows = analysis.comparisons.filter((c) => c.metric === analysis.primary && c.alwaysValidP !== undefined);
  const rate = isRateMetric(analysis, analysis.primary);
  return html`<section aria-labelledby="sequential-h">
<h2 id="sequential-h">Sequential test</h2>
<p>Mixture sequential probability ratio test (Johari, Pekelis and Walsh, <i>Always Valid Inference</i>, 2017) on ${METRIC_LABELS[analysis.primary]},
mixing distribution N(0, τ²) with τ = ${formatMetric(analysis.sequentialTau, analysis.primary, rate, false)}. The calls are replayed in the order they started and the p-value is
looked at after every one, so it stays valid however often the report is read. Stopping rule: an arm wins when its always-valid p drops below ${num(analysis.alphaPerComparison)}.</p>
<ul id="sequential">${rows.map((c) => html`<li><span class="arm">${c.arm}</span>: always-valid p = ${num(c.alwaysValidP, 3)}, ${c.alwaysValidP! < analysis.alphaPerComparison ? 'below the threshold (decided)' : 'not below the threshold yet'}</li>`)}${
    rows.length === 0 ? html`<li>no always-valid p-value yet (each arm needs two values of the primary metric)</li>` : ''
  }</ul>
</section>`;
}

function bayesianSection(analysis: ExperimentAnalysis): SafeHtml {
  const view = analysis.bayesian;
  const metric = METRIC_LABELS[analysis.primary];
  if (!view) {
    return html`<section aria-labelledby="bayes-h"><h2 id="bayes-h">Bayesian view</h2><p class="muted">Not yet: every arm needs values of the ${metric} (numbers: two or more, with some spread).</p></section>`;
  }
  const rate = isRateMetric(analysis, analysis.primary);
  return html`<section aria-labelledby="bayes-h">
<h2 id="bayes-h">Bayesian view</h2>
<p>${BAYESIAN_MODELS[view.model]}; ${view.lowerIsBetter ? 'lower' : 'higher'} ${metric} is better. P(best) is the probability that the arm's true ${metric} is the best of all arms; the expected loss is how much worse than the best arm choosing it is expected to be. Informative: the verdict rests on the sequential test. A common rule is to stop once the leading arm's expected loss is smaller than any difference you would act on.</p>
<div class="table-wrap"><table class="data-table" id="bayes-table">
<caption>Probability of being best and expected loss, ${metric}</caption>
<thead><tr><th scope="col">Arm</th><th scope="col" class="num">Posterior mean</th><th scope="col" class="num">P(best)</th><th scope="col" class="num">Expected loss</th></tr></thead>
<tbody>${view.arms.map(
    (a) => html`<tr><th scope="row" class="arm">${a.arm}</th><td class="num">${formatMetric(a.posteriorMean, analysis.primary, rate)}</td><td class="num">${formatProbability(a.probabilityBest)}</td><td class="num">${formatLoss(a.expectedLoss, analysis.primary, rate)}</td></tr>`,
  )}</tbody>
</table></div>
</section>`;
}

/**
 * An experiment's analysis as one self-contained HTML file on `@llm/html`: the verdict, the plan
 * (mde, power, planned and reached sample), the sample-ratio check, per-arm estimates with
 * intervals, each arm against the control with its tests, the sequential test, the Bayesian view
 * (probability each arm is best, expected loss), and forest plots as
 * inline SVG. The page has no script at all (its CSP allows none and loads nothing); every name in
 * it is escaped text, and the analysis rides along as an inert JSON block (`experiment-analysis`).
 */
export function experimentReportHtml(analysis: ExperimentAnalysis, options: ExperimentReportHtmlOptions = {}): string {
  const title = options.title ?? `Experiment ${analysis.experimentId}`;
  const body = html`<header>
<h1>${title}</h1>
<p class="muted">Experiment <code>${analysis.experimentId}</code>: ${analysis.arms.length} arms, ${analysis.arms.reduce((n, a) => n + a.calls, 0)} calls.</p>
</header>
<main>
${verdictSection(analysis)}
${planSection(analysis)}
${sampleRatioSection(analysis)}
${armsSection(analysis)}
${comparisonsSection(analysis)}
${sequentialSection(analysis)}
${bayesianSection(analysis)}
</main>`;
  return renderHtmlPage({
    title,
    description: `A/B test report: ${analysis.verdict.decision}.`,
    styles: [htmlAssets.baseCss(), EXPERIMENT_REPORT_CSS],
    body,
    data: { 'experiment-analysis': analysis },
  });
}
