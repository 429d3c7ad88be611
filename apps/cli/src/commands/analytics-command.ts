import type { AnalyticsStore, AnomalyReport, RecordFilter, TrendResult } from '@llm/analytics';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors/exit-codes.js';
import { usageError } from '../errors/usage-error.js';
import { formatTable } from '../output/table.js';
import { openRecordedStore } from './recorded-store.js';
import { sinceOf } from './since-flag.js';

export interface AnalyticsFlags {
  /** `7d`, `4w` or a date; default 7 days. */
  since?: string;
  /** `provider:model` or a model id; comma-separated, repeatable. */
  model?: string[];
  format?: string;
  /** Another analytics store file (a gateway's), instead of this machine's. */
  store?: string;
}

const DAY = 86_400_000;
const REPORT_FORMATS = ['markdown', 'json', 'csv'] as const;
const TABLE_FORMATS = ['table', 'json'] as const;

function formatOf<F extends string>(value: string | undefined, formats: readonly F[], command: string): F {
  const format = (value ?? formats[0]!) as F;
  if (!formats.includes(format)) throw usageError(`--format "${value}" is not one of ${formats.join(', ')}`, `e.g. llm analytics ${command} --format ${formats[1]}`);
  return format;
}

/** `--model`: `provider:model` ids filter both; bare ids filter the model. */
function filterOf(models: readonly string[] | undefined): RecordFilter {
  const ids = (models ?? []).flatMap((m) => m.split(',')).map((m) => m.trim()).filter(Boolean);
  if (ids.length === 0) return {};
  const providers = new Set<string>();
  const names = new Set<string>();
  for (const id of ids) {
    const at = id.indexOf(':');
    if (at > 0) providers.add(id.slice(0, at));
    names.add(at > 0 ? id.slice(at + 1) : id);
  }
  return { model: [...names], ...(providers.size > 0 && providers.size === ids.length ? { provider: [...providers] } : {}) };
}

interface Window {
  from: number;
  to: number;
  filter: RecordFilter;
}

/** The store to read and the window: this machine's file (or --store FILE), the last 7 days unless --since says otherwise. */
async function open(ctx: CliContext, flags: AnalyticsFlags): Promise<{ store: AnalyticsStore; window: Window; close(): Promise<void> }> {
  const now = new Date();
  const since = sinceOf(flags.since ?? '7d', now)!;
  const window = { from: Date.parse(since), to: now.getTime(), filter: filterOf(flags.model) };
  const recorded = await openRecordedStore(ctx, flags.store);
  if (recorded.missing) ctx.terminal.info(`llm: no calls recorded yet in ${recorded.path} (calls to vendors and gateways are; the built-in mock's are not)`);
  return { store: recorded.store, window, close: () => recorded.close() };
}

/** `llm analytics report`: per model, calls, errors, latency and time-to-first-chunk percentiles, tokens and cost; the trends and anomalies of the window. */
export async function analyticsReport(ctx: CliContext, flags: AnalyticsFlags): Promise<number> {
  const format = formatOf(flags.format, REPORT_FORMATS, 'report');
  const { buildReport, reportToCsv, reportToJson, reportToMarkdown } = await import('@llm/analytics');
  const { store, window, close } = await open(ctx, flags);
  try {
    const report = await buildReport(store, { from: window.from, to: window.to, ...window.filter, trendGranularity: window.to - window.from <= 3 * DAY ? '1h' : '1d' });
    ctx.terminal.out(format === 'json' ? reportToJson(report) : format === 'csv' ? reportToCsv(report) : reportToMarkdown(report));
  } finally {
    await close();
  }
  return EXIT.ok;
}

const fixed = (n: number | undefined, digits = 3): string => (n === undefined ? '-' : Number(n.toPrecision(digits)).toString());
const groupName = (group: Record<string, string>): string => (group.provider && group.model ? `${group.provider}:${group.model}` : Object.values(group).join('/'));

function trendRows(result: TrendResult): string[][] {
  return result.groups.flatMap(({ group, metrics }) =>
    metrics.map((m) => [
      groupName(group),
      m.metric,
      m.slope ? `${fixed(m.slope.perDay)}/day` : 'insufficient data',
      m.slope ? `${fixed(m.slope.low)} to ${fixed(m.slope.high)}` : '',
      m.slope ? (m.slope.significant ? 'yes' : 'no') : '',
      m.periodOverPeriod.changePct === undefined ? '' : `${m.periodOverPeriod.changePct >= 0 ? '+' : ''}${(m.periodOverPeriod.changePct * 100).toFixed(1)}%`,
    ]),
  );
}

/** `llm analytics trends`: per model and measure, the least-squares slope per day with its 95% interval, and the window against the one before. */
export async function analyticsTrends(ctx: CliContext, flags: AnalyticsFlags): Promise<number> {
  const format = formatOf(flags.format, TABLE_FORMATS, 'trends');
  const { trends } = await import('@llm/analytics');
  const { store, window, close } = await open(ctx, flags);
  try {
    const result = await trends(store, { from: window.from, to: window.to, ...window.filter, granularity: window.to - window.from <= 3 * DAY ? '1h' : '1d' });
    if (format === 'json') ctx.terminal.out(`${JSON.stringify(result)}\n`);
    else {
      ctx.terminal.out(formatTable(['MODEL', 'MEASURE', 'SLOPE', '95% INTERVAL', 'SIGNIFICANT', 'VS PREVIOUS WINDOW'], trendRows(result)));
      const significant = result.groups.flatMap((g) => g.metrics.filter((m) => m.slope?.significant)).length;
      ctx.terminal.info(`llm: ${result.groups.length} models from ${result.from.slice(0, 16).replace('T', ' ')} to ${result.to.slice(0, 16).replace('T', ' ')} UTC; ${significant} significant trends`);
    }
  } finally {
    await close();
  }
  return EXIT.ok;
}

function anomalyRows(report: AnomalyReport): string[][] {
  return report.anomalies.map((a) => [a.severity, a.detector, groupName(a.group), a.start.slice(0, 16).replace('T', ' '), a.end.slice(0, 16).replace('T', ' '), a.message]);
}

/** `llm analytics anomalies`: latency, time-to-first-chunk, error-rate and cost-drift episodes in the window, and what could not be judged. */
export async function analyticsAnomalies(ctx: CliContext, flags: AnalyticsFlags): Promise<number> {
  const format = formatOf(flags.format, TABLE_FORMATS, 'anomalies');
  const { detectAnomalies } = await import('@llm/analytics');
  const { store, window, close } = await open(ctx, flags);
  try {
    const report = await detectAnomalies(store, { from: window.from, to: window.to, ...window.filter });
    if (format === 'json') ctx.terminal.out(`${JSON.stringify(report)}\n`);
    else {
      if (report.anomalies.length > 0) ctx.terminal.out(formatTable(['SEVERITY', 'DETECTOR', 'MODEL', 'START (UTC)', 'END', 'WHAT'], anomalyRows(report)));
      const unjudged = report.status.filter((s) => s.status === 'insufficient_data').length;
      ctx.terminal.info(`llm: ${report.anomalies.length} anomalies; ${report.status.length - unjudged} detector runs judged, ${unjudged} with too little data (--format json says why)`);
    }
  } finally {
    await close();
  }
  return EXIT.ok;
}
