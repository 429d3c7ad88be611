import type { AnalyticsStore, RecordFilter } from './analytics-store.js';
import { checkGroupBy, DEFAULT_GROUP_BY, toMs, type GroupDimension, type TimeInput } from './aggregate.js';
import { DETECTORS, severityOf, type Anomaly, type DetectorName, type DetectorStatus, type Flag, type SeriesValue } from './anomaly.js';
import { explainCostChange, sumPriced } from './cost-drift.js';
import { detectCusum, type CusumOptions } from './cusum-detector.js';
import { detectErrorRate, type ErrorRateOptions } from './error-rate-detector.js';
import { episodes } from './episodes.js';
import { detectLevel, type LevelDetectorOptions } from './level-detector.js';
import { sketchQuantile } from './quantile-sketch.js';
import type { RollupStats } from './rollup.js';
import { parseGranularity, statsSeries, type StatsPoint } from './time-series.js';

export interface AnomalyQuery extends RecordFilter {
  /** The history read: the baseline needs about two days of buckets before the points judged. */
  from: TimeInput;
  to: TimeInput;
  /** Bucket width (default `15m`). */
  granularity?: string | number;
  groupBy?: readonly GroupDimension[];
  detectors?: readonly DetectorName[];
  /** Which latency quantile of each bucket is watched (default 0.5). */
  quantile?: number;
  level?: LevelDetectorOptions;
  drift?: CusumOptions;
  errorRate?: ErrorRateOptions;
  /** Unflagged buckets bridged inside one episode (default 3). */
  gap?: number;
}

export interface AnomalyReport {
  from: string;
  to: string;
  granularityMs: number;
  anomalies: Anomaly[];
  status: DetectorStatus[];
}

const iso = (t: number) => new Date(t).toISOString();

function latencySeries(points: readonly StatsPoint[], q: number, which: 'latency' | 'ttfc'): SeriesValue[] {
  return points.map((p) => ({ t: p.t, value: sketchQuantile(p.stats[which], q), n: p.stats[which].n }));
}

function costSeries(points: readonly StatsPoint[]): SeriesValue[] {
  return points.map((p) => ({ t: p.t, value: p.stats.priced.calls > 0 ? p.stats.costUsd / p.stats.priced.calls : undefined, n: p.stats.priced.calls }));
}

/** Runs the detectors over each group's buckets and reports one anomaly per episode, and each detector's status. */
export async function detectAnomalies(store: AnalyticsStore, query: AnomalyQuery, now = Date.now()): Promise<AnomalyReport> {
  const groupBy = checkGroupBy(query.groupBy ?? DEFAULT_GROUP_BY);
  const granularityMs = parseGranularity(query.granularity ?? '15m');
  const wanted = new Set(query.detectors ?? DETECTORS);
  const gap = query.gap ?? 3;
  const q = query.quantile ?? 0.5;
  const data = await statsSeries(store, { ...query, from: toMs(query.from), to: toMs(query.to), groupBy, granularityMs }, now);
  const anomalies: Anomaly[] = [];
  const status: DetectorStatus[] = [];
  for (const { group, points } of data.series) {
    const report = (detector: DetectorName, unit: string, flags: Flag[], judged: number, reason: string, explain?: (flags: Flag[]) => Anomaly['explanation']) => {
      const found = episodes(flags, gap);
      status.push({ detector, group, status: judged === 0 ? 'insufficient_data' : found.length ? 'anomaly' : 'normal', ...(judged === 0 ? { reason } : {}), points: judged });
      for (const e of found) {
        const first = e.flags[0]!;
        const last = e.flags[e.flags.length - 1]!;
        const ratio = detector === 'error_rate' ? e.peak.observed / Math.max(e.peak.baseline, 1e-9) : e.peak.observed / e.peak.baseline;
        const anomaly: Anomaly = {
          detector,
          method: e.peak.method,
          group,
          start: iso(points[first.index]!.t),
          end: iso(points[last.index]!.t),
          points: e.flags.length,
          peak: iso(points[e.peak.index]!.t),
          baseline: e.peak.baseline,
          observed: e.peak.observed,
          unit,
          confidence: e.peak.confidence,
          severity: severityOf(ratio),
          message: `${detector.replace('_', ' ')} of ${Object.values(group).join(' ')} at ${e.peak.observed.toPrecision(3)} ${unit} against a baseline of ${e.peak.baseline.toPrecision(3)} (${ratio.toFixed(2)}x) from ${iso(points[first.index]!.t)}`,
        };
        const explanation = explain?.(e.flags);
        if (explanation) anomaly.explanation = explanation;
        anomalies.push(anomaly);
      }
    };
    for (const which of ['latency', 'ttfc'] as const) {
      if (!wanted.has(which)) continue;
      const series = latencySeries(points, q, which);
      const level = detectLevel(series, query.level);
      const drift = detectCusum(series, query.drift);
      const byIndex = new Map<number, Flag>();
      for (const f of [...drift.flags, ...level.flags]) byIndex.set(f.index, f);
      report(which, 'ms', [...byIndex.values()], Math.max(level.judged, drift.judged), `fewer than ${query.level?.minBaseline ?? 24} earlier buckets with ${query.level?.minCalls ?? 3}+ successful calls`);
    }
    if (wanted.has('error_rate')) {
      const result = detectErrorRate(points.map((p) => ({ t: p.t, calls: p.stats.count, errors: p.stats.errors })), query.errorRate);
      report('error_rate', 'ratio', result.flags, result.judged, `fewer than ${query.errorRate?.minBaselineCalls ?? 200} calls in the baseline, or fewer than ${query.errorRate?.minCalls ?? 20} in every bucket`);
    }
    if (wanted.has('cost_drift')) {
      const series = costSeries(points);
      const result = detectCusum(series, query.drift);
      const explain = (flags: Flag[]) => {
        const start = result.runStart.get(flags[0]!.index) ?? flags[0]!.index;
        const ref = result.reference.get(flags[0]!.index) ?? [];
        const during = points.filter((_, i) => i >= start && i <= flags[flags.length - 1]!.index);
        return explainCostChange(sumPriced(ref.map((i) => points[i]!.stats.priced)), sumPriced(during.map((p: { stats: RollupStats }) => p.stats.priced)));
      };
      report('cost_drift', 'USD', result.flags, result.judged, 'fewer than 24 earlier buckets with priced calls', explain);
    }
  }
  return { from: iso(data.from), to: iso(data.to), granularityMs, anomalies, status };
}
