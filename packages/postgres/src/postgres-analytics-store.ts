import {
  bucketStart,
  mergeStats,
  unpackStats,
  resolveRetention,
  ROLLUP_COLUMNS,
  ROLLUP_READ_COLUMNS,
  rollupColumns,
  rollupRowOf,
  storedSeriesKey,
  storedStats,
  rollupBatch,
  ROLLUP_LEVELS,
  seriesId,
  seriesMatches,
  recordMatches,
  type AnalyticsStore,
  type CallRecord,
  type PruneReport,
  type RecordQuery,
  type Retention,
  type RetentionInput,
  type RollupQuery,
  type RollupRow,
  type PackedStats,
  type RollupColumn,
  type StoredRollupRow,
} from '@llm/analytics';
import { LLMError } from '@llm/errors';
import type pg from 'pg';
import { connectPostgres, postgresError, type PgConnection, type PgConnectionOptions } from './pg-connection.js';
import { migrate, type Migration } from './pg-migrations.js';

/** The series id as stored: PostgreSQL text cannot hold the NUL that separates its fields, so a unit separator does. */
const storedSeriesId = (row: RollupRow): string => seriesId(row).split('\u0000').join('\u001f');

export interface PostgresAnalyticsStoreOptions extends PgConnectionOptions {
  /** Raw records 2 days, minutes 14, hours 90, days 2 years by default. */
  retention?: RetentionInput;
  /** Only these tag keys split roll-up series (all tags by default); raw records keep every tag. */
  rollupTagKeys?: readonly string[];
  /** Clock for retention (each process prunes at most every 10 minutes of appends). */
  now?: () => number;
  /** Share a connection with other stores of this package instead of giving pool options. */
  connection?: PgConnection;
}

/** The analytics tables, version by version. */
export const ANALYTICS_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE llm_analytics_records (
        id text PRIMARY KEY,
        start bigint NOT NULL,
        kind text NOT NULL,
        provider text NOT NULL,
        model text NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX llm_analytics_records_start ON llm_analytics_records (start);
      CREATE TABLE llm_analytics_rollups (
        level text NOT NULL,
        bucket bigint NOT NULL,
        series text NOT NULL,
        kind text NOT NULL,
        provider text NOT NULL,
        model text NOT NULL,
        operation text NOT NULL,
        streamed boolean NOT NULL,
        tags text NOT NULL,
        experiment text NOT NULL,
        arm text NOT NULL,
        stats jsonb NOT NULL,
        PRIMARY KEY (level, bucket, series)
      );
      CREATE INDEX llm_analytics_rollups_read ON llm_analytics_rollups (level, kind, bucket);
    `,
  },
];

/** Each roll-up column's PostgreSQL type (for `unnest` of the column arrays). */
const PG_TYPES: Readonly<Record<RollupColumn, string>> = {
  level: 'text',
  bucket: 'bigint',
  series: 'text',
  kind: 'text',
  provider: 'text',
  model: 'text',
  operation: 'text',
  streamed: 'boolean',
  tags: 'text',
  experiment: 'text',
  arm: 'text',
  stats: 'jsonb',
};

const list = (v: string | readonly string[] | undefined): string[] | undefined => (v === undefined ? undefined : typeof v === 'string' ? [v] : [...v]);

/**
 * Many processes, one PostgreSQL database: each batch is one transaction that inserts the records
 * it does not already hold (`ON CONFLICT (id) DO NOTHING`) and adds only those to the roll-ups,
 * locking the roll-up rows it touches in one order (so concurrent writers never lose an update
 * and never deadlock each other). A batch retried after an unclear failure counts once.
 */
export class PostgresAnalyticsStore implements AnalyticsStore {
  readonly kind = 'postgres';
  readonly retention: Retention;
  private readonly connection: PgConnection;
  private readonly ownsConnection: boolean;
  private readonly tagKeys: readonly string[] | undefined;
  private readonly now: () => number;
  private lastPrune = 0;
  private closed = false;

  /** Use {@link createPostgresAnalyticsStore}, which also brings the tables up to date. */
  constructor(connection: PgConnection, options: Omit<PostgresAnalyticsStoreOptions, 'connection' | 'pool' | 'connectionString'> & { ownsConnection: boolean }) {
    this.connection = connection;
    this.ownsConnection = options.ownsConnection;
    this.retention = resolveRetention(options.retention);
    this.tagKeys = options.rollupTagKeys;
    this.now = options.now ?? Date.now;
  }

  async append(records: readonly CallRecord[]): Promise<void> {
    this.ensureOpen();
    if (records.length === 0) return;
    try {
      await this.connection.transaction(async (client) => {
        const inserted = await client.query<{ id: string }>(
          `INSERT INTO llm_analytics_records (id, start, kind, provider, model, data)
           SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::jsonb[])
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [records.map((r) => r.id), records.map((r) => r.start), records.map((r) => r.kind), records.map((r) => r.provider), records.map((r) => r.model), records.map((r) => JSON.stringify(r))],
        );
        const fresh = new Set(inserted.rows.map((r) => r.id));
        await this.addToRollups(client, records.filter((r) => fresh.delete(r.id)));
      });
    } catch (err) {
      throw postgresError(err, 'analytics append');
    }
    const now = this.now();
    if (now - this.lastPrune >= 600_000) await this.prune(now);
  }

  async records(query: RecordQuery): Promise<CallRecord[]> {
    this.ensureOpen();
    const where = ['start >= $1', 'start < $2'];
    const args: unknown[] = [query.from, query.to];
    if (query.kind) where.push(`kind = $${args.push(query.kind)}`);
    const models = list(query.model);
    if (models) where.push(`model = ANY($${args.push(models)}::text[])`);
    const limit = query.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(query.limit)) * 2 + 100}` : '';
    try {
      const result = await this.connection.pool.query<{ data: CallRecord }>(`SELECT data FROM llm_analytics_records WHERE ${where.join(' AND ')} ORDER BY start, id${limit}`, args);
      const out = result.rows.map((r) => r.data).filter((r) => recordMatches(r, query));
      return query.limit !== undefined ? out.slice(0, query.limit) : out;
    } catch (err) {
      throw postgresError(err, 'analytics records query');
    }
  }

  async rollups(query: RollupQuery): Promise<RollupRow[]> {
    this.ensureOpen();
    const where = ['level = $1', 'bucket >= $2', 'bucket < $3', 'kind = $4'];
    const args: unknown[] = [query.level, query.from, query.to, query.kind ?? 'call'];
    const models = list(query.model);
    if (models) where.push(`model = ANY($${args.push(models)}::text[])`);
    const providers = list(query.provider);
    if (providers) where.push(`provider = ANY($${args.push(providers)}::text[])`);
    try {
      const result = await this.connection.pool.query<StoredRollupRow>(`SELECT ${ROLLUP_READ_COLUMNS.join(', ')} FROM llm_analytics_rollups WHERE ${where.join(' AND ')}`, args);
      const out: RollupRow[] = [];
      for (const r of result.rows) {
        const key = storedSeriesKey(r);
        if (seriesMatches(key, query)) out.push(rollupRowOf(r, key));
      }
      return out;
    } catch (err) {
      throw postgresError(err, 'analytics roll-up query');
    }
  }

  async prune(now = this.now()): Promise<PruneReport> {
    this.ensureOpen();
    this.lastPrune = now;
    try {
      return await this.connection.transaction(async (client) => {
        const report: PruneReport = { records: 0, rollups: 0, compacted: 0 };
        report.records = (await client.query('DELETE FROM llm_analytics_records WHERE start < $1', [now - this.retention.raw])).rowCount ?? 0;
        for (const level of ROLLUP_LEVELS) {
          const result = await client.query('DELETE FROM llm_analytics_rollups WHERE level = $1 AND bucket < $2', [level, bucketStart(now - this.retention[level], level)]);
          report.rollups += result.rowCount ?? 0;
        }
        return report;
      });
    } catch (err) {
      throw postgresError(err, 'analytics prune');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsConnection) await this.connection.close();
  }

  /**
   * New rows are inserted with the batch's sums; rows that exist are locked (in key order),
   * merged with the batch's sums and written back.
   */
  private async addToRollups(client: pg.PoolClient, records: readonly CallRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = rollupBatch(records, this.tagKeys)
      .map((row) => ({ row, series: storedSeriesId(row) }))
      .sort((a, b) => (a.row.level < b.row.level ? -1 : a.row.level > b.row.level ? 1 : a.row.bucket - b.row.bucket || (a.series < b.series ? -1 : a.series > b.series ? 1 : 0)));
    const values = rows.map((x) => rollupColumns(x.row, x.series));
    const inserted = await client.query<{ level: string; bucket: string; series: string }>(
      `INSERT INTO llm_analytics_rollups (${ROLLUP_COLUMNS.join(', ')})
       SELECT * FROM unnest(${ROLLUP_COLUMNS.map((c, i) => `$${i + 1}::${PG_TYPES[c]}[]`).join(', ')})
       ON CONFLICT (level, bucket, series) DO NOTHING RETURNING level, bucket, series`,
      ROLLUP_COLUMNS.map((c) => values.map((v) => v[c])),
    );
    const key = (level: string, bucket: number | string, series: string) => `${level}\u0000${bucket}\u0000${series}`;
    const done = new Set(inserted.rows.map((r) => key(r.level, r.bucket, r.series)));
    const rest = rows.filter((x) => !done.has(key(x.row.level, x.row.bucket, x.series)));
    if (rest.length === 0) return;
    const existing = await client.query<{ level: string; bucket: string; series: string; stats: PackedStats }>(
      `SELECT r.level, r.bucket, r.series, r.stats FROM llm_analytics_rollups r
       JOIN unnest($1::text[], $2::bigint[], $3::text[]) AS k(level, bucket, series) ON r.level = k.level AND r.bucket = k.bucket AND r.series = k.series
       ORDER BY r.level, r.bucket, r.series FOR UPDATE OF r`,
      [rest.map((x) => x.row.level), rest.map((x) => x.row.bucket), rest.map((x) => x.series)],
    );
    const current = new Map(existing.rows.map((r) => [key(r.level, r.bucket, r.series), unpackStats(r.stats)]));
    const merged = rest.map((x) => {
      const stats = current.get(key(x.row.level, x.row.bucket, x.series));
      if (!stats) throw new LLMError({ code: 'provider_error', message: `analytics roll-up row ${x.row.level} ${x.row.bucket} vanished during an append`, retryable: true });
      mergeStats(stats, x.row.stats);
      return { ...x, stats };
    });
    await client.query(
      `UPDATE llm_analytics_rollups r SET stats = v.stats
       FROM unnest($1::text[], $2::bigint[], $3::text[], $4::jsonb[]) AS v(level, bucket, series, stats)
       WHERE r.level = v.level AND r.bucket = v.bucket AND r.series = v.series`,
      [merged.map((x) => x.row.level), merged.map((x) => x.row.bucket), merged.map((x) => x.series), merged.map((x) => storedStats(x.stats))],
    );
  }

  private ensureOpen(): void {
    if (this.closed) throw new LLMError({ code: 'configuration', message: 'this PostgreSQL analytics store is closed' });
  }
}

/** Connects (or uses the given pool or connection), brings the analytics tables up to date and returns the store. */
export async function createPostgresAnalyticsStore(options: PostgresAnalyticsStoreOptions): Promise<PostgresAnalyticsStore> {
  const connection = options.connection ?? connectPostgres(options);
  try {
    await migrate(connection, 'analytics', ANALYTICS_MIGRATIONS);
  } catch (err) {
    if (!options.connection) await connection.close();
    throw postgresError(err, 'analytics table set-up');
  }
  return new PostgresAnalyticsStore(connection, { ...options, ownsConnection: !options.connection });
}
