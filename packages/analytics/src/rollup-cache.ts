import type { AnalyticsStore, RollupQuery } from './analytics-store.js';
import type { RollupRow } from './rollup.js';

/** What a roll-up read depends on (queries also carry their callers' own fields, such as `groupBy`). */
const key = (q: RollupQuery): string =>
  JSON.stringify([q.level, q.from, q.to, q.kind, q.provider, q.model, q.operation, q.streamed, q.tags && Object.entries(q.tags).sort(([a], [b]) => (a < b ? -1 : 1)), q.experiment, q.arm]);

/**
 * The store seen through a cache of roll-up reads, for one report: its parts often ask for the
 * same rows (the series and the anomaly detectors at one granularity; the aggregate and daily
 * trends), and a file or database store pays for each row it reads and parses. The rows are shared
 * between the readers, which only read them. Everything else goes to the store as it is.
 */
export function withRollupCache(store: AnalyticsStore): AnalyticsStore {
  const cache = new Map<string, Promise<RollupRow[]>>();
  return {
    kind: store.kind,
    retention: store.retention,
    append: (records) => store.append(records),
    records: (query) => store.records(query),
    rollups(query: RollupQuery): Promise<RollupRow[]> {
      const id = key(query);
      let rows = cache.get(id);
      if (!rows) cache.set(id, (rows = store.rollups(query)));
      return rows;
    },
    prune: (now) => store.prune(now),
    close: () => store.close(),
  };
}
