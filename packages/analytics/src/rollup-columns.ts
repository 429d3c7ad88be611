import type { RecordKind } from './call-record.js';
import type { RollupLevel, RollupRow, SeriesKey } from './rollup.js';
import { packStats, unpackStats, type PackedStats } from './stats-codec.js';

/**
 * The columns of a stored roll-up row, in order: what the SQLite store and `@llm/postgres` write
 * and read (one list, so a new column is added in one place). `series` is the stored series id
 * (each store makes its own); `stats` is the packed stats as JSON.
 */
export const ROLLUP_COLUMNS = ['level', 'bucket', 'series', 'kind', 'provider', 'model', 'operation', 'streamed', 'tags', 'experiment', 'arm', 'stats'] as const;
export type RollupColumn = (typeof ROLLUP_COLUMNS)[number];

/** The columns a read needs (all but the series id). */
export const ROLLUP_READ_COLUMNS: readonly RollupColumn[] = ROLLUP_COLUMNS.filter((c) => c !== 'series');

/** A row's stats as stored: packed (`packStats`), as JSON. */
export const storedStats = (stats: RollupRow['stats']): string => JSON.stringify(packStats(stats));

/** A roll-up row's column values by name. */
export function rollupColumns(row: RollupRow, series: string): Record<RollupColumn, string | number | boolean> {
  return {
    level: row.level,
    bucket: row.bucket,
    series,
    kind: row.kind,
    provider: row.provider,
    model: row.model,
    operation: row.operation,
    streamed: row.streamed,
    tags: row.tags,
    experiment: row.experiment,
    arm: row.arm,
    stats: storedStats(row.stats),
  };
}

/** A stored row as a driver gives it back: `bucket` may be a string (bigint), `streamed` 0/1, `stats` JSON text or parsed. */
export interface StoredRollupRow {
  level: string;
  bucket: number | string;
  kind: string;
  provider: string;
  model: string;
  operation: string;
  streamed: boolean | number;
  tags: string;
  experiment: string;
  arm: string;
  stats: string | PackedStats;
}

/** The series of a stored row (without unpacking its stats). */
export function storedSeriesKey(r: StoredRollupRow): SeriesKey {
  return { kind: r.kind as RecordKind, provider: r.provider, model: r.model, operation: r.operation, streamed: r.streamed === true || r.streamed === 1, tags: r.tags, experiment: r.experiment, arm: r.arm };
}

/** The roll-up row of a stored one (`key`: its {@link storedSeriesKey}, when already made). */
export function rollupRowOf(r: StoredRollupRow, key = storedSeriesKey(r)): RollupRow {
  return { ...key, level: r.level as RollupLevel, bucket: Number(r.bucket), stats: unpackStats(typeof r.stats === 'string' ? (JSON.parse(r.stats) as PackedStats) : r.stats) };
}
