import { aggregate, type AggregateQuery } from './aggregate.js';
import type { AnalyticsStore } from './analytics-store.js';

/**
 * What was observed of one model over a window, in the shape `@llm/recommend` ranks by
 * (`ObservedPerformance`: the same fields, so the result can be its `observed` option as it is).
 */
export interface ModelPerformance {
  /** Calls in the window (the numbers rest on these). */
  calls: number;
  /** p95 of successful calls not served from the cache, ms. */
  latencyP95Ms?: number;
  /** p95 time to the first output chunk of successful streams, ms. */
  timeToFirstChunkP95Ms?: number;
  /** Failed calls over calls. */
  errorRate: number;
  /** Output tokens over generation time (a stream's time after its first chunk; a whole call otherwise). */
  outputTokensPerSecond?: number;
}

/** The window (and filter) of {@link modelPerformance}: everything of an aggregate but its grouping, which is by provider and model. */
export type PerformanceQuery = Omit<AggregateQuery, 'groupBy'>;

/**
 * Observed latency, time to first chunk, error rate and throughput per model over a window, keyed
 * by `provider:model`: what the recommender reads (`recommend(candidates, { observed })`).
 */
export async function modelPerformance(store: AnalyticsStore, query: PerformanceQuery, now = Date.now()): Promise<Record<string, ModelPerformance>> {
  const result = await aggregate(store, { ...query, groupBy: ['provider', 'model'] }, now);
  const out: Record<string, ModelPerformance> = {};
  for (const g of result.groups) {
    const p: ModelPerformance = { calls: g.count, errorRate: g.errorRate };
    if (g.latencyMs) p.latencyP95Ms = g.latencyMs.p95;
    if (g.ttfcMs) p.timeToFirstChunkP95Ms = g.ttfcMs.p95;
    if (g.outputTokensPerSecond !== undefined) p.outputTokensPerSecond = g.outputTokensPerSecond;
    out[`${g.group['provider']}:${g.group['model']}`] = p;
  }
  return out;
}
