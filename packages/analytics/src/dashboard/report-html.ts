import { readFileSync } from 'node:fs';
import { allHtmlScripts, html, htmlAssets, renderHtmlPage, type SafeHtml } from '@llm/html';
import { groupId } from '../aggregate.js';
import type { Anomaly, DetectorName } from '../anomaly.js';
import type { AnalyticsReport } from '../report.js';
import type { SeriesPoint } from '../time-series.js';
import type { MetricTrend } from '../trends.js';
import { capGroups, DASHBOARD_MAX_GROUPS, type OtherGroups } from './group-cap.js';
import { svgLineChart, type ChartBand, type ChartLine } from './svg-line-chart.js';

/** The page's own style sheet and script, beside this module (copied to dist by the build). */
const asset = (name: string): string => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');

export interface ReportHtmlOptions {
  /** Default: `LLM calls`. */
  title?: string;
  /**
   * Groups shown with their own row and four charts, those with the most calls (default
   * {@link DASHBOARD_MAX_GROUPS}); the rest are summed in one "other" row, and the page says so.
   */
  maxGroups?: number;
}

/** One row of the models table (the page script's data). */
export interface DashboardRow {
  id: string;
  label: string;
  calls: number;
  errorRate: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  ttfcP50: number | null;
  ttfcP95: number | null;
  tokensPerSecond: number | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  perCallUsd: number | null;
  perThousandTokensUsd: number | null;
  cacheHitRate: number;
  retriesPerCall: number;
  anomalies: number;
  /** Measures whose slope per day is significant, e.g. `latency p95 ▲`. */
  trends: string[];
}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;
const iso = (t: string): string => t.replace('T', ' ').replace(/:00\.000Z$|\.000Z$/, '').replace(/Z$/, '') + ' UTC';
const num = (v: number, digits = 3): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(digits))));
const pct = (v: number): string => `${num(v * 100, 3)}%`;
const usd = (v: number): string => `$${v === 0 ? '0' : num(v, 3)}`;
const ms = (v: number): string => `${num(v, 3)} ms`;

function valueText(unit: string, v: number): string {
  return unit === 'ms' ? ms(v) : unit === 'ratio' ? pct(v) : unit === 'USD' ? usd(v) : num(v);
}

const arrow = (m: MetricTrend): string => (m.slope!.perDay > 0 ? '▲' : '▼');

/**
 * The report as one HTML file that works offline (`@llm/html`: a strict CSP by hashes, the data as
 * an inert JSON block, no request of any kind): totals, the anomalies, a sortable table of the
 * groups (latency and time-to-first-chunk percentiles, error rate, throughput, tokens, cost), the
 * significant trends, and per group inline SVG charts of latency, error rate, cost per call and
 * throughput over the window, each anomaly shaded where it happened. Model names and tag values
 * are text wherever they appear.
 */
export function reportToHtml(report: AnalyticsReport, options: ReportHtmlOptions = {}): string {
  const title = options.title ?? 'LLM calls';
  const { summary, series, trends, anomalies } = report;
  const label = (group: Record<string, string>): string => (summary.groupBy.length === 0 ? 'all calls' : Object.values(group).map((v) => v || '(none)').join(' · '));
  const { shown, other } = capGroups(summary.groups, options.maxGroups ?? DASHBOARD_MAX_GROUPS);
  const sectionId = new Map(shown.map((g, i) => [groupId(g.group), `group-${i}`]));
  const seriesOf = new Map(series.series.map((s) => [groupId(s.group), s.points]));
  const trendsOf = new Map(trends.groups.map((t) => [groupId(t.group), t.metrics]));
  const anomaliesOf = (group: Record<string, string>): Anomaly[] => anomalies.anomalies.filter((a) => groupId(a.group) === groupId(group));
  const sorted = [...anomalies.anomalies].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.start.localeCompare(b.start));
  const from = Date.parse(summary.from);
  const to = Date.parse(summary.to);

  const anomalyItem = (a: Anomaly): SafeHtml => {
    const id = sectionId.get(groupId(a.group)) ?? (other ? 'group-other' : undefined);
    const where = id ? html`<a href="#${id}">${label(a.group)}</a>` : html`${label(a.group)}`;
    const cause = a.explanation ? html`; cause: <strong>${a.explanation.cause}</strong> (price ${usd(a.explanation.priceEffect)}, token mix ${usd(a.explanation.mixEffect)} per call)` : '';
    return html`<li class="anomaly severity-${a.severity}" data-detector="${a.detector}"><span class="badge">${a.severity}</span> <strong>${a.detector.replace('_', ' ')}</strong> of ${where}: ${valueText(a.unit, a.observed)} against a baseline of ${valueText(a.unit, a.baseline)} (${num(a.observed / Math.max(a.baseline, 1e-12), 3)}×), ${iso(a.start)}${a.end !== a.start ? html` to ${iso(a.end)}` : ''}, ${a.points} bucket${a.points === 1 ? '' : 's'}, confidence ${num(a.confidence, 6)}${cause}</li>`;
  };
  const notJudged = anomalies.status.filter((s) => s.status === 'insufficient_data');

  const bandsFor = (group: Record<string, string>, detectors: readonly DetectorName[]): ChartBand[] =>
    anomaliesOf(group)
      .filter((a) => detectors.includes(a.detector))
      .map((a) => ({ start: Date.parse(a.start), end: Date.parse(a.end) + anomalies.granularityMs - series.granularityMs, severity: a.severity, label: `${a.severity}: ${a.message}` }));

  const chart = (id: string, chartTitle: string, group: Record<string, string>, points: readonly SeriesPoint[], lines: Array<[string, (p: SeriesPoint) => number | undefined]>, format: (v: number) => string, detectors: readonly DetectorName[]): SafeHtml =>
    svgLineChart({
      id,
      title: `${chartTitle}: ${label(group)}`,
      description: `${lines.map(([l]) => l).join(', ')} per ${num(series.granularityMs / 60_000)}-minute bucket from ${iso(summary.from)} to ${iso(summary.to)}; shaded: anomalies.`,
      from,
      to,
      stepMs: series.granularityMs,
      lines: lines.map(([l, read]): ChartLine => ({ label: l, points: points.map((p) => ({ t: Date.parse(p.time), value: read(p) })) })),
      bands: bandsFor(group, detectors),
      format,
    });

  const groupSection = (g: (typeof summary.groups)[number], i: number): SafeHtml => {
    const id = `group-${i}`;
    const points = seriesOf.get(groupId(g.group)) ?? [];
    const significant = (trendsOf.get(groupId(g.group)) ?? []).filter((m) => m.slope?.significant);
    const own = anomaliesOf(g.group);
    return html`<section class="group" id="${id}" aria-labelledby="${id}-h">
<h3 id="${id}-h">${label(g.group)}</h3>
<p class="muted">${g.count} calls, ${pct(g.errorRate)} errors, p95 ${g.latencyMs ? ms(g.latencyMs.p95) : '–'}, ${usd(g.cost.totalUsd)}.${own.length ? html` <strong>${own.length} anomal${own.length === 1 ? 'y' : 'ies'}.</strong>` : ''}</p>
${significant.length ? html`<ul class="trend-flags">${significant.map((m) => html`<li class="trend ${m.slope!.perDay > 0 ? 'up' : 'down'}">${m.metric} ${arrow(m)} ${num(m.slope!.perDay)} per day</li>`)}</ul>` : ''}
<div class="charts">
${chart(`${id}-latency`, 'Latency', g.group, points, [['p50', (p) => p.latencyMs?.p50], ['p95', (p) => p.latencyMs?.p95], ['TTFC p50', (p) => p.ttfcMs?.p50]], ms, ['latency', 'ttfc'])}
${chart(`${id}-errors`, 'Error rate', g.group, points, [['error rate', (p) => p.errorRate]], pct, ['error_rate'])}
${chart(`${id}-cost`, 'Cost per call', g.group, points, [['USD per call', (p) => p.cost.perCallUsd]], usd, ['cost_drift'])}
${chart(`${id}-throughput`, 'Output tokens per second', g.group, points, [['tokens/s', (p) => p.outputTokensPerSecond]], (v) => num(v), [])}
</div>
</section>`;
  };

  const rows: DashboardRow[] = shown.map((g, i) => ({
    id: `group-${i}`,
    label: label(g.group),
    calls: g.count,
    errorRate: g.errorRate,
    p50: g.latencyMs?.p50 ?? null,
    p90: g.latencyMs?.p90 ?? null,
    p95: g.latencyMs?.p95 ?? null,
    p99: g.latencyMs?.p99 ?? null,
    ttfcP50: g.ttfcMs?.p50 ?? null,
    ttfcP95: g.ttfcMs?.p95 ?? null,
    tokensPerSecond: g.outputTokensPerSecond ?? null,
    inputTokens: g.tokens.input,
    outputTokens: g.tokens.output,
    costUsd: g.cost.totalUsd,
    perCallUsd: g.cost.perCallUsd ?? null,
    perThousandTokensUsd: g.cost.perThousandTokensUsd ?? null,
    cacheHitRate: g.cacheHitRate,
    retriesPerCall: g.retriesPerCall,
    anomalies: anomaliesOf(g.group).length,
    trends: (trendsOf.get(groupId(g.group)) ?? []).filter((m) => m.slope?.significant).map((m) => `${m.metric} ${arrow(m)}`),
  }));
  if (other) rows.push(otherRow(other, other.members.reduce((n, group) => n + anomaliesOf(group).length, 0)));
  const capNote = other
    ? html`<p class="muted" id="groups-cap">The ${shown.length} groups with the most calls of ${summary.groups.length}; the other ${other.groups} (${other.count} calls) are summed in the row “other”, without charts.</p>`
    : '';
  const otherSection = other
    ? html`<section class="group" id="group-other" aria-labelledby="group-other-h">
<h3 id="group-other-h">other: ${other.groups} groups</h3>
<p class="muted">${other.count} calls, ${pct(other.count ? other.errors / other.count : 0)} errors, ${usd(other.costUsd)}: the groups past the ${shown.length} with the most calls, summed (latency percentiles and throughput cannot be added up from the groups' summaries). Every group is in the report's JSON and CSV forms.</p>
<details><summary>The ${other.groups} groups</summary><ul class="other-groups">${other.members.map((group) => html`<li>${label(group)}</li>`)}</ul></details>
</section>`
    : '';

  const trendRows = trends.groups.flatMap(({ group, metrics }) => metrics.filter((m) => m.slope?.significant).map((m) => ({ group, m })));
  const t = summary.totals;
  const body = html`<header>
<h1>${title}</h1>
<p class="muted">${iso(summary.from)} to ${iso(summary.to)} (resolution: ${summary.resolution}; charts per ${num(series.granularityMs / 60_000)}-minute bucket, anomalies judged per ${num(anomalies.granularityMs / 60_000)}-minute bucket). Generated ${iso(report.generatedAt)}.</p>
<dl class="totals">
<div><dt>Calls</dt><dd id="total-calls">${t.count}</dd></div>
<div><dt>Error rate</dt><dd>${pct(t.errorRate)}</dd></div>
<div><dt>Cost</dt><dd>${usd(t.cost.totalUsd)}</dd></div>
<div><dt>Anomalies</dt><dd id="total-anomalies">${anomalies.anomalies.length}</dd></div>
</dl>
</header>
<main>
<section aria-labelledby="anomalies-h">
<h2 id="anomalies-h">Anomalies</h2>
${sorted.length ? html`<ol class="anomalies">${sorted.map(anomalyItem)}</ol>` : html`<p>None found in this window.</p>`}
${notJudged.length ? html`<details><summary>Not judged (insufficient data): ${notJudged.length}</summary><ul class="not-judged">${notJudged.map((s) => html`<li>${s.detector.replace('_', ' ')} of ${label(s.group)}: ${s.reason ?? ''}</li>`)}</ul></details>` : ''}
</section>
<section aria-labelledby="models-h">
<h2 id="models-h">By ${summary.groupBy.length ? summary.groupBy.join(', ') : 'everything'}</h2>
${capNote}
<div class="table-wrap" id="models-table"></div>
<noscript><p>The sortable table needs JavaScript; the same numbers are in the sections below and in the JSON block at the end of the file.</p></noscript>
</section>
<section aria-labelledby="trends-h">
<h2 id="trends-h">Trends</h2>
${trendRows.length
  ? html`<table class="data-table trends"><caption>Measures whose least-squares slope per day has a 95% interval that excludes 0</caption><thead><tr><th scope="col">Group</th><th scope="col">Measure</th><th scope="col" class="num">Per day</th><th scope="col" class="num">95% interval</th><th scope="col" class="num">Buckets</th><th scope="col" class="num">Against the window before</th></tr></thead><tbody>${trendRows.map(
      ({ group, m }) =>
        html`<tr class="trend ${m.slope!.perDay > 0 ? 'up' : 'down'}"><td>${label(group)}</td><td>${m.metric} ${arrow(m)}</td><td class="num">${num(m.slope!.perDay)}</td><td class="num">${num(m.slope!.low)} to ${num(m.slope!.high)}</td><td class="num">${m.slope!.n}</td><td class="num">${m.periodOverPeriod.changePct === undefined ? '–' : `${m.periodOverPeriod.changePct >= 0 ? '+' : ''}${num(m.periodOverPeriod.changePct, 3)}%`}</td></tr>`,
    )}</tbody></table>`
  : html`<p>No measure moved by more than its uncertainty.</p>`}
</section>
<section aria-labelledby="groups-h">
<h2 id="groups-h">Over time</h2>
${shown.map(groupSection)}
${otherSection}
</section>
</main>`;
  return renderHtmlPage({
    title,
    description: `${t.count} LLM calls from ${summary.from} to ${summary.to}: latency, errors, cost and throughput per group, trends and anomalies.`,
    styles: [htmlAssets.baseCss(), asset('dashboard-page.css')],
    body,
    data: { 'analytics-dashboard': { rows } },
    scripts: [...allHtmlScripts(), asset('dashboard-page.js')],
  });
}

/** The table row of the groups past the cap: sums, and the rates that follow from them; no percentiles. */
function otherRow(other: OtherGroups, anomalies: number): DashboardRow {
  const per = (n: number): number => (other.count === 0 ? 0 : n / other.count);
  return {
    id: 'group-other',
    label: `other (${other.groups} groups)`,
    calls: other.count,
    errorRate: per(other.errors),
    p50: null,
    p90: null,
    p95: null,
    p99: null,
    ttfcP50: null,
    ttfcP95: null,
    tokensPerSecond: null,
    inputTokens: other.inputTokens,
    outputTokens: other.outputTokens,
    costUsd: other.costUsd,
    perCallUsd: other.pricedCalls ? other.costUsd / other.pricedCalls : null,
    perThousandTokensUsd: null,
    cacheHitRate: per(other.cacheHits),
    retriesPerCall: per(other.retries),
    anomalies,
    trends: [],
  };
}
