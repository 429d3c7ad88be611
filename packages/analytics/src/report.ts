import { aggregate, toMs, type AggregateResult, type GroupDimension, type TimeInput } from './aggregate.js';
import type { AnalyticsStore, RecordFilter } from './analytics-store.js';
import { detectAnomalies, type AnomalyReport } from './detect-anomalies.js';
import { withRollupCache } from './rollup-cache.js';
import { seriesGranularity } from './series-granularity.js';
import type { Summary } from './summary.js';
import { timeSeries, type TimeSeriesResult } from './time-series.js';
import { trends, type TrendResult } from './trends.js';

export interface ReportQuery extends RecordFilter {
  from: TimeInput;
  to: TimeInput;
  groupBy?: readonly GroupDimension[];
  /** Bucket width of the trends (default `1d`). */
  trendGranularity?: string | number;
  /** Bucket width of the anomaly detectors (default `15m`). */
  anomalyGranularity?: string | number;
  /**
   * Bucket width of the time series (the dashboard's charts). Default: the finest of 1m, 5m, 15m,
   * 30m, 1h, 3h, 6h, 12h, 1d, 2d, 7d that gives at most 240 buckets and is still kept at `from`.
   */
  seriesGranularity?: string | number;
}

/** One window's numbers per group, their time series, trends and the anomalies in it: what the JSON, CSV, Markdown and HTML forms render. */
export interface AnalyticsReport {
  generatedAt: string;
  summary: AggregateResult;
  /** The same groups per bucket (the dashboard's charts). */
  series: TimeSeriesResult;
  trends: TrendResult;
  anomalies: AnomalyReport;
}

/**
 * Reads the window for each part (aggregate, series, trends, anomalies); parts that need the same
 * roll-up rows share one read.
 */
export async function buildReport(source: AnalyticsStore, query: ReportQuery, now = Date.now()): Promise<AnalyticsReport> {
  const store = withRollupCache(source);
  const { trendGranularity, anomalyGranularity, seriesGranularity: granularity, ...rest } = query;
  const [summary, series, trend, anomalies] = await Promise.all([
    aggregate(store, rest, now),
    timeSeries(store, { ...rest, granularity: granularity ?? seriesGranularity(toMs(rest.from), toMs(rest.to), store.retention, now) }, now),
    trends(store, { ...rest, granularity: trendGranularity ?? '1d' }, now),
    detectAnomalies(store, { ...rest, granularity: anomalyGranularity ?? '15m' }, now),
  ]);
  return { generatedAt: new Date(now).toISOString(), summary, series, trends: trend, anomalies };
}

/** The report as JSON (two-space indent): every number the other forms show, and more. */
export function reportToJson(report: AnalyticsReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The columns of the CSV and of the Markdown table, in order. */
const COLUMNS: ReadonlyArray<[string, (s: Summary) => number | undefined]> = [
  ['calls', (s) => s.count],
  ['errors', (s) => s.errors],
  ['error_rate', (s) => s.errorRate],
  ['latency_p50_ms', (s) => s.latencyMs?.p50],
  ['latency_p90_ms', (s) => s.latencyMs?.p90],
  ['latency_p95_ms', (s) => s.latencyMs?.p95],
  ['latency_p99_ms', (s) => s.latencyMs?.p99],
  ['ttfc_p50_ms', (s) => s.ttfcMs?.p50],
  ['ttfc_p95_ms', (s) => s.ttfcMs?.p95],
  ['output_tokens_per_s', (s) => s.outputTokensPerSecond],
  ['input_tokens', (s) => s.tokens.input],
  ['output_tokens', (s) => s.tokens.output],
  ['cost_usd', (s) => s.cost.totalUsd],
  ['cost_per_call_usd', (s) => s.cost.perCallUsd],
  ['cost_per_1k_tokens_usd', (s) => s.cost.perThousandTokensUsd],
  ['cache_hit_rate', (s) => s.cacheHitRate],
  ['retries_per_call', (s) => s.retriesPerCall],
  ['fallback_rate', (s) => s.fallbackRate],
];

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** One row per group (its dimensions first), one column per measure; an absent measure is an empty field. Lines end in CRLF. */
export function reportToCsv(report: AnalyticsReport): string {
  const dims = report.summary.groupBy;
  const lines = [[...dims, ...COLUMNS.map(([name]) => name)].map(csvField).join(',')];
  for (const g of report.summary.groups) {
    const values = COLUMNS.map(([, read]) => read(g));
    lines.push([...dims.map((d) => g.group[d] ?? ''), ...values.map((v) => (v === undefined ? '' : String(v)))].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Markdown table cells: pipes escaped, line breaks as spaces. */
const mdCell = (value: string): string => value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

const fmt = (v: number | undefined, digits = 3): string => (v === undefined ? '–' : Number.isInteger(v) ? String(v) : v.toPrecision(digits));
const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;
const usd = (v: number | undefined): string => (v === undefined ? '–' : `$${v < 0.01 ? v.toPrecision(3) : v.toFixed(2)}`);

/** A readable report: the window, a table per group, the significant trends and the anomalies. */
export function reportToMarkdown(report: AnalyticsReport): string {
  const { summary, trends: trend, anomalies } = report;
  const dims = summary.groupBy;
  const out: string[] = [];
  out.push(`# LLM calls ${summary.from} – ${summary.to}`, '');
  out.push(`${summary.totals.count} calls, ${pct(summary.totals.errorRate)} errors, ${usd(summary.totals.cost.totalUsd)} in total (generated ${report.generatedAt}; resolution: ${summary.resolution}).`, '');
  out.push('## By ' + (dims.length ? dims.join(', ') : 'everything'), '');
  const header = [...dims, 'calls', 'error rate', 'p50 ms', 'p95 ms', 'p99 ms', 'TTFC p50 ms', 'tokens/s', 'cost', 'per call', 'cache hits', 'retries/call'];
  out.push(`| ${header.map(mdCell).join(' | ')} |`, `| ${header.map((_, i) => (i < dims.length ? '---' : '---:')).join(' | ')} |`);
  for (const g of summary.groups) {
    const cells = [
      ...dims.map((d) => g.group[d] || '(none)'),
      String(g.count),
      pct(g.errorRate),
      fmt(g.latencyMs?.p50),
      fmt(g.latencyMs?.p95),
      fmt(g.latencyMs?.p99),
      fmt(g.ttfcMs?.p50),
      fmt(g.outputTokensPerSecond),
      usd(g.cost.totalUsd),
      usd(g.cost.perCallUsd),
      pct(g.cacheHitRate),
      fmt(g.retriesPerCall),
    ];
    out.push(`| ${cells.map(mdCell).join(' | ')} |`);
  }
  out.push('', '## Trends', '');
  const significant = trend.groups.flatMap(({ group, metrics }) =>
    metrics.filter((m) => m.slope?.significant).map((m) => `- ${mdCell(Object.values(group).join(' ') || 'all')}: ${m.metric} ${m.slope!.perDay >= 0 ? '+' : ''}${fmt(m.slope!.perDay)} per day (95% interval ${fmt(m.slope!.low)} to ${fmt(m.slope!.high)}, ${m.slope!.n} buckets)`),
  );
  out.push(...(significant.length ? significant : ['No measure moved by more than its uncertainty.']));
  out.push('', '## Anomalies', '');
  if (anomalies.anomalies.length === 0) out.push('None found.');
  for (const a of anomalies.anomalies) out.push(`- **${a.severity}** ${mdCell(a.message)} (confidence ${fmt(a.confidence, 4)}${a.explanation ? `; cause: ${a.explanation.cause}` : ''})`);
  const insufficient = anomalies.status.filter((s) => s.status === 'insufficient_data');
  if (insufficient.length) {
    out.push('', `Not judged (insufficient data): ${insufficient.map((s) => `${s.detector} of ${Object.values(s.group).join(' ') || 'all'}`).map(mdCell).join('; ')}.`);
  }
  return `${out.join('\n')}\n`;
}
