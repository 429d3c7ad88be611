import { LLMError } from '@llm/errors';
import { weightedLinearRegression } from 'simple-statistics';
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

/**
 * The calls each measure's value is computed over in a bucket: its weight in the slope. Latency and
 * throughput are of successful calls not served from the cache, TTFC of successful streams, cost per
 * call of priced calls; calls and error rate of every call.
 */
const CALLS: Record<TrendMetric, (s: Summary) => number | undefined> = {
  calls: (s) => s.count,
  'error rate': (s) => s.count,
  'latency p50': (s) => s.latencyMs?.count,
  'latency p95': (s) => s.latencyMs?.count,
  'ttfc p50': (s) => s.ttfcMs?.count,
  'cost per call': (s) => s.cost.pricedCalls,
  'output tokens per second': (s) => s.latencyMs?.count,
};

export interface Slope {
  /**
   * Change per day (units of the measure per day), by least squares over the buckets, each weighted
   * by its number of calls when the points carry them (weighted least squares).
   */
  perDay: number;
  /**
   * Its standard error (from the weighted residuals: each bucket's value is taken to vary as one
   * over its calls), and the 95% interval from Student's t with n - 2 degrees of freedom.
   */
  standardError: number;
  low: number;
  high: number;
  /** Buckets used. */
  n: number;
  /** Whether the interval excludes 0. */
  significant: boolean;
}

/** One bucket of a measure: its start (ms since the epoch), its value and, to weight it, its calls. */
export interface SlopePoint {
  t: number;
  value: number;
  /**
   * The number of calls the value is computed over: the point's weight, so that a bucket of a few
   * calls (a day that has just begun) moves the slope little. Give it on every point or on none
   * (every point then weighs the same); a number > 0.
   */
  calls?: number;
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

/** The points' weights, `calls` over their mean (exactly 1 each when they are all equal, or absent). */
function weightsOf(points: readonly SlopePoint[]): number[] {
  const weighted = points.filter((p) => p.calls !== undefined).length;
  if (weighted === 0) return points.map(() => 1);
  if (weighted !== points.length) {
    throw new LLMError({ code: 'invalid_request', message: `invalid slope points: calls is given on ${weighted} of ${points.length} points (give it on every point or on none)` });
  }
  const bad = points.flatMap((p, i) => (Number.isFinite(p.calls) && p.calls! > 0 ? [] : [`point ${i}: ${String(p.calls)}`]));
  if (bad.length) throw new LLMError({ code: 'invalid_request', message: `invalid slope points: calls must be a finite number > 0 (${bad.join(', ')})` });
  const mean = points.reduce((a, p) => a + p.calls!, 0) / points.length;
  return points.map((p) => p.calls! / mean);
}

/**
 * Least squares of (day, value), weighted by each point's calls when given: the slope with its
 * standard error and 95% t-interval. Without `calls`, or with the same on every point, it is the
 * ordinary least-squares fit. Undefined with fewer than 3 points, or all at one instant.
 */
export function slopePerDay(points: readonly SlopePoint[]): Slope | undefined {
  const n = points.length;
  if (n < 3) return undefined;
  const ws = weightsOf(points);
  const xs = points.map((p) => p.t / 86_400_000);
  const totalWeight = ws.reduce((a, w) => a + w, 0);
  const meanX = xs.reduce((a, x, i) => a + ws[i]! * x, 0) / totalWeight;
  const sxx = xs.reduce((a, x, i) => a + ws[i]! * (x - meanX) ** 2, 0);
  if (sxx === 0) return undefined;
  const { m, b } = weightedLinearRegression(
    points.map((p, i) => [xs[i]!, p.value]),
    ws,
  );
  const ssr = points.reduce((a, p, i) => a + ws[i]! * (p.value - (m * xs[i]! + b)) ** 2, 0);
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
      const values = summaries.flatMap(({ t, s }): SlopePoint[] => {
        const v = READ[metric](s);
        return v === undefined ? [] : [{ t, value: v, calls: CALLS[metric](s) ?? s.count }];
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
