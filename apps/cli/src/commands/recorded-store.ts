import type { AnalyticsStore } from '@llm/analytics';
import { existsSync } from 'node:fs';
import type { CliContext } from '../context.js';
import { usageError } from '../errors/usage-error.js';

/** The analytics store a report reads, and whether the file was there at all. */
export interface RecordedStore {
  readonly store: AnalyticsStore;
  readonly path: string;
  /** No file yet: `store` is an empty one. */
  readonly missing: boolean;
  close(): Promise<void>;
}

/**
 * Opens the analytics store `llm cost` and `llm analytics` read: this machine's
 * (`$XDG_DATA_HOME/llm/analytics.db`, where every call to a vendor or a gateway is one `call`
 * record), or `--store FILE` (a gateway's). A missing machine store is an empty one; a missing
 * `--store` file is a usage error.
 */
export async function openRecordedStore(ctx: CliContext, storeFlag: string | undefined): Promise<RecordedStore> {
  const path = storeFlag ?? ctx.paths.analyticsDb;
  const analytics = await import('@llm/analytics');
  if (!existsSync(path)) {
    if (storeFlag !== undefined) throw usageError(`no analytics store at ${storeFlag}`, "give the path of an @llm/analytics SQLite file (a gateway's analytics store, or $XDG_DATA_HOME/llm/analytics.db)");
    const empty = new analytics.MemoryAnalyticsStore();
    return { store: empty, path, missing: true, close: () => empty.close() };
  }
  const store = await analytics.openSqliteStore({ path });
  return { store, path, missing: false, close: () => store.close() };
}
