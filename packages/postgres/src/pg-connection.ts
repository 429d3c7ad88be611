import { LLMError, redactSecrets } from '@llm/errors';
import pg from 'pg';

export interface PgConnectionOptions {
  /** A pool you own (and close); or give `connectionString`. */
  pool?: pg.Pool;
  /** `postgres://user:password@host:5432/db`: the store makes, and closes, its own pool. */
  connectionString?: string;
  /** Extra options for a pool made from `connectionString` (default `max: 10`). */
  poolOptions?: Omit<pg.PoolConfig, 'connectionString'>;
}

/** One pool shared by the stores of this package (analytics now; keys and spend beside it). */
export interface PgConnection {
  readonly pool: pg.Pool;
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** Ends the pool if this connection made it. */
  close(): Promise<void>;
}

/** SQLSTATEs after which a transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);

export function isRetryableTransactionError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && RETRYABLE.has(String((err as { code?: unknown }).code));
}

/** A database failure as an LLMError: the message names what failed, with any password masked. */
export function postgresError(err: unknown, what: string): LLMError {
  if (LLMError.is(err)) return err;
  const message = redactSecrets(err instanceof Error ? err.message : String(err));
  const code = (err as { code?: unknown } | null)?.code;
  const network = typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|57P01|08\w\w\w)$/.test(code);
  return new LLMError({ code: network ? 'network' : 'provider_error', message: `PostgreSQL: ${what} failed: ${message}`, retryable: network });
}

export function connectPostgres(options: PgConnectionOptions): PgConnection {
  if (!options.pool && !options.connectionString) {
    throw new LLMError({ code: 'configuration', message: 'a PostgreSQL store needs a pool or a connectionString' });
  }
  const owned = !options.pool;
  const pool = options.pool ?? new pg.Pool({ max: 10, ...options.poolOptions, connectionString: options.connectionString });
  // An idle client's error (the server restarted) must not crash the process: the pool drops it.
  if (owned) pool.on('error', () => undefined);
  let closed = false;
  return {
    pool,
    async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn(client);
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (attempt < 5 && isRetryableTransactionError(err)) continue;
          throw err;
        } finally {
          client.release();
        }
      }
    },
    async close() {
      if (closed || !owned) return;
      closed = true;
      await pool.end();
    },
  };
}
