import type { Analytics } from '@llm/analytics';
import type { Catalog } from '@llm/catalog';
import type { Logger } from '@llm/core';
import { observedFromAnalytics, type ObservedPerformance } from '@llm/recommend';

export interface ObservedFeedOptions {
  analytics: Analytics;
  catalog: Catalog;
  /** How far back the numbers reach (ms). */
  windowMs: number;
  /** How old the numbers may get before a call asks for fresh ones (ms). */
  refreshMs: number;
  /** The route's static `observed` values: what a model with fewer than `minCalls` recorded calls is ranked by. */
  fallback: Readonly<Record<string, ObservedPerformance>> | undefined;
  /** The recommender's `minCalls`: fewer recorded calls than this are not enough to replace a static value. */
  minCalls: number;
  logger: Logger;
  now?: () => number;
}

/** What the recommender reads per candidate (its `observed` option as a function). */
export interface ObservedFeed {
  observed(id: string): ObservedPerformance | undefined;
  /** Reads the window from the analytics store now (also what a stale read starts, in the background). */
  refresh(): Promise<void>;
}

/**
 * Observed latency, time to first chunk, error rate and throughput per model from the gateway's own
 * analytics (`observedFromAnalytics` over an aggregate of the last `windowMs`, by provider and
 * model, ids mapped to the catalog's), refreshed at most every `refreshMs` in the background: a
 * call never waits for the database. A model with fewer than `minCalls` recorded calls keeps its
 * static value, if it has one.
 */
export function createObservedFeed(options: ObservedFeedOptions): ObservedFeed {
  const now = options.now ?? Date.now;
  let current: Readonly<Record<string, ObservedPerformance>> = {};
  let readAt = -Infinity;
  let pending: Promise<void> | undefined;
  // A group's `provider` + `model` as the catalog's id (an alias or a dated snapshot the catalog knows is its model).
  const idOf = (group: Readonly<Record<string, string>>): string | undefined => {
    const id = `${group['provider']}:${group['model']}`;
    return options.catalog.get(id)?.id ?? id;
  };

  const refresh = (): Promise<void> => {
    pending ??= (async () => {
      const to = now();
      try {
        current = observedFromAnalytics(await options.analytics.aggregate({ from: to - options.windowMs, to }), { idOf });
      } catch (error) {
        // The last numbers (or the static ones) stay; the next stale read tries again.
        options.logger.warn('recommend routes: could not read the observed performance from analytics', { error });
      } finally {
        readAt = to;
        pending = undefined;
      }
    })();
    return pending;
  };

  return {
    observed(id) {
      if (now() - readAt >= options.refreshMs) void refresh();
      const seen = current[id];
      return seen && (seen.calls >= options.minCalls || options.fallback?.[id] === undefined) ? seen : options.fallback?.[id];
    },
    refresh,
  };
}
