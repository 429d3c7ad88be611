import { linearRegression } from 'simple-statistics';
import { studentTQuantile } from './distributions.js';
import type { AnalyticsStore, RecordFilter } from './analytics-store.js';
import { aggregate, checkGroupBy, DEFAULT_GROUP_BY, groupId, toMs, type GroupDimension, type TimeInput } from './aggregate.js';
import { parseGranularity, statsSeries } from './time-series.js';
import { summarize, type Summary } from './summary.js';

/** The measures a trend is computed for. */
export const TREND_METRICS = ['calls', 'error rate', 'latency p50', 'latency p95', 'ttfc p50', 'cost per call', 'output tokens per second'] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];

const READ: Record<TrendMetric, (s: Summary) => number | undefined> = {
  calls: (s) => s.count,
  'error rate': (s) => (s.count ? s.errorRate : undefined),
  'latency p50': (s) => s.latencyMs?.p50,
  'latency p95': (s) => s.latencyMs?.p95,
  'ttfc p50': (s) => s.ttfcMs?.p50,
  'cost per call': (s) => s.cost.perCallUsd,
  'output tokens per second': (s) => s.outputTokensPerSecond,
};

export interface Slope {
  /** Change per day (units of the measure per day), by least squares over the buckets. */
  perDay: number;
  /** Its standard error, and the 95% interval from Student's t with n - 2 degrees of freedom. */
  standardError: number;
  low: number;
  high: number;
  /** Buckets used. */
  n: number;
  /** Whether the interval excludes 0. */
  significant: boolean;
}

export interface PeriodChange {
  current: number | undefined;
  previous: number | undefined;
  /** current - previous, and that over previous. */
  change?: number;
  changePct?: number;
}

export interface MetricTrend {
  metric: TrendMetric;
  /** Absent with fewer than 3 buckets holding a value ("insufficient data"). */
  slope?: Slope;
  periodOverPeriod: PeriodChange;
}

export interface TrendResult {
  from: string;
  to: string;
  granularityMs: number;
  groups: Array<{ group: Record<string, string>; metrics: MetricTrend[] }>;
}

export interface TrendQuery extends RecordFilter {
  from: TimeInput;
  to: TimeInput;
  /** Bucket width for the slope (default `1d`; `1h` for windows of a few days). */
  granularity?: string | number;
  groupBy?: readonly GroupDimension[];
}

/** Least squares of (day, value): the slope with its standard error and 95% t-interval. */
export function slopePerDay(points: ReadonlyArray<{ t: number; value: number }>): Slope | undefined {
  const n = points.length;
  if (n < 3) return undefined;
  const xs = points.map((p) => p.t / 86_400_000);
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const sxx = xs.reduce((a, x) => a + (x - meanX) ** 2, 0);
  if (sxx === 0) return undefined;
  const { m, b } = linearRegression(points.map((p, i) => [xs[i]!, p.value]));
  const ssr = points.reduce((a, p, i) => a + (p.value - (m * xs[i]! + b)) ** 2, 0);
  const standardError = Math.sqrt(ssr / (n - 2) / sxx);
  const t = studentTQuantile(0.975, n - 2);
  const low = m - t * standardError;
  const high = m + t * standardError;
  return { perDay: m, standardError, low, high, n, significant: low > 0 || high < 0 };
}

/**
 * Per group and measure: the slope per day over the window's buckets, with its uncertainty, and
 * the window against the one just before it (same length).
 */
export async function trends(store: AnalyticsStore, query: TrendQuery, now = Date.now()): Promise<TrendResult> {
  const groupBy = checkGroupBy(query.groupBy ?? DEFAULT_GROUP_BY);
  const granularityMs = parseGranularity(query.granularity ?? '1d');
  const from = toMs(query.from);
  const to = toMs(query.to);
  const series = await statsSeries(store, { ...query, groupBy, granularityMs }, now);
  const current = await aggregate(store, { ...query, groupBy }, now);
  const previous = await aggregate(store, { ...query, groupBy, from: from - (to - from), to: from }, now).catch(() => undefined);
  const prevById = new Map(previous?.groups.map((g) => [groupId(g.group), g]) ?? []);
  const curById = new Map(current.groups.map((g) => [groupId(g.group), g]));
  const groups = series.series.map(({ group, points }) => {
    const summaries = points.map((p) => ({ t: p.t, s: summarize(p.stats) }));
    const metrics = TREND_METRICS.map((metric): MetricTrend => {
      const values = summaries.flatMap(({ t, s }) => {
        const v = READ[metric](s);
        return v === undefined ? [] : [{ t, value: v }];
      });
      const cur = curById.get(groupId(group));
      const prev = prevById.get(groupId(group));
      const c = cur ? READ[metric](cur) : undefined;
      const p = prev ? READ[metric](prev) : undefined;
      const periodOverPeriod: PeriodChange = { current: c, previous: p };
      if (c !== undefined && p !== undefined) {
        periodOverPeriod.change = c - p;
        if (p !== 0) periodOverPeriod.changePct = ((c - p) / p) * 100;
      }
      const slope = slopePerDay(values);
      return slope ? { metric, slope, periodOverPeriod } : { metric, periodOverPeriod };
    });
    return { group, metrics };
  });
  return { from: new Date(series.from).toISOString(), to: new Date(series.to).toISOString(), granularityMs, groups };
}
