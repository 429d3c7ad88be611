import { LLMError, toLLMError } from '@llm/errors';
import type { AnalyticsStore, PruneReport, RecordQuery, RollupQuery } from './analytics-store.js';
import type { CallRecord } from './call-record.js';
import { recordMatches, seriesMatches } from './record-filter.js';
import { resolveRetention, type Retention, type RetentionInput } from './retention.js';
import { bucketStart, mergeStats, rollupBatch, ROLLUP_LEVELS, seriesId, type RollupRow } from './rollup.js';
import { ROLLUP_COLUMNS, ROLLUP_READ_COLUMNS, rollupColumns, rollupRowOf, storedSeriesKey, type StoredRollupRow } from './rollup-columns.js';
import { unpackStats, type PackedStats } from './stats-codec.js';
import { loadSqliteDriver, type SqliteDatabase, type SqliteStatement } from './sqlite-driver.js';

export interface SqliteStoreOptions {
  /** The database file (made if missing), or `:memory:`. */
  path: string;
  /** Raw records 2 days, minutes 14, hours 90, days 2 years by default. */
  retention?: RetentionInput;
  /** Only these tag keys split roll-up series (all tags by default); raw records keep every tag. */
  rollupTagKeys?: readonly string[];
  /** How long a write waits for another process's write to finish (default 5000 ms). */
  busyTimeoutMs?: number;
  /**
   * `normal` (default): a committed batch survives the process being killed; `full`: also a power
   * loss (an fsync per batch).
   */
  durability?: 'normal' | 'full';
  /** Clock for retention (prunes itself at most every 10 minutes of appends). */
  now?: () => number;
}

/** The layout version this code writes; a file from a newer version is refused, not misread. */
export const SQLITE_SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS llm_analytics_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS llm_analytics_records (
  id TEXT PRIMARY KEY,
  start INTEGER NOT NULL,
  kind TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS llm_analytics_records_start ON llm_analytics_records (start);
CREATE TABLE IF NOT EXISTS llm_analytics_rollups (
  level TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  series TEXT NOT NULL,
  kind TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  operation TEXT NOT NULL,
  streamed INTEGER NOT NULL,
  tags TEXT NOT NULL,
  experiment TEXT NOT NULL,
  arm TEXT NOT NULL,
  stats TEXT NOT NULL,
  PRIMARY KEY (level, bucket, series)
);
`;

/** Records per INSERT statement (6 parameters each; SQLite allows 32,766). */
const INSERT_CHUNK = 100;

const insertSql = (rows: number): string =>
  `INSERT OR IGNORE INTO llm_analytics_records (id, start, kind, provider, model, data) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', ')} RETURNING id`;

function storeError(err: unknown, what: string): LLMError {
  const cause = toLLMError(err);
  return new LLMError({ code: 'provider_error', message: `analytics SQLite store: ${what} failed: ${cause.message}`, cause: err, retryable: false });
}

/**
 * One machine's store: a SQLite file (WAL journal) written through `libsql`. Several
 * processes may write the same file: each batch is one transaction (`BEGIN IMMEDIATE`), so a
 * batch is stored whole or not at all, and a process killed mid-write leaves every committed
 * batch readable. Roll-ups are updated in the same transaction (one row per level, bucket and
 * series), so they always match the records.
 */
export class SqliteAnalyticsStore implements AnalyticsStore {
  readonly kind = 'sqlite';
  readonly retention: Retention;
  readonly path: string;
  private readonly db: SqliteDatabase;
  private readonly tagKeys: readonly string[] | undefined;
  private readonly now: () => number;
  private lastPrune = 0;
  private closed = false;
  /** Inserts `INSERT_CHUNK` records per statement, and returns the ids that were new. */
  private readonly insertChunk: SqliteStatement;
  private readonly selectRollup: SqliteStatement;
  private readonly upsertRollup: SqliteStatement;
  private readonly appendTx: (records: readonly CallRecord[]) => void;

  /** Use {@link openSqliteStore}, which loads the driver first. */
  constructor(db: SqliteDatabase, options: SqliteStoreOptions) {
    this.db = db;
    this.path = options.path;
    this.retention = resolveRetention(options.retention);
    this.tagKeys = options.rollupTagKeys;
    this.now = options.now ?? Date.now;
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? 5000))}`);
    db.exec(SCHEMA);
    const version = db.prepare('SELECT value FROM llm_analytics_meta WHERE key = ?').get('schema_version') as { value: string } | undefined;
    if (version && Number(version.value) > SQLITE_SCHEMA_VERSION) {
      throw new LLMError({ code: 'configuration', message: `analytics SQLite store ${options.path} has layout version ${version.value}, newer than this version of @llm/analytics reads (${SQLITE_SCHEMA_VERSION}): upgrade @llm/analytics` });
    }
    if (!version) db.prepare('INSERT OR IGNORE INTO llm_analytics_meta (key, value) VALUES (?, ?)').run('schema_version', String(SQLITE_SCHEMA_VERSION));
    this.insertChunk = db.prepare(insertSql(INSERT_CHUNK));
    this.selectRollup = db.prepare('SELECT stats FROM llm_analytics_rollups WHERE level = ? AND bucket = ? AND series = ?');
    this.upsertRollup = db.prepare(
      `INSERT INTO llm_analytics_rollups (${ROLLUP_COLUMNS.join(', ')})
       VALUES (${ROLLUP_COLUMNS.map(() => '?').join(', ')})
       ON CONFLICT (level, bucket, series) DO UPDATE SET stats = excluded.stats`,
    );
    this.appendTx = db.transaction((records: readonly CallRecord[]) => {
      // Many rows per statement (a statement call costs more than a row here), and `RETURNING`
      // says which ids were new: a record already stored is not rolled up again.
      const fresh: CallRecord[] = [];
      for (let i = 0; i < records.length; i += INSERT_CHUNK) {
        const chunk = records.slice(i, i + INSERT_CHUNK);
        const params: unknown[] = [];
        for (const r of chunk) params.push(r.id, r.start, r.kind, r.provider, r.model, JSON.stringify(r));
        const statement = chunk.length === INSERT_CHUNK ? this.insertChunk : this.db.prepare(insertSql(chunk.length));
        const inserted = new Set((statement.all(...params) as Array<{ id: string }>).map((row) => row.id));
        for (const r of chunk) {
          if (inserted.delete(r.id)) fresh.push(r);
        }
      }
      for (const row of rollupBatch(fresh, this.tagKeys)) this.mergeRow(row);
    });
  }

  async append(records: readonly CallRecord[]): Promise<void> {
    this.ensureOpen();
    if (records.length === 0) return;
    try {
      // `immediate`: take the write lock first, so two processes never deadlock upgrading a read.
      (this.appendTx as unknown as { immediate(records: readonly CallRecord[]): void }).immediate(records);
    } catch (err) {
      throw storeError(err, 'append');
    }
    const now = this.now();
    if (now - this.lastPrune >= 600_000) await this.prune(now);
  }

  async records(query: RecordQuery): Promise<CallRecord[]> {
    this.ensureOpen();
    const where = ['start >= ?', 'start < ?'];
    const args: unknown[] = [query.from, query.to];
    if (query.kind) {
      where.push('kind = ?');
      args.push(query.kind);
    }
    const rows = this.db.prepare(`SELECT data FROM llm_analytics_records WHERE ${where.join(' AND ')} ORDER BY start`).all(...args) as Array<{ data: string }>;
    const out: CallRecord[] = [];
    const limit = query.limit ?? Infinity;
    for (const row of rows) {
      const record = JSON.parse(row.data) as CallRecord;
      if (recordMatches(record, query)) out.push(record);
      if (out.length >= limit) break;
    }
    return out;
  }

  async rollups(query: RollupQuery): Promise<RollupRow[]> {
    this.ensureOpen();
    const rows = this.db
      .prepare(`SELECT ${ROLLUP_READ_COLUMNS.join(', ')} FROM llm_analytics_rollups WHERE level = ? AND bucket >= ? AND bucket < ? AND kind = ?`)
      .all(query.level, query.from, query.to, query.kind ?? 'call') as StoredRollupRow[];
    const out: RollupRow[] = [];
    for (const r of rows) {
      // Only the rows of the asked series are unpacked.
      const key = storedSeriesKey(r);
      if (seriesMatches(key, query)) out.push(rollupRowOf(r, key));
    }
    return out;
  }

  async prune(now = this.now()): Promise<PruneReport> {
    this.ensureOpen();
    this.lastPrune = now;
    try {
      const report: PruneReport = { records: 0, rollups: 0, compacted: 0 };
      this.db.transaction(() => {
        report.records = this.db.prepare('DELETE FROM llm_analytics_records WHERE start < ?').run(now - this.retention.raw).changes;
        for (const level of ROLLUP_LEVELS) {
          report.rollups += this.db.prepare('DELETE FROM llm_analytics_rollups WHERE level = ? AND bucket < ?').run(level, bucketStart(now - this.retention[level], level)).changes;
        }
      })();
      return report;
    } catch (err) {
      throw storeError(err, 'prune');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private mergeRow(row: RollupRow): void {
    const series = seriesId(row);
    const existing = this.selectRollup.get(row.level, row.bucket, series) as { stats: string } | undefined;
    const stats = row.stats;
    if (existing) {
      const merged = unpackStats(JSON.parse(existing.stats) as PackedStats);
      mergeStats(merged, stats);
      Object.assign(stats, merged);
    }
    const columns = rollupColumns(row, series);
    // SQLite has no booleans: `streamed` is 0 or 1.
    this.upsertRollup.run(...ROLLUP_COLUMNS.map((c) => (typeof columns[c] === 'boolean' ? Number(columns[c]) : columns[c])));
  }

  private ensureOpen(): void {
    if (this.closed) throw new LLMError({ code: 'configuration', message: `the analytics SQLite store ${this.path} is closed` });
  }
}

/**
 * Opens (or creates) a SQLite analytics store. Needs the optional peer dependency
 * `libsql` (`pnpm add libsql`); without it, a `configuration` error says so.
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteAnalyticsStore> {
  if (!options?.path) throw new LLMError({ code: 'configuration', message: 'openSqliteStore needs a path (a file, or :memory:)' });
  const open = await loadSqliteDriver();
  let db: SqliteDatabase;
  try {
    db = open(options.path);
  } catch (err) {
    throw storeError(err, `opening ${options.path}`);
  }
  try {
    return new SqliteAnalyticsStore(db, options);
  } catch (err) {
    db.close();
    throw LLMError.is(err) ? err : storeError(err, `setting up ${options.path}`);
  }
}
