import { LLMError } from '@llm/errors';
import type { ObservedPerformance } from './candidate.js';

/**
 * The part of one group of `@llm/analytics`' `aggregate()` result this reads (its `GroupSummary`).
 * Declared here by shape, so that `@llm/recommend` needs no dependency on `@llm/analytics`: an
 * `AggregateResult` is passed as it is.
 */
export interface AnalyticsGroupSummary {
  /** The group's value of each dimension (`provider`, `model`, ...). */
  readonly group: Readonly<Record<string, string>>;
  readonly count: number;
  /** errors / count. */
  readonly errorRate: number;
  /** Successful calls not served from the cache. */
  readonly latencyMs?: { readonly p95: number } | undefined;
  /** Successful streams. */
  readonly ttfcMs?: { readonly p95: number } | undefined;
  /** Output tokens over generation time. */
  readonly outputTokensPerSecond?: number | undefined;
}

/** The part of `@llm/analytics`' `AggregateResult` this reads. */
export interface AnalyticsAggregate {
  readonly groupBy: readonly string[];
  readonly groups: readonly AnalyticsGroupSummary[];
}

export interface ObservedFromAnalyticsOptions {
  /**
   * The candidate id a group's numbers belong to (undefined: leave the group out). Default
   * `provider:model`, the catalog's ids, which needs the aggregate grouped by exactly provider and
   * model (its default).
   */
  readonly idOf?: ((group: Readonly<Record<string, string>>) => string | undefined) | undefined;
}

const defaultIdOf = (group: Readonly<Record<string, string>>): string => `${group['provider']}:${group['model']}`;

/**
 * What production looked like per model, from an `@llm/analytics` aggregate, as the `observed`
 * option of `recommend()` takes it:
 *
 *     const window = await analytics.aggregate({ from: Date.now() - 7 * 86_400_000, to: Date.now() });
 *     recommend(candidates, { profile: 'chat', observed: observedFromAnalytics(window) });
 *
 * `calls` is the group's call count, `errorRate` its share of failed calls, `latencyP95Ms` the p95
 * of successful uncached calls, `timeToFirstChunkP95Ms` the p95 of successful streams' first chunk,
 * `outputTokensPerSecond` output tokens over generation time. Percentiles cannot be merged, so two
 * groups with one id (an aggregate grouped by more than provider and model) are refused with a
 * `configuration` error, as is an aggregate not grouped by provider and model without `idOf`.
 */
export function observedFromAnalytics(aggregate: AnalyticsAggregate, options: ObservedFromAnalyticsOptions = {}): Record<string, ObservedPerformance> {
  if (!options.idOf && !(aggregate.groupBy.length === 2 && aggregate.groupBy.includes('provider') && aggregate.groupBy.includes('model'))) {
    throw new LLMError({
      code: 'configuration',
      message: `observedFromAnalytics: the aggregate is grouped by [${aggregate.groupBy.join(', ')}]; group it by provider and model (the default), or give idOf`,
      local: true,
    });
  }
  const idOf = options.idOf ?? defaultIdOf;
  const observed: Record<string, ObservedPerformance> = {};
  const from = new Map<string, Readonly<Record<string, string>>>();
  for (const g of aggregate.groups) {
    const id = idOf(g.group);
    if (id === undefined || g.count === 0) continue;
    const earlier = from.get(id);
    if (earlier) {
      throw new LLMError({
        code: 'configuration',
        message: `observedFromAnalytics: groups ${JSON.stringify(earlier)} and ${JSON.stringify(g.group)} both give ${id}; percentiles cannot be merged, so aggregate by what idOf tells apart`,
        local: true,
      });
    }
    from.set(id, g.group);
    observed[id] = {
      calls: g.count,
      errorRate: g.errorRate,
      latencyP95Ms: g.latencyMs?.p95,
      timeToFirstChunkP95Ms: g.ttfcMs?.p95,
      outputTokensPerSecond: g.outputTokensPerSecond,
    };
  }
  return observed;
}
