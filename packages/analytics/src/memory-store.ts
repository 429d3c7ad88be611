import { LLMError } from '@llm/errors';
import type { AnalyticsStore, PruneReport, RecordQuery, RollupQuery } from './analytics-store.js';
import type { CallRecord } from './call-record.js';
import { recordMatches, seriesMatches } from './record-filter.js';
import type { RecordIdParts } from './record-id.js';
import { RecordRing } from './record-ring.js';
import { resolveRetention, type Retention, type RetentionInput } from './retention.js';
import { SeriesIndex } from './series-index.js';
import { addRecord, bucketStart, emptyStats, mergeStats, ROLLUP_LEVELS, type RollupLevel, type RollupRow, type SeriesKey } from './rollup.js';

interface SeriesRows {
  key: SeriesKey;
  minute: Map<number, RollupRow>;
  hour: Map<number, RollupRow>;
  day: Map<number, RollupRow>;
  /** The minute row records are being added to, not yet added to its hour and day. */
  open: RollupRow | undefined;
}

export interface MemoryStoreOptions {
  /** Raw records kept at most (oldest dropped first; ~220 bytes each); 10,000 by default. Roll-ups keep every record's sums. */
  maxRecords?: number;
  /** Shorter than the file and database stores by default: raw and minute data 1 day, hours 30 days, days 1 year. */
  retention?: RetentionInput;
  /** Only these tag keys split roll-up series (all tags by default); raw records keep every tag. */
  rollupTagKeys?: readonly string[];
  /** Clock for the automatic pruning (once a minute of appends). */
  now?: () => number;
}

export const MEMORY_STORE_DEFAULTS = { maxRecords: 10_000, retention: { raw: '1d', minute: '1d', hour: '30d', day: '365d' } } as const;

/**
 * The default store: raw records in a bounded ring, roll-ups in maps, all in this process. It is
 * pruned as records come in (at most once a minute), so its memory stays bounded by the
 * retention and the number of series. Records come from this process's recorder, whose ids are
 * unique and whose writes are never retried, so it does not keep a set of ids to skip repeats.
 */
export class MemoryAnalyticsStore implements AnalyticsStore {
  readonly kind = 'memory';
  readonly retention: Retention;
  private readonly maxRecords: number;
  private readonly now: () => number;
  /** The raw records, in columns. */
  private readonly ring: RecordRing;
  /** Per series: its rows of each level by bucket, and the minute still being filled. */
  private readonly series: SeriesIndex<SeriesRows>;
  private lastPrune = 0;
  /** Buckets before these were pruned at the last prune: a record that old skips its minute (and hour) row. */
  private minuteHorizon = -Infinity;
  private hourHorizon = -Infinity;
  private appended = 0;
  private closed = false;

  constructor(options: MemoryStoreOptions = {}) {
    this.retention = resolveRetention({ ...MEMORY_STORE_DEFAULTS.retention, ...options.retention });
    this.maxRecords = options.maxRecords ?? MEMORY_STORE_DEFAULTS.maxRecords;
    if (!Number.isInteger(this.maxRecords) || this.maxRecords < 0) {
      throw new LLMError({ code: 'configuration', message: `invalid analytics memory store: maxRecords must be a whole number >= 0, got ${String(options.maxRecords)}` });
    }
    this.ring = new RecordRing(this.maxRecords);
    this.series = new SeriesIndex((key) => ({ key, minute: new Map(), hour: new Map(), day: new Map(), open: undefined }), options.rollupTagKeys);
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.ring.size;
  }

  /**
   * Synchronous: the recorder calls this for each record (no buffer and no promise in memory).
   * `id` is how the observers made the record's id (see {@link RecordIdParts}).
   */
  appendOne(record: CallRecord, id?: RecordIdParts): void {
    this.ensureOpen();
    this.ring.push(record, id);
    this.rollUp(record);
    // The clock is read once every 64 records: pruning runs at most once a minute anyway.
    if ((++this.appended & 63) === 0) {
      const now = this.now();
      if (now - this.lastPrune >= 60_000) this.pruneNow(now);
    }
  }

  /**
   * Adds a record to its minute row only while that minute is open; the minute is added to its
   * hour and day rows once, when the series moves on to another minute or when rows are read. A
   * record for a minute already folded (a late one) goes to all three rows directly.
   */
  private rollUp(record: CallRecord): void {
    const rows = this.series.get(record);
    const minute = bucketStart(record.start, 'minute');
    if (minute < this.minuteHorizon) {
      // Older than the minute retention (a backfill): straight into the rows that are still kept.
      if (record.start >= this.hourHorizon) addRecord(this.row(rows, 'hour', bucketStart(record.start, 'hour')).stats, record);
      addRecord(this.row(rows, 'day', bucketStart(record.start, 'day')).stats, record);
      return;
    }
    const open = rows.open;
    if (open && open.bucket === minute) {
      addRecord(open.stats, record);
      return;
    }
    if (open) this.fold(rows);
    const existing = rows.minute.get(minute);
    if (existing) {
      // A late record: its minute was already added to the hour and day.
      addRecord(existing.stats, record);
      addRecord(this.row(rows, 'hour', bucketStart(record.start, 'hour')).stats, record);
      addRecord(this.row(rows, 'day', bucketStart(record.start, 'day')).stats, record);
      return;
    }
    const row = this.row(rows, 'minute', minute);
    addRecord(row.stats, record);
    rows.open = row;
  }

  private row(rows: SeriesRows, level: RollupLevel, bucket: number): RollupRow {
    let row = rows[level].get(bucket);
    if (!row) {
      row = { ...rows.key, level, bucket, stats: emptyStats() };
      rows[level].set(bucket, row);
    }
    return row;
  }

  /** Adds the open minute to its hour and day rows. */
  private fold(rows: SeriesRows): void {
    const open = rows.open;
    if (!open) return;
    rows.open = undefined;
    mergeStats(this.row(rows, 'hour', bucketStart(open.bucket, 'hour')).stats, open.stats);
    mergeStats(this.row(rows, 'day', bucketStart(open.bucket, 'day')).stats, open.stats);
  }

  async append(records: readonly CallRecord[]): Promise<void> {
    for (const record of records) this.appendOne(record);
  }

  async records(query: RecordQuery): Promise<CallRecord[]> {
    this.ensureOpen();
    const out: CallRecord[] = [];
    const limit = query.limit ?? Infinity;
    const ring = this.ring;
    for (let k = 0; k < ring.size && out.length < limit; k++) {
      const start = ring.startAt(k);
      if (start < query.from || start >= query.to) continue;
      const r = ring.at(k);
      if (recordMatches(r, query)) out.push(r);
    }
    return out.sort((a, b) => a.start - b.start);
  }

  async rollups(query: RollupQuery): Promise<RollupRow[]> {
    this.ensureOpen();
    const out: RollupRow[] = [];
    for (const rows of this.series.values()) {
      if (!seriesMatches(rows.key, query)) continue;
      if (query.level !== 'minute') this.fold(rows);
      for (const row of rows[query.level].values()) if (row.bucket >= query.from && row.bucket < query.to) out.push(row);
    }
    return out;
  }

  async prune(now = this.now()): Promise<PruneReport> {
    this.ensureOpen();
    return this.pruneNow(now);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private pruneNow(now: number): PruneReport {
    this.lastPrune = now;
    this.minuteHorizon = bucketStart(now - this.retention.minute, 'minute');
    this.hourHorizon = bucketStart(now - this.retention.hour, 'hour');
    const report: PruneReport = { records: 0, rollups: 0, compacted: 0 };
    const rawHorizon = now - this.retention.raw;
    // Records arrive roughly in time order: drop the oldest while they are old.
    report.records = this.ring.dropOldest((start) => start < rawHorizon);
    for (const rows of this.series.values()) {
      // Only an open minute that is itself pruned is added to its hour and day now: folding the
      // current minute would send the rest of its records down the slower late-record path.
      if (rows.open && rows.open.bucket < this.minuteHorizon) this.fold(rows);
      for (const level of ROLLUP_LEVELS) {
        const oldest = bucketStart(now - this.retention[level], level);
        for (const bucket of rows[level].keys()) {
          if (bucket < oldest) {
            rows[level].delete(bucket);
            report.rollups += 1;
          }
        }
      }
    }
    this.series.prune((rows) => rows.day.size === 0 && rows.hour.size === 0 && rows.minute.size === 0);
    return report;
  }

  private ensureOpen(): void {
    if (this.closed) throw new LLMError({ code: 'configuration', message: 'this analytics store is closed' });
  }
}
