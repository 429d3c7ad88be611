import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startPostgresServer, type PostgresServer } from '@llm/mocks';

/** A real PostgreSQL server for one suite, and a fresh database per test on it. */
export interface PostgresDatabases {
  /** Creates the database `name` and returns its URL. */
  fresh(name: string): Promise<string>;
  /** A pool on the server's `postgres` database, for looking at the server from outside the stores. */
  readonly admin: pg.Pool;
}

/** Registers the hooks of the current suite: starts a server (initdb in a temp dir, a free port) before, stops it after. */
export function usePostgresDatabases(): PostgresDatabases {
  let server: PostgresServer | undefined;
  let admin: pg.Pool | undefined;
  beforeAll(async () => {
    server = await startPostgresServer();
    admin = new pg.Pool({ connectionString: server.url, max: 2 });
  }, 120_000);
  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  });
  const started = () => {
    if (!server || !admin) throw new Error('the PostgreSQL server is not started yet: use it inside a test');
    return { server, admin };
  };
  return {
    async fresh(name) {
      const { server: s, admin: a } = started();
      await a.query(`CREATE DATABASE ${name}`);
      return s.url.replace(/\/postgres$/, `/${name}`);
    },
    get admin() {
      return started().admin;
    },
  };
}
