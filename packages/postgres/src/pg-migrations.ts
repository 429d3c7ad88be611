import { LLMError } from '@llm/errors';
import type { PgConnection } from './pg-connection.js';

/** One step of a component's schema, applied once, in order of `version`. */
export interface Migration {
  version: number;
  sql: string;
}

/** An arbitrary constant: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 740_517_201;

/**
 * Brings one component's tables (`analytics`, later `keys`, ...) up to date: each migration runs
 * once, in a transaction, under an advisory lock, so many processes starting at once migrate once.
 * A database migrated by a newer version of this package is refused rather than misread.
 */
export async function migrate(connection: PgConnection, component: string, migrations: readonly Migration[]): Promise<void> {
  const latest = Math.max(0, ...migrations.map((m) => m.version));
  await connection.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS llm_migrations (
      component text NOT NULL,
      version integer NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (component, version)
    )`);
    const applied = await client.query<{ version: number }>('SELECT version FROM llm_migrations WHERE component = $1', [component]);
    const done = new Set(applied.rows.map((r) => Number(r.version)));
    const newest = Math.max(0, ...done);
    if (newest > latest) {
      throw new LLMError({ code: 'configuration', message: `the database's ${component} tables are at version ${newest}, newer than this version of @llm/postgres knows (${latest}): upgrade @llm/postgres` });
    }
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO llm_migrations (component, version) VALUES ($1, $2)', [component, m.version]);
    }
  });
}
