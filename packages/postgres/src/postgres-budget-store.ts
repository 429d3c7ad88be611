import { SETTLE_GRACE_MS, budgetKeyOfReservation, newBudgetReservationId, type BudgetReserveResult, type BudgetStore, type BudgetUsage } from '@llm/core';
import { connectPostgres, postgresError, type PgConnection, type PgConnectionOptions } from './pg-connection.js';
import { migrate, type Migration } from './pg-migrations.js';

/**
 * The budget tables (component `budgets`): a key's settled spend and how long it is kept (ms since
 * the epoch on the server's clock; NULL: for good), and its live reservations.
 */
export const BUDGET_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE llm_budgets (
        key text PRIMARY KEY,
        spent_usd numeric NOT NULL DEFAULT 0,
        retain_until bigint
      );
      CREATE INDEX llm_budgets_retain_until ON llm_budgets (retain_until) WHERE retain_until IS NOT NULL;
      CREATE TABLE llm_budget_reservations (
        id text PRIMARY KEY,
        key text NOT NULL REFERENCES llm_budgets (key) ON DELETE CASCADE,
        amount_usd numeric NOT NULL,
        expires_at bigint NOT NULL
      );
      CREATE INDEX llm_budget_reservations_key ON llm_budget_reservations (key, expires_at);
    `,
  },
];

/** The server's clock in ms: one instant per transaction (`now()`), so every replica reads leases on one clock. */
const NOW_MS = '(extract(epoch from now()) * 1000)::bigint';

/**
 * Locks the key's row (made if new), forgets a key past its retention (spend back to 0) and
 * extends the retention, never shortening it ($2 NULL: kept for good). Returns the settled spend.
 */
const LOCK_KEY = `
  INSERT INTO llm_budgets AS b (key, spent_usd, retain_until) VALUES ($1, 0, ${NOW_MS} + $2::bigint)
  ON CONFLICT (key) DO UPDATE SET
    spent_usd = CASE WHEN b.retain_until <= ${NOW_MS} THEN 0 ELSE b.spent_usd END,
    retain_until = CASE
      WHEN b.retain_until <= ${NOW_MS} THEN excluded.retain_until
      WHEN b.retain_until IS NULL OR excluded.retain_until IS NULL THEN NULL
      ELSE GREATEST(b.retain_until, excluded.retain_until) END
  RETURNING spent_usd::text AS spent`;

/**
 * Under the key's lock: drops reservations past their settle grace, sums the live ones and adds the
 * new one if spend + live + amount stays within the limit ($5 NULL: no limit). The statement sees
 * what every transaction that held the lock before committed.
 */
const RESERVE = `
  WITH gone AS (DELETE FROM llm_budget_reservations WHERE key = $1 AND expires_at + $7::bigint <= ${NOW_MS}),
  live AS (SELECT coalesce(sum(amount_usd), 0) AS reserved FROM llm_budget_reservations WHERE key = $1 AND expires_at > ${NOW_MS}),
  added AS (
    INSERT INTO llm_budget_reservations (id, key, amount_usd, expires_at)
    SELECT $2, $1, $3::numeric, ${NOW_MS} + $6::bigint FROM live
    WHERE $5::numeric IS NULL OR $4::numeric + live.reserved + $3::numeric <= $5::numeric
    RETURNING expires_at
  )
  SELECT live.reserved::text AS reserved, (SELECT expires_at::text FROM added) AS expires_at FROM live`;

/** Charges a reservation once (deleting it), even after its lease lapsed, within the grace. */
const SETTLE = `
  WITH settled AS (DELETE FROM llm_budget_reservations WHERE id = $1 AND expires_at + $3::bigint > ${NOW_MS} RETURNING key)
  UPDATE llm_budgets b SET spent_usd = b.spent_usd + $2::numeric FROM settled WHERE b.key = settled.key`;

const USAGE = `
  SELECT b.spent_usd::text AS spent,
    (SELECT coalesce(sum(amount_usd), 0)::text FROM llm_budget_reservations r WHERE r.key = b.key AND r.expires_at > ${NOW_MS}) AS reserved
  FROM llm_budgets b WHERE b.key = $1 AND (b.retain_until IS NULL OR b.retain_until > ${NOW_MS})`;

/** How often (at most) a store deletes the keys past their retention. */
const SWEEP_EVERY_MS = 60_000;

export interface PostgresBudgetStoreOptions extends PgConnectionOptions {
  /** A connection shared with other stores of this package (closed by its owner, not by this store). */
  connection?: PgConnection;
}

/** A dollar amount as PostgreSQL's numeric takes it (JavaScript's exponent form included). */
const usd = (n: number): string => String(n);

/**
 * Budgets in PostgreSQL (the `BudgetStore` of `@llm/core`): spend survives restarts and is shared by
 * every process on the database. A reservation locks its key's row for one short transaction, so
 * concurrent reservations from any number of processes never overspend together; leases and
 * retention run on the server's clock.
 */
export class PostgresBudgetStore implements BudgetStore {
  private nextSweep = 0;

  constructor(
    private readonly connection: PgConnection,
    private readonly ownsConnection: boolean,
  ) {}

  async reserve(key: string, amountUsd: number, limitUsd: number, leaseMs: number, retainMs?: number): Promise<BudgetReserveResult> {
    const id = newBudgetReservationId(key);
    const retain = retainMs === undefined ? null : Math.max(1, Math.ceil(retainMs));
    try {
      const result = await this.connection.transaction(async (client) => {
        const spent = (await client.query<{ spent: string }>(LOCK_KEY, [key, retain])).rows[0]!.spent;
        const row = (
          await client.query<{ reserved: string; expires_at: string | null }>(RESERVE, [
            key,
            id,
            usd(amountUsd),
            spent,
            Number.isFinite(limitUsd) ? usd(limitUsd) : null,
            Math.ceil(leaseMs),
            SETTLE_GRACE_MS,
          ])
        ).rows[0]!;
        return { spent: Number(spent), reserved: Number(row.reserved), expiresAt: row.expires_at === null ? undefined : Number(row.expires_at) };
      });
      // Housekeeping: a failed sweep is tried again on the next reservation; the reservation stands.
      await this.sweep().catch(() => {
        this.nextSweep = 0;
      });
      if (result.expiresAt !== undefined) return { ok: true, reservation: { id, key, amountUsd, expiresAt: result.expiresAt } };
      return { ok: false, spentUsd: result.spent, reservedUsd: result.reserved, limitUsd };
    } catch (err) {
      throw postgresError(err, 'reserving budget');
    }
  }

  async settle(reservationId: string, actualUsd: number): Promise<void> {
    if (budgetKeyOfReservation(reservationId) === undefined) return;
    try {
      await this.connection.pool.query(SETTLE, [reservationId, usd(Math.max(0, actualUsd)), SETTLE_GRACE_MS]);
    } catch (err) {
      throw postgresError(err, 'settling a budget reservation');
    }
  }

  async usage(key: string): Promise<BudgetUsage> {
    try {
      const row = (await this.connection.pool.query<{ spent: string; reserved: string }>(USAGE, [key])).rows[0];
      return row ? { spentUsd: Number(row.spent), reservedUsd: Number(row.reserved) } : { spentUsd: 0, reservedUsd: 0 };
    } catch (err) {
      throw postgresError(err, 'reading budget usage');
    }
  }

  async reset(key: string): Promise<void> {
    try {
      await this.connection.pool.query('DELETE FROM llm_budgets WHERE key = $1', [key]);
    } catch (err) {
      throw postgresError(err, 'resetting a budget');
    }
  }

  /** Closes the pool if this store made it. */
  async close(): Promise<void> {
    if (this.ownsConnection) await this.connection.close();
  }

  /** Deletes keys past their retention (and their reservations), at most once a minute per store. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_EVERY_MS;
    await this.connection.pool.query(`DELETE FROM llm_budgets WHERE retain_until <= ${NOW_MS}`);
  }
}

/** Connects (or uses `connection`), brings the budget tables up to date, and returns the store. */
export async function createPostgresBudgetStore(options: PostgresBudgetStoreOptions): Promise<PostgresBudgetStore> {
  const connection = options.connection ?? connectPostgres(options);
  try {
    await migrate(connection, 'budgets', BUDGET_MIGRATIONS);
  } catch (err) {
    if (!options.connection) await connection.close();
    throw postgresError(err, 'preparing the budget tables');
  }
  return new PostgresBudgetStore(connection, !options.connection);
}
