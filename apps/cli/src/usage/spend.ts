import { timeSeries, type AnalyticsStore } from '@llm/analytics';

export type Period = 'day' | 'week' | 'month';

/** Spend of one model in one period. */
export interface SpendRow {
  /** `2026-11-30` (day), `2026-11-30` the Monday of the week (week), `2026-11` (month); UTC. */
  period: string;
  /** `provider:model`: the model asked for, or the fallback that answered. */
  model: string;
  /** Every call, failed ones included. */
  calls: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  /** USD of the calls whose price is known. */
  costUsd: number;
  /** Successful calls whose price is unknown (their tokens are counted, their cost is not in costUsd). */
  unpriced: number;
}

const DAY = 86_400_000;

/** The period a UTC day (its start, ms) falls in. */
function periodOf(dayStart: number, period: Period): string {
  if (period === 'month') return new Date(dayStart).toISOString().slice(0, 7);
  // ISO weeks start on Monday: getUTCDay() is 0 on Sunday.
  const back = period === 'week' ? (new Date(dayStart).getUTCDay() + 6) % 7 : 0;
  return new Date(dayStart - back * DAY).toISOString().slice(0, 10);
}

/**
 * Spend per period and model from the analytics store's day roll-ups (kept two years by default):
 * the same `call` records `llm analytics` reports on, whole UTC days from the day of `since`
 * (or from the oldest day kept) to `now`. Oldest period first; in a period, the costliest model first.
 */
export async function spendByPeriod(store: AnalyticsStore, period: Period, since: number | undefined, now: number): Promise<SpendRow[]> {
  const from = Math.max(since ?? 0, now - store.retention.day);
  if (from >= now) return [];
  const { series } = await timeSeries(store, { from, to: now, granularity: '1d', kind: 'call' }, now);
  const rows = new Map<string, SpendRow>();
  for (const { group, points } of series) {
    const model = `${group.provider}:${group.model}`;
    for (const p of points) {
      const key = `${periodOf(Date.parse(p.time), period)}\u0000${model}`;
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { period: periodOf(Date.parse(p.time), period), model, calls: 0, failed: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, unpriced: 0 }));
      row.calls += p.count;
      row.failed += p.errors;
      row.inputTokens += p.tokens.input;
      row.outputTokens += p.tokens.output;
      row.costUsd += p.cost.totalUsd;
      row.unpriced += p.cost.unpricedCalls;
    }
  }
  return [...rows.values()].sort((a, b) => a.period.localeCompare(b.period) || b.costUsd - a.costUsd || a.model.localeCompare(b.model));
}
