import type { AnalyticsStore, RecordFilter } from './analytics-store.js';
import { aggregate, toMs, type TimeInput } from './aggregate.js';
import type { Summary } from './summary.js';

export interface CompareQuery extends RecordFilter {
  from: TimeInput;
  to: TimeInput;
}

/** One line of a side-by-side table: a measure, its value per model, and which model does best. */
export interface CompareMetric {
  name: string;
  unit: string;
  /** Whether a smaller value is better (latency, cost, errors) or a larger one (throughput). */
  better: 'lower' | 'higher';
  /** In the order of `models`; undefined where a model has no data for it. */
  values: Array<number | undefined>;
  /** Index into `models` of the best value, when at least one model has one. */
  best?: number;
}

export interface Comparison {
  from: string;
  to: string;
  /** `provider:model`, sorted. */
  models: string[];
  calls: number[];
  metrics: CompareMetric[];
}

const MEASURES: ReadonlyArray<{ name: string; unit: string; better: 'lower' | 'higher'; read: (s: Summary) => number | undefined }> = [
  { name: 'error rate', unit: 'ratio', better: 'lower', read: (s) => (s.count ? s.errorRate : undefined) },
  { name: 'latency p50', unit: 'ms', better: 'lower', read: (s) => s.latencyMs?.p50 },
  { name: 'latency p95', unit: 'ms', better: 'lower', read: (s) => s.latencyMs?.p95 },
  { name: 'latency p99', unit: 'ms', better: 'lower', read: (s) => s.latencyMs?.p99 },
  { name: 'time to first chunk p50', unit: 'ms', better: 'lower', read: (s) => s.ttfcMs?.p50 },
  { name: 'time to first chunk p95', unit: 'ms', better: 'lower', read: (s) => s.ttfcMs?.p95 },
  { name: 'output tokens per second', unit: 'tokens/s', better: 'higher', read: (s) => s.outputTokensPerSecond },
  { name: 'cost per call', unit: 'USD', better: 'lower', read: (s) => s.cost.perCallUsd },
  { name: 'cost per 1k tokens', unit: 'USD', better: 'lower', read: (s) => s.cost.perThousandTokensUsd },
  { name: 'cache hit rate', unit: 'ratio', better: 'higher', read: (s) => (s.count ? s.cacheHitRate : undefined) },
  { name: 'retries per call', unit: 'retries', better: 'lower', read: (s) => (s.count ? s.retriesPerCall : undefined) },
];

/** The models of a window side by side, one line per measure, the best of each marked. */
export async function compareModels(store: AnalyticsStore, query: CompareQuery, now = Date.now()): Promise<Comparison> {
  const result = await aggregate(store, { ...query, from: toMs(query.from), to: toMs(query.to), groupBy: ['provider', 'model'] }, now);
  const models = result.groups.map((g) => `${g.group.provider}:${g.group.model}`);
  const metrics = MEASURES.map(({ name, unit, better, read }) => {
    const values = result.groups.map(read);
    let best: number | undefined;
    values.forEach((v, i) => {
      if (v === undefined) return;
      const b = best === undefined ? undefined : values[best]!;
      if (b === undefined || (better === 'lower' ? v < b : v > b)) best = i;
    });
    const metric: CompareMetric = { name, unit, better, values };
    if (best !== undefined) metric.best = best;
    return metric;
  });
  return { from: result.from, to: result.to, models, calls: result.groups.map((g) => g.count), metrics };
}
