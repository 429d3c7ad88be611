import { describe, expect, it } from 'vitest';
import { InMemoryBudgetStore, SETTLE_GRACE_MS, budgetKeyOfReservation, newBudgetReservationId } from './budget-store.js';

// The in-memory budget store rule by rule, on a fixed clock: the limit's edge, the lease's edge,
// the settle grace's edge, ids it did not make, and refunds that are not charges.

function clocked() {
  let now = 0;
  return { store: new InMemoryBudgetStore({ now: () => now }), at: (t: number) => void (now = t) };
}

describe('InMemoryBudgetStore rules', () => {
  it('a reservation that reaches the limit exactly fits; a cent more does not', async () => {
    const { store } = clocked();
    expect((await store.reserve('k', 0.75, 1, 1000)).ok).toBe(true);
    expect((await store.reserve('k', 0.25, 1, 1000)).ok).toBe(true);
    expect(await store.reserve('k', 0.01, 1, 1000)).toEqual({ ok: false, spentUsd: 0, reservedUsd: 1, limitUsd: 1 });
  });

  it('a reservation counts until its lease ends, and not from that instant on', async () => {
    const { store, at } = clocked();
    const r = await store.reserve('k', 0.4, 1, 1000);
    expect(r).toMatchObject({ ok: true, reservation: { key: 'k', amountUsd: 0.4, expiresAt: 1000 } });
    at(999);
    expect(await store.usage('k')).toEqual({ spentUsd: 0, reservedUsd: 0.4 });
    at(1000);
    expect(await store.usage('k')).toEqual({ spentUsd: 0, reservedUsd: 0 });
  });

  it('a lapsed reservation can be settled until the grace ends, not at that instant', async () => {
    const { store, at } = clocked();
    const early = await store.reserve('k', 0.1, 1, 1000);
    const late = await store.reserve('k', 0.1, 1, 1000);
    if (!early.ok || !late.ok) throw new Error('expected reservations');
    at(1000 + SETTLE_GRACE_MS - 1);
    await store.usage('k');
    await store.settle(early.reservation.id, 0.05);
    expect((await store.usage('k')).spentUsd).toBe(0.05);
    at(1000 + SETTLE_GRACE_MS);
    await store.usage('k');
    await store.settle(late.reservation.id, 0.05);
    expect((await store.usage('k')).spentUsd).toBe(0.05);
  });

  it('a negative real cost is charged as nothing', async () => {
    const { store } = clocked();
    const r = await store.reserve('k', 0.5, 1, 1000);
    if (!r.ok) throw new Error('expected a reservation');
    await store.settle(r.reservation.id, -2);
    expect(await store.usage('k')).toEqual({ spentUsd: 0, reservedUsd: 0 });
  });

  it('ids it did not make, or of keys it does not hold, settle nothing', async () => {
    const { store } = clocked();
    const r = await store.reserve('k', 0.5, 1, 1000);
    if (!r.ok) throw new Error('expected a reservation');
    for (const id of ['no-dot', '.starts-with-dot', newBudgetReservationId('other'), `${r.reservation.id}x`]) await store.settle(id, 1);
    expect(await store.usage('k')).toEqual({ spentUsd: 0, reservedUsd: 0.5 });
    expect(budgetKeyOfReservation('no-dot')).toBeUndefined();
    expect(budgetKeyOfReservation('.x')).toBeUndefined();
    expect(budgetKeyOfReservation(newBudgetReservationId('tag:user=ål'))).toBe('tag:user=ål');
  });

  it('reset forgets one key only', async () => {
    const { store } = clocked();
    await store.reserve('a', 0.5, 1, 1000);
    await store.reserve('b', 0.5, 1, 1000);
    await store.reset('a');
    expect(await store.usage('a')).toEqual({ spentUsd: 0, reservedUsd: 0 });
    expect(await store.usage('b')).toEqual({ spentUsd: 0, reservedUsd: 0.5 });
  });
});

describe('InMemoryBudgetStore retention', () => {
  it('forgets a key at the instant its retention ends, not a moment before', async () => {
    const { store, at } = clocked();
    const r = await store.reserve('k', 0.5, 1, 100, 1000);
    if (!r.ok) throw new Error('expected a reservation');
    await store.settle(r.reservation.id, 0.5);
    at(999);
    expect((await store.usage('k')).spentUsd).toBe(0.5);
    at(1000);
    expect(await store.usage('k')).toEqual({ spentUsd: 0, reservedUsd: 0 });
  });

  it('looks for forgotten keys on a reservation at most once a minute, and drops those whose retention has ended', async () => {
    const { store, at } = clocked();
    await store.reserve('a', 0.1, 1, 100, 10);
    at(100);
    await store.reserve('b', 0.1, 1, 100, 59_900);
    // Looked at 0; not again before 60 s: 'a' is still held though past its retention.
    expect(store.size).toBe(2);
    at(59_999);
    await store.reserve('b', 0.1, 1, 100, 1);
    expect(store.size).toBe(2);
    at(60_000);
    await store.reserve('c', 0.1, 1, 100, 10);
    // 'a' ended at 10 and 'b' at 60 000 (the later of its two retentions): both dropped.
    expect(store.size).toBe(1);
    at(119_999);
    await store.reserve('d', 0.1, 1, 100);
    expect(store.size).toBe(2);
    at(120_000);
    await store.reserve('d', 0.1, 1, 100);
    expect(store.size).toBe(1);
  });
});
