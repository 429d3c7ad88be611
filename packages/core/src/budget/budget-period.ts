import type { BudgetStore } from './budget-store.js';
import type { BUDGET_PERIODS } from '../config/index.js';

export type BudgetPeriodName = (typeof BUDGET_PERIODS)[number];
/** `calendar`: the budget starts afresh at each UTC hour/day/ISO week/month. `rolling`: it covers the last period's length. */
export type BudgetWindow = 'calendar' | 'rolling';

const HOUR = 3_600_000;
const LENGTH_MS: Record<Exclude<BudgetPeriodName, 'total'>, number> = { hour: HOUR, day: 24 * HOUR, week: 7 * 24 * HOUR, month: 30 * 24 * HOUR };
/** A rolling window is kept as this many buckets. */
export const ROLLING_BUCKETS = 12;

/** One calendar period: its label (part of the budget key) and when it ends. */
export interface CalendarSlot {
  label: string;
  endsAt: number;
}

/** The last slot worked out per period, with when it starts: most calls fall in the same one. */
const lastSlots = new Map<BudgetPeriodName, { startsAt: number; slot: CalendarSlot }>();

/**
 * The UTC calendar period holding `now`. The slot of the last call per period is kept and given
 * again while `now` stays inside it (the same frozen object): working one out takes `Date`
 * arithmetic and an ISO string per call, and a busy gateway asks for the same one for an hour or more.
 */
export function calendarSlot(period: BudgetPeriodName, now: number): CalendarSlot {
  const last = lastSlots.get(period);
  if (last && now >= last.startsAt && now < last.slot.endsAt) return last.slot;
  const { startsAt, slot } = workOutSlot(period, now);
  const frozen = Object.freeze(slot);
  lastSlots.set(period, { startsAt, slot: frozen });
  return frozen;
}

function workOutSlot(period: BudgetPeriodName, now: number): { startsAt: number; slot: CalendarSlot } {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  switch (period) {
    case 'total':
      return { startsAt: Number.MIN_SAFE_INTEGER, slot: { label: 'total', endsAt: Number.MAX_SAFE_INTEGER } };
    case 'hour': {
      const start = Date.UTC(y, m, day, d.getUTCHours());
      return { startsAt: start, slot: { label: new Date(start).toISOString().slice(0, 13), endsAt: start + HOUR } };
    }
    case 'day': {
      const start = Date.UTC(y, m, day);
      return { startsAt: start, slot: { label: new Date(start).toISOString().slice(0, 10), endsAt: start + 24 * HOUR } };
    }
    case 'week': {
      // ISO weeks start on Monday.
      const start = Date.UTC(y, m, day - ((d.getUTCDay() + 6) % 7));
      return { startsAt: start, slot: { label: `w${new Date(start).toISOString().slice(0, 10)}`, endsAt: start + 7 * 24 * HOUR } };
    }
    case 'month': {
      const start = Date.UTC(y, m, 1);
      return { startsAt: start, slot: { label: new Date(start).toISOString().slice(0, 7), endsAt: Date.UTC(y, m + 1, 1) } };
    }
  }
}

/** What a reservation is made against: a store key and the room left under the limit in it. */
export interface BudgetSlot {
  key: string;
  /** The limit to reserve under in `key` (the budget less what older buckets of a rolling window hold). */
  limitUsd: number;
  /** Label of the period, for alerts and their once-only keys. */
  label: string;
  /** When the period (calendar) or the current bucket (rolling) ends. */
  endsAt: number;
  /**
   * Until when the key is read (ms since the epoch): the end of its calendar period, or the end of
   * the last window its rolling bucket is part of; undefined for a `total` budget, kept for good.
   */
  readUntil: number | undefined;
  /** Spent and reserved in the window outside `key` (older rolling buckets). */
  olderUsd: number;
}

/**
 * The budget slot for `now`. A calendar budget is one store key per period. A rolling budget is
 * {@link ROLLING_BUCKETS} buckets of 1/12 of the period; a call reserves in the newest bucket
 * under the budget less what the 11 older ones hold (spent plus live reservations). Older
 * buckets only shrink (reservations settle at or below what they reserved), so concurrent
 * callers in any number of processes can never push the window over the budget. The window
 * covers between 11/12 and all of the period.
 */
export async function budgetSlot(store: BudgetStore, base: string, period: BudgetPeriodName, window: BudgetWindow, maxBudget: number, now: number): Promise<BudgetSlot> {
  if (period === 'total' || window === 'calendar') {
    const slot = calendarSlot(period, now);
    return { key: `${base}:${slot.label}`, limitUsd: maxBudget, label: slot.label, endsAt: slot.endsAt, readUntil: period === 'total' ? undefined : slot.endsAt, olderUsd: 0 };
  }
  const size = LENGTH_MS[period] / ROLLING_BUCKETS;
  const bucket = Math.floor(now / size);
  const older = await Promise.all(
    Array.from({ length: ROLLING_BUCKETS - 1 }, (_, i) => store.usage(`${base}:r${period}:${bucket - 1 - i}`)),
  );
  const olderUsd = older.reduce((sum, u) => sum + u.spentUsd + u.reservedUsd, 0);
  return {
    key: `${base}:r${period}:${bucket}`,
    limitUsd: Math.max(0, maxBudget - olderUsd),
    label: `rolling-${period}`,
    endsAt: (bucket + 1) * size,
    readUntil: (bucket + ROLLING_BUCKETS) * size,
    olderUsd,
  };
}
