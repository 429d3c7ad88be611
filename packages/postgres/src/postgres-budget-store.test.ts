import type { BudgetReserveResult } from '@llm/core';
import { expect, it } from 'vitest';
import { describePostgres } from '@llm/mocks/conformance';
import { usePostgresDatabases } from '../test/postgres-databases.js';
import { connectPostgres, createPostgresBudgetStore } from './index.js';

const reservationOf = (r: BudgetReserveResult) => {
  if (!r.ok) throw new Error(`expected a reservation, got ${JSON.stringify(r)}`);
  return r.reservation;
};

describePostgres('PostgresBudgetStore (real PostgreSQL server)', () => {
  const { fresh } = usePostgresDatabases();

  it('concurrent reservations from two processes’ pools never overspend together; settling twice charges once', async () => {
    const url = await fresh('budget_concurrent');
    const [one, two] = await Promise.all([createPostgresBudgetStore({ connectionString: url }), createPostgresBudgetStore({ connectionString: url })]);
    try {
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? one : two).reserve('t1', 0.1, 1, 60_000)));
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, spentUsd: 0, limitUsd: 1 });
      const first = reservationOf(results.find((r) => r.ok)!);
      expect(first).toMatchObject({ key: 't1', amountUsd: 0.1 });
      await one.settle(first.id, 0.05);
      await two.settle(first.id, 0.05);
      expect(await two.usage('t1')).toEqual({ spentUsd: 0.05, reservedUsd: 0.9 });
      // A reservation that reaches the limit exactly fits; a cent more does not.
      await one.reset('t1');
      reservationOf(await one.reserve('t1', 0.75, 1, 60_000));
      reservationOf(await two.reserve('t1', 0.25, 1, 60_000));
      expect(await one.reserve('t1', 0.01, 1, 60_000)).toEqual({ ok: false, spentUsd: 0, reservedUsd: 1, limitUsd: 1 });
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  }, 60_000);

  it('keeps spend across a restart; a lapsed reservation stops counting and a late settle still charges once', async () => {
    const url = await fresh('budget_restart');
    const store = await createPostgresBudgetStore({ connectionString: url });
    const kept = reservationOf(await store.reserve('t2', 0.4, 1, 60_000));
    const lapsing = reservationOf(await store.reserve('t2', 0.5, 1, 200));
    await store.settle(kept.id, 0.3);
    await store.close();

    const restarted = await createPostgresBudgetStore({ connectionString: url });
    try {
      expect(await restarted.usage('t2')).toEqual({ spentUsd: 0.3, reservedUsd: 0.5 });
      // The lease runs on the server's clock: wait until it says the reservation lapsed.
      const until = Date.now() + 10_000;
      while ((await restarted.usage('t2')).reservedUsd > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(await restarted.usage('t2')).toEqual({ spentUsd: 0.3, reservedUsd: 0 });
      expect((await restarted.reserve('t2', 0.7, 1, 60_000)).ok).toBe(true);
      await restarted.settle(lapsing.id, 0.5);
      await restarted.settle(lapsing.id, 0.5);
      expect(await restarted.usage('t2')).toEqual({ spentUsd: 0.8, reservedUsd: 0.7 });
      expect(await restarted.reserve('t2', 0.01, 1, 60_000)).toMatchObject({ ok: false, spentUsd: 0.8, reservedUsd: 0.7 });
      await restarted.settle('not-a-reservation', 5);
      await restarted.reset('t2');
      expect(await restarted.usage('t2')).toEqual({ spentUsd: 0, reservedUsd: 0 });
    } finally {
      await restarted.close();
    }
  }, 60_000);

  it('forgets a key once its retention is over, keeps a key without one, and never shortens a retention', async () => {
    const url = await fresh('budget_retention');
    const connection = connectPostgres({ connectionString: url });
    const store = await createPostgresBudgetStore({ connection });
    try {
      await store.settle(reservationOf(await store.reserve('day', 0.2, 1, 60_000, 300)).id, 0.2);
      await store.settle(reservationOf(await store.reserve('long', 0.2, 1, 60_000, 300)).id, 0.2);
      // A later call asks for a longer retention: it is extended.
      reservationOf(await store.reserve('long', 0.1, 1, 60_000, 3_600_000));
      // And a shorter one afterwards does not shorten it.
      reservationOf(await store.reserve('long', 0.1, 1, 60_000, 1));
      await store.settle(reservationOf(await store.reserve('total', 0.2, 1, 60_000)).id, 0.2);
      const until = Date.now() + 10_000;
      while ((await store.usage('day')).spentUsd > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(await store.usage('day')).toEqual({ spentUsd: 0, reservedUsd: 0 });
      expect(await store.usage('long')).toEqual({ spentUsd: 0.2, reservedUsd: 0.2 });
      expect(await store.usage('total')).toEqual({ spentUsd: 0.2, reservedUsd: 0 });
      // A forgotten key starts again from nothing.
      expect(await store.reserve('day', 1, 1, 60_000, 300)).toMatchObject({ ok: true });
      const rows = await connection.pool.query<{ key: string; retain_until: string | null }>('SELECT key, retain_until FROM llm_budgets ORDER BY key');
      expect(rows.rows.find((r) => r.key === 'total')?.retain_until).toBeNull();
    } finally {
      await store.close();
      expect(connection.pool.ending).toBe(false);
      await connection.close();
    }
  }, 60_000);

  it('says which operation failed when the server is gone, without the password', async () => {
    const url = await fresh('budget_down');
    const withPassword = url.replace('postgres@', 'postgres:s3cret-pw@').replace(/:(\d+)\//, ':1/');
    const failed = await createPostgresBudgetStore({ connectionString: withPassword }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'network', message: expect.stringContaining('PostgreSQL: preparing the budget tables failed') });
    expect(JSON.stringify(failed)).not.toContain('s3cret-pw');
  }, 60_000);
});
