import { ApiKeyRecordSchema, type ApiKeyRecord, type ApiKeyStore } from '@llm/core';
import { LLMError } from '@llm/errors';
import { connectPostgres, postgresError, type PgConnection, type PgConnectionOptions } from './pg-connection.js';
import { migrate, type Migration } from './pg-migrations.js';

/** The client-key table (component `keys`): the record as `jsonb` beside the columns it is found by. */
export const API_KEY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `CREATE TABLE llm_api_keys (
      id text PRIMARY KEY,
      hash text NOT NULL,
      created_at timestamptz NOT NULL,
      revoked_at timestamptz,
      record jsonb NOT NULL,
      CONSTRAINT llm_api_keys_hash_key UNIQUE (hash)
    )`,
  },
];

export interface PostgresApiKeyStoreOptions extends PgConnectionOptions {
  /** A connection shared with other stores of this package (closed by its owner, not by this store). */
  connection?: PgConnection;
}

interface Row {
  record: Omit<ApiKeyRecord, 'revokedAt'>;
  revoked_at: Date | null;
}

/** A row as the record it stores: revocation comes from its column (the one place it is written). */
function toRecord(row: Row): ApiKeyRecord {
  const { revokedAt: _stale, ...rest } = row.record as ApiKeyRecord;
  return row.revoked_at ? { ...rest, revokedAt: row.revoked_at.toISOString() } : rest;
}

/**
 * Client keys in PostgreSQL: shared by every gateway replica and kept across restarts. Like every
 * key store it holds only hashes. `add` refuses a duplicate id or hash with `invalid_request`;
 * revoking twice keeps the first time (one `UPDATE ... WHERE revoked_at IS NULL`).
 */
export class PostgresApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly connection: PgConnection,
    private readonly ownsConnection: boolean,
  ) {}

  async add(record: ApiKeyRecord): Promise<void> {
    const parsed = ApiKeyRecordSchema.safeParse(record);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      throw new LLMError({ code: 'invalid_request', message: `not a key record: ${fields.join('; ')}`, details: { fields }, local: true });
    }
    const { revokedAt, ...rest } = parsed.data;
    try {
      await this.connection.pool.query('INSERT INTO llm_api_keys (id, hash, created_at, revoked_at, record) VALUES ($1, $2, $3, $4, $5)', [
        rest.id,
        rest.hash,
        rest.createdAt,
        revokedAt ?? null,
        JSON.stringify(rest),
      ]);
    } catch (err) {
      if ((err as { code?: unknown }).code === '23505') {
        const sameHash = (err as { constraint?: unknown }).constraint === 'llm_api_keys_hash_key';
        const other = sameHash ? (await this.connection.pool.query<{ id: string }>('SELECT id FROM llm_api_keys WHERE hash = $1', [rest.hash])).rows[0]?.id : undefined;
        throw new LLMError({
          code: 'invalid_request',
          message: sameHash ? `key "${rest.id}" has the same hash as key "${other ?? '?'}"` : `a key with id "${rest.id}" already exists`,
          local: true,
        });
      }
      throw postgresError(err, 'adding a key');
    }
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    return this.one('finding a key', 'SELECT record, revoked_at FROM llm_api_keys WHERE hash = $1', [hash]);
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    return this.one('reading a key', 'SELECT record, revoked_at FROM llm_api_keys WHERE id = $1', [id]);
  }

  async list(): Promise<ApiKeyRecord[]> {
    try {
      const { rows } = await this.connection.pool.query<Row>('SELECT record, revoked_at FROM llm_api_keys ORDER BY created_at, id');
      return rows.map(toRecord);
    } catch (err) {
      throw postgresError(err, 'listing keys');
    }
  }

  async revoke(id: string, at: Date = new Date()): Promise<ApiKeyRecord | undefined> {
    try {
      await this.connection.pool.query('UPDATE llm_api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, at.toISOString()]);
    } catch (err) {
      throw postgresError(err, 'revoking a key');
    }
    return this.get(id);
  }

  /** Closes the pool if this store made it. */
  async close(): Promise<void> {
    if (this.ownsConnection) await this.connection.close();
  }

  private async one(what: string, sql: string, params: unknown[]): Promise<ApiKeyRecord | undefined> {
    try {
      const { rows } = await this.connection.pool.query<Row>(sql, params);
      return rows[0] ? toRecord(rows[0]) : undefined;
    } catch (err) {
      throw postgresError(err, what);
    }
  }
}

/** Connects (or uses `connection`), brings the key table up to date, and returns the store. */
export async function createPostgresApiKeyStore(options: PostgresApiKeyStoreOptions): Promise<PostgresApiKeyStore> {
  const connection = options.connection ?? connectPostgres(options);
  try {
    await migrate(connection, 'keys', API_KEY_MIGRATIONS);
  } catch (err) {
    if (!options.connection) await connection.close();
    throw postgresError(err, 'preparing the key table');
  }
  return new PostgresApiKeyStore(connection, !options.connection);
}
