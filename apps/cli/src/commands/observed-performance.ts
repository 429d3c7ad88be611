import { aggregate } from '@llm/analytics';
import type { Catalog } from '@llm/catalog';
import { observedFromAnalytics, type AnalyticsGroupSummary, type ObservedPerformance } from '@llm/recommend';
import type { CliContext } from '../context.js';
import { openRecordedStore } from './recorded-store.js';

/** Calls a model needs in the window before its observed numbers count (@llm/recommend's default). */
export const MIN_OBSERVED_CALLS = 20;

/** What this machine (or `--store FILE`) saw of each catalog model in a window. */
export interface Observations {
  /** By catalog id; models with fewer than {@link MIN_OBSERVED_CALLS} calls are here too (recommend ignores them). */
  readonly byId: Readonly<Record<string, ObservedPerformance>>;
  /** The store read. */
  readonly path: string;
  /** Calls in the window, all models. */
  readonly calls: number;
}

/**
 * Observed latency, time to first chunk, error rate and throughput per catalog model, from the
 * analytics store's `call` records in [from, now) (`observedFromAnalytics` over an aggregate by
 * provider and model). A recorded `provider:model` is mapped to the catalog's id (an alias to its
 * dated id); two recorded names of one model keep the one with more calls (percentiles cannot be
 * merged).
 */
export async function observedPerformance(ctx: CliContext, catalog: Catalog, from: number, now: number, storeFlag: string | undefined): Promise<Observations> {
  const recorded = await openRecordedStore(ctx, storeFlag);
  try {
    if (recorded.missing) return { byId: {}, path: recorded.path, calls: 0 };
    const result = await aggregate(recorded.store, { from, to: now }, now);
    const idOf = (group: Readonly<Record<string, string>>): string => {
      const id = `${group['provider']}:${group['model']}`;
      try {
        return catalog.get(id)?.id ?? id;
      } catch {
        return id;
      }
    };
    const best = new Map<string, AnalyticsGroupSummary>();
    for (const g of result.groups) {
      const id = idOf(g.group);
      const earlier = best.get(id);
      if (!earlier || g.count > earlier.count) best.set(id, g);
    }
    return {
      byId: observedFromAnalytics({ groupBy: result.groupBy, groups: [...best.values()] }, { idOf }),
      path: recorded.path,
      calls: result.groups.reduce((sum, g) => sum + g.count, 0),
    };
  } finally {
    await recorded.close();
  }
}

/** Whether a model's observations count (enough calls). */
export const counted = (o: ObservedPerformance | undefined): o is ObservedPerformance => o !== undefined && o.calls >= MIN_OBSERVED_CALLS;
