import { describe, expect, it } from 'vitest';
import { budgetSlot, calendarSlot, ROLLING_BUCKETS } from './budget-period.js';
import { InMemoryBudgetStore } from './budget-store.js';

// Budget periods on fixed instants: labels, where each period ends, and the rolling window's buckets.

const HOUR = 3_600_000;
// Wednesday 2025-06-11, 14:37:12.345 UTC.
const WED = Date.UTC(2025, 5, 11, 14, 37, 12, 345);

describe('calendarSlot', () => {
  it('gives the kept slot while the time stays inside it, and works out the next (or an earlier) one past its edges', () => {
    const hour = Date.UTC(2025, 5, 11, 14);
    const first = calendarSlot('hour', hour + 1_000);
    expect(calendarSlot('hour', hour + 3_599_999)).toBe(first);
    expect(calendarSlot('hour', hour + 3_600_000)).toEqual({ label: '2025-06-11T15', endsAt: hour + 2 * 3_600_000 });
    expect(calendarSlot('hour', hour - 1)).toEqual({ label: '2025-06-11T13', endsAt: hour });
    expect(calendarSlot('hour', hour)).toEqual({ label: '2025-06-11T14', endsAt: hour + 3_600_000 });
    // Kept per period: another period's slot does not stand in for it.
    expect(calendarSlot('day', hour)).toEqual({ label: '2025-06-11', endsAt: Date.UTC(2025, 5, 12) });
    expect(calendarSlot('hour', hour + 5)).toEqual({ label: '2025-06-11T14', endsAt: hour + 3_600_000 });
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('labels each UTC period and says when it ends', () => {
    expect(calendarSlot('hour', WED)).toEqual({ label: '2025-06-11T14', endsAt: Date.UTC(2025, 5, 11, 15) });
    expect(calendarSlot('day', WED)).toEqual({ label: '2025-06-11', endsAt: Date.UTC(2025, 5, 12) });
    expect(calendarSlot('month', WED)).toEqual({ label: '2025-06', endsAt: Date.UTC(2025, 6, 1) });
    expect(calendarSlot('total', WED)).toEqual({ label: 'total', endsAt: Number.MAX_SAFE_INTEGER });
  });

  it('starts ISO weeks on Monday, Sunday included in the week before it', () => {
    expect(calendarSlot('week', WED)).toEqual({ label: 'w2025-06-09', endsAt: Date.UTC(2025, 5, 16) });
    expect(calendarSlot('week', Date.UTC(2025, 5, 9))).toMatchObject({ label: 'w2025-06-09' });
    expect(calendarSlot('week', Date.UTC(2025, 5, 15, 23, 59))).toMatchObject({ label: 'w2025-06-09' });
    expect(calendarSlot('week', Date.UTC(2025, 5, 16))).toMatchObject({ label: 'w2025-06-16' });
  });

  it('rolls over at the boundary, December into January', () => {
    expect(calendarSlot('month', Date.UTC(2025, 11, 31, 23, 59, 59, 999))).toEqual({ label: '2025-12', endsAt: Date.UTC(2026, 0, 1) });
    expect(calendarSlot('month', Date.UTC(2026, 0, 1))).toMatchObject({ label: '2026-01' });
    expect(calendarSlot('hour', Date.UTC(2025, 5, 11, 23, 0))).toEqual({ label: '2025-06-11T23', endsAt: Date.UTC(2025, 5, 12) });
  });
});

describe('budgetSlot', () => {
  it('a calendar budget is one key per period with the whole budget', async () => {
    const slot = await budgetSlot(new InMemoryBudgetStore(), 'llm:budget:global', 'day', 'calendar', 5, WED);
    expect(slot).toMatchObject({ key: 'llm:budget:global:2025-06-11', limitUsd: 5, label: '2025-06-11', endsAt: Date.UTC(2025, 5, 12), olderUsd: 0 });
    // A total budget has no rolling window.
    expect(await budgetSlot(new InMemoryBudgetStore(), 'b', 'total', 'rolling', 5, WED)).toMatchObject({ key: 'b:total', limitUsd: 5 });
  });

  it('a rolling budget reserves in the newest bucket under what the older buckets of the window left', async () => {
    const store = new InMemoryBudgetStore({ now: () => WED });
    const size = (24 * HOUR) / ROLLING_BUCKETS;
    const bucket = Math.floor(WED / size);
    await store.reserve(`b:rday:${bucket - 1}`, 1, 10, 60_000); // live reservation, one bucket back
    const spent = await store.reserve(`b:rday:${bucket - 11}`, 2, 10, 60_000);
    if (spent.ok) await store.settle(spent.reservation.id, 1.5); // the oldest bucket still in the window
    await store.reserve(`b:rday:${bucket - 12}`, 3, 10, 60_000); // already out of the window
    const slot = await budgetSlot(store, 'b', 'day', 'rolling', 5, WED);
    expect(slot).toMatchObject({ key: `b:rday:${bucket}`, limitUsd: 2.5, label: 'rolling-day', endsAt: (bucket + 1) * size, olderUsd: 2.5 });
  });

  it('says until when its key is read: the end of the calendar period, the last window a rolling bucket is in, never for a total budget', async () => {
    const store = new InMemoryBudgetStore({ now: () => WED });
    expect((await budgetSlot(store, 'b', 'day', 'calendar', 5, WED)).readUntil).toBe(Date.UTC(2025, 5, 12));
    expect((await budgetSlot(store, 'b', 'month', 'calendar', 5, WED)).readUntil).toBe(Date.UTC(2025, 6, 1));
    const total = await budgetSlot(store, 'b', 'total', 'calendar', 5, WED);
    expect(total).toHaveProperty('readUntil', undefined);
    const size = HOUR / ROLLING_BUCKETS;
    const bucket = Math.floor(WED / size);
    expect((await budgetSlot(store, 'b', 'hour', 'rolling', 5, WED)).readUntil).toBe((bucket + ROLLING_BUCKETS) * size);
  });

  it('never offers less than nothing', async () => {
    const store = new InMemoryBudgetStore({ now: () => WED });
    const bucket = Math.floor(WED / (HOUR / ROLLING_BUCKETS));
    await store.reserve(`b:rhour:${bucket - 1}`, 4, 10, 60_000);
    expect((await budgetSlot(store, 'b', 'hour', 'rolling', 3, WED)).limitUsd).toBe(0);
  });
});
