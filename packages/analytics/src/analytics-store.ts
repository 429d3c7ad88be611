import type { CallRecord, RecordKind } from './call-record.js';
import type { Retention } from './retention.js';
import type { RollupLevel, RollupRow } from './rollup.js';

/** Which records or roll-up rows a query reads. Every field narrows; lists mean "any of". */
export interface RecordFilter {
  /** `call` (the default for aggregates) or `attempt`. */
  kind?: RecordKind;
  provider?: string | readonly string[];
  model?: string | readonly string[];
  operation?: string;
  streamed?: boolean;
  /** Every tag given must match. */
  tags?: Readonly<Record<string, string>>;
  experiment?: string;
  arm?: string | readonly string[];
}

export interface RecordQuery extends RecordFilter {
  /** ms since the epoch, inclusive. */
  from: number;
  /** ms since the epoch, exclusive. */
  to: number;
  /** At most this many (oldest first); all by default. */
  limit?: number;
}

export interface RollupQuery extends RecordFilter {
  level: RollupLevel;
  /** Bucket starts in [from, to). */
  from: number;
  to: number;
}

export interface PruneReport {
  /** Raw records dropped for age (or, in memory, for the bound). */
  records: number;
  /** Roll-up rows dropped for age. */
  rollups: number;
  /** Partial roll-up rows merged into one per bucket and series. */
  compacted: number;
}

/**
 * Where records go: in memory (the default), a SQLite file, PostgreSQL. Every store keeps the raw
 * records (for `retention.raw`) and roll-ups of them per minute, hour and day; queries read
 * roll-ups, so a long history stays small and a query over a million records reads few rows.
 */
export interface AnalyticsStore {
  /** `memory`, `sqlite`, `postgres`. */
  readonly kind: string;
  readonly retention: Retention;
  /**
   * Stores a batch atomically: every record and its roll-ups, or none. A record whose id the store
   * already holds is skipped, so a retried batch never counts twice.
   */
  append(records: readonly CallRecord[]): Promise<void>;
  /** Raw records in [from, to), oldest first. */
  records(query: RecordQuery): Promise<CallRecord[]>;
  /** Roll-up rows of one level, one per bucket and series (partial rows merged). */
  rollups(query: RollupQuery): Promise<RollupRow[]>;
  /** Drops what is past its retention at `now` and compacts roll-ups. */
  prune(now?: number): Promise<PruneReport>;
  close(): Promise<void>;
}
