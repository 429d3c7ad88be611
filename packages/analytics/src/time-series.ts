import { LLMError } from '@llm/errors';
import { parseLongDuration } from './duration.js';
import type { AnalyticsStore, RecordFilter } from './analytics-store.js';
import { checkGroupBy, DEFAULT_GROUP_BY, groupId, groupReader, toMs, type GroupDimension, type TimeInput } from './aggregate.js';
import { availableFrom, checkWindow } from './window-plan.js';
import { bucketStart, emptyStats, LEVEL_MS, mergeStats, type RollupLevel, type RollupStats } from './rollup.js';
import { summarize, type Summary } from './summary.js';

export interface TimeSeriesQuery extends RecordFilter {
  from: TimeInput;
  to: TimeInput;
  /** The width of a point: `1m`, `5m`, `1h`, `1d` or ms; a whole number of minutes. */
  granularity: string | number;
  /** Default: provider and model (one series each). */
  groupBy?: readonly GroupDimension[];
}

/** One bucket of one series, as summed stats (what the trend and anomaly code reads). */
export interface StatsPoint {
  t: number;
  stats: RollupStats;
}

export interface StatsSeries {
  group: Record<string, string>;
  points: StatsPoint[];
}

export interface SeriesPoint extends Summary {
  /** The bucket's start (ISO). */
  time: string;
}

export interface TimeSeriesResult {
  from: string;
  to: string;
  granularityMs: number;
  /** The roll-up level read. */
  level: RollupLevel;
  groupBy: GroupDimension[];
  /** One per group; buckets with no calls are left out. */
  series: Array<{ group: Record<string, string>; points: SeriesPoint[] }>;
}

export function parseGranularity(value: string | number): number {
  const ms = parseLongDuration(value);
  if (ms === undefined || ms < LEVEL_MS.minute || ms % LEVEL_MS.minute !== 0) {
    throw new LLMError({ code: 'invalid_request', message: `invalid analytics granularity ${JSON.stringify(value)}: expected a whole number of minutes such as 1m, 15m, 1h or 1d` });
  }
  return ms;
}

/** The coarsest level that divides the granularity and is still kept at the window's start (else the longest-kept one). */
export function levelFor(granularityMs: number, from: number, avail: Record<RollupLevel, number>): RollupLevel {
  const dividing = (['day', 'hour', 'minute'] as const).filter((l) => granularityMs % LEVEL_MS[l] === 0);
  return dividing.find((l) => bucketStart(from, granularityMs) >= avail[l]) ?? dividing.reduce((a, b) => (avail[b] < avail[a] ? b : a));
}

/** Summed stats per group and bucket: the input of trends and anomaly detection. */
export async function statsSeries(
  store: AnalyticsStore,
  query: Omit<TimeSeriesQuery, 'granularity'> & { granularityMs: number },
  now: number,
): Promise<{ from: number; to: number; level: RollupLevel; groupBy: GroupDimension[]; series: StatsSeries[] }> {
  const groupBy = checkGroupBy(query.groupBy ?? DEFAULT_GROUP_BY);
  const g = query.granularityMs;
  const avail = availableFrom(store.retention, now);
  const level = levelFor(g, toMs(query.from), avail);
  checkWindow(toMs(query.from), toMs(query.to));
  const from = Math.max(bucketStart(toMs(query.from), g), avail[level]);
  const to = Math.ceil(toMs(query.to) / g) * g;
  if (from >= to) {
    throw new LLMError({
      code: 'invalid_request',
      message: `no ${level} roll-ups are kept for this window (they go back to ${new Date(avail[level]).toISOString()}): ask for a coarser granularity such as 1h or 1d`,
    });
  }
  const rows = await store.rollups({ ...query, level, from, to });
  const read = groupReader(groupBy);
  const groups = new Map<string, { group: Record<string, string>; points: Map<number, RollupStats> }>();
  for (const row of rows) {
    const group = read(row);
    const id = groupId(group);
    let entry = groups.get(id);
    if (!entry) groups.set(id, (entry = { group, points: new Map() }));
    const t = bucketStart(row.bucket, g);
    let stats = entry.points.get(t);
    if (!stats) entry.points.set(t, (stats = emptyStats()));
    mergeStats(stats, row.stats);
  }
  const series = [...groups.values()]
    .sort((a, b) => groupId(a.group).localeCompare(groupId(b.group)))
    .map(({ group, points }) => ({ group, points: [...points.entries()].sort((a, b) => a[0] - b[0]).map(([t, stats]) => ({ t, stats })) }));
  return { from, to, level, groupBy, series };
}

/** Per-bucket summaries of each group (model, by default) at a chosen granularity. */
export async function timeSeries(store: AnalyticsStore, query: TimeSeriesQuery, now = Date.now()): Promise<TimeSeriesResult> {
  const granularityMs = parseGranularity(query.granularity);
  const result = await statsSeries(store, { ...query, granularityMs }, now);
  return {
    from: new Date(result.from).toISOString(),
    to: new Date(result.to).toISOString(),
    granularityMs,
    level: result.level,
    groupBy: result.groupBy,
    series: result.series.map(({ group, points }) => ({ group, points: points.map(({ t, stats }) => ({ time: new Date(t).toISOString(), ...summarize(stats) })) })),
  };
}
