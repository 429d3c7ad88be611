import { describe, expect, it } from 'vitest';
import { InMemoryBudgetStore, SETTLE_GRACE_MS, budgetKeyOfReservation } from './budget-store.js';

describe('InMemoryBudgetStore', () => {
  it('reserves within the limit, rejects beyond it, settles the real cost', async () => {
    const store = new InMemoryBudgetStore();
    const a = await store.reserve('t1', 0.6, 1, 60_000);
    expect(a.ok).toBe(true);
    const b = await store.reserve('t1', 0.5, 1, 60_000);
    expect(b).toEqual({ ok: false, spentUsd: 0, reservedUsd: 0.6, limitUsd: 1 });
    if (!a.ok) throw new Error('expected a reservation');
    expect(budgetKeyOfReservation(a.reservation.id)).toBe('t1');
    await store.settle(a.reservation.id, 0.2);
    await store.settle(a.reservation.id, 0.2); // twice charges once
    expect(await store.usage('t1')).toEqual({ spentUsd: 0.2, reservedUsd: 0 });
    expect((await store.reserve('t1', 0.5, 1, 60_000)).ok).toBe(true);
    expect(await store.usage('other')).toEqual({ spentUsd: 0, reservedUsd: 0 });
  });

  it("a crashed caller's reservation lapses after its lease, and a late settle still charges once", async () => {
    let now = 0;
    const store = new InMemoryBudgetStore({ now: () => now });
    const a = await store.reserve('t', 1, 1, 1000);
    expect((await store.reserve('t', 0.1, 1, 1000)).ok).toBe(false);
    now = 1000;
    expect((await store.usage('t')).reservedUsd).toBe(0);
    if (!a.ok) throw new Error('expected a reservation');
    await store.settle(a.reservation.id, 0.3);
    expect((await store.usage('t')).spentUsd).toBe(0.3);
    const b = await store.reserve('t', 0.1, 1, 1000);
    now += 1000 + SETTLE_GRACE_MS;
    await store.usage('t');
    if (!b.ok) throw new Error('expected a reservation');
    await store.settle(b.reservation.id, 0.1);
    expect((await store.usage('t')).spentUsd).toBe(0.3);
    await store.reset('t');
    expect(await store.usage('t')).toEqual({ spentUsd: 0, reservedUsd: 0 });
  });

  it('forgets a key past its retention (a long-lived process keeps only live periods); a key without one is kept', async () => {
    let now = 1_000_000;
    const store = new InMemoryBudgetStore({ now: () => now });
    const r = await store.reserve('2025-06-01', 0.5, 1, 1000, 10_000);
    if (!r.ok) throw new Error('expected a reservation');
    await store.settle(r.reservation.id, 0.5);
    await store.reserve('total', 0.1, 1, 1000);
    // A later reservation may extend the retention, never shorten it.
    await store.reserve('2025-06-01', 0.1, 1, 1000, 100);
    now += 9_000;
    expect((await store.usage('2025-06-01')).spentUsd).toBe(0.5);
    now += 2_000;
    expect(await store.usage('2025-06-01')).toEqual({ spentUsd: 0, reservedUsd: 0 });
    await store.reserve('2025-06-02', 0.1, 1, 1000, 10_000);
    now += 120_000;
    await store.reserve('2025-06-03', 0.1, 1, 1000, 10_000);
    // The sweep dropped the day that ended; the total budget stays.
    expect(store.size).toBe(2);
    expect((await store.usage('total')).reservedUsd).toBe(0);
    expect((await store.reserve('total', 0.95, 1, 1000)).ok).toBe(true);
  });
});
