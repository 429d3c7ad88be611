import { LLMError } from '@llm/errors';
import type { AnalyticsStore, RecordFilter } from './analytics-store.js';
import { parseTagsLabel } from './call-record.js';
import { emptyStats, mergeStats, type RollupRow, type RollupStats } from './rollup.js';
import { summarize, type Summary } from './summary.js';
import { planWindow, type WindowPlan } from './window-plan.js';

/** What a group is keyed by: a series field, or `tag:<key>` for one tag's value. */
export type GroupDimension = 'provider' | 'model' | 'operation' | 'streamed' | 'experiment' | 'arm' | `tag:${string}`;

export type TimeInput = number | Date;

export interface AggregateQuery extends RecordFilter {
  from: TimeInput;
  to: TimeInput;
  /** Default: provider and model. `[]` gives one group of everything. */
  groupBy?: readonly GroupDimension[];
}

export interface GroupSummary extends Summary {
  /** The group's value of each dimension (`''` when a record has no such tag). */
  group: Record<string, string>;
}

export interface AggregateResult {
  /** The window covered (ISO); see {@link WindowPlan}. */
  from: string;
  to: string;
  resolution: WindowPlan['resolution'];
  groupBy: GroupDimension[];
  /** Sorted by group values. */
  groups: GroupSummary[];
  totals: Summary;
}

export const DEFAULT_GROUP_BY: readonly GroupDimension[] = ['provider', 'model'];

export const toMs = (t: TimeInput): number => (t instanceof Date ? t.getTime() : t);

const FIELDS = ['provider', 'model', 'operation', 'streamed', 'experiment', 'arm'];

export function checkGroupBy(groupBy: readonly string[]): GroupDimension[] {
  const bad = groupBy.filter((d) => !FIELDS.includes(d) && !(d.startsWith('tag:') && d.length > 4));
  if (bad.length) {
    throw new LLMError({ code: 'invalid_request', message: `invalid analytics groupBy: ${bad.join(', ')} (use ${FIELDS.join(', ')} or tag:<key>)` });
  }
  return groupBy as GroupDimension[];
}

/** Reads each dimension of a row; tag labels are parsed once per label. */
export function groupReader(groupBy: readonly GroupDimension[]): (row: RollupRow) => Record<string, string> {
  const parsed = new Map<string, Record<string, string>>();
  const tagsOf = (label: string) => {
    let tags = parsed.get(label);
    if (!tags) parsed.set(label, (tags = parseTagsLabel(label)));
    return tags;
  };
  return (row) => {
    const group: Record<string, string> = {};
    for (const d of groupBy) {
      if (d.startsWith('tag:')) group[d] = tagsOf(row.tags)[d.slice(4)] ?? '';
      else group[d] = d === 'streamed' ? String(row.streamed) : (row[d as 'provider'] as string);
    }
    return group;
  };
}

export const groupId = (group: Record<string, string>): string => Object.values(group).join('\u0000');

/** Every roll-up row of the window, read by the plan (each piece from its own level). */
export async function readWindow(store: AnalyticsStore, plan: WindowPlan, filter: RecordFilter): Promise<RollupRow[]> {
  const parts = await Promise.all(plan.pieces.map((piece) => store.rollups({ ...filter, level: piece.level, from: piece.from, to: piece.to })));
  return parts.flat();
}

/** Sums rows into one stats object per group. */
export function sumByGroup(rows: readonly RollupRow[], groupBy: readonly GroupDimension[]): Map<string, { group: Record<string, string>; stats: RollupStats }> {
  const read = groupReader(groupBy);
  const out = new Map<string, { group: Record<string, string>; stats: RollupStats }>();
  for (const row of rows) {
    const group = read(row);
    const id = groupId(group);
    let entry = out.get(id);
    if (!entry) out.set(id, (entry = { group, stats: emptyStats() }));
    mergeStats(entry.stats, row.stats);
  }
  return out;
}

/**
 * Count, error rates by code, latency and TTFC percentiles, throughput, cost and cache and retry
 * rates per group (by default per provider and model) over a window. Reads roll-ups: a window of a
 * million calls costs a few hundred rows.
 */
export async function aggregate(store: AnalyticsStore, query: AggregateQuery, now = Date.now()): Promise<AggregateResult> {
  const groupBy = checkGroupBy(query.groupBy ?? DEFAULT_GROUP_BY);
  const plan = planWindow(toMs(query.from), toMs(query.to), store.retention, now);
  const rows = await readWindow(store, plan, query);
  const groups = [...sumByGroup(rows, groupBy).values()]
    .sort((a, b) => groupId(a.group).localeCompare(groupId(b.group)))
    .map(({ group, stats }) => ({ group, ...summarize(stats) }));
  const total = emptyStats();
  for (const row of rows) mergeStats(total, row.stats);
  return { from: new Date(plan.from).toISOString(), to: new Date(plan.to).toISOString(), resolution: plan.resolution, groupBy, groups, totals: summarize(total) };
}
