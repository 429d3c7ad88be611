import { hashApiKey, issueApiKey, parseApiKeyRecord, verifyApiKey, type ApiKeyRecord } from '@llm/core';
import pg from 'pg';
import { expect, it } from 'vitest';
import { describePostgres } from '@llm/mocks/conformance';
import { usePostgresDatabases } from '../test/postgres-databases.js';
import { connectPostgres, createPostgresApiKeyStore } from './index.js';

const record = (id: string, key: string, extra: Partial<ApiKeyRecord> = {}): ApiKeyRecord =>
  parseApiKeyRecord({ id, hash: hashApiKey(key), createdAt: '2025-01-01T00:00:00.000Z', ...extra });

describePostgres('PostgresApiKeyStore (real PostgreSQL server)', () => {
  const databases = usePostgresDatabases();
  const { fresh } = databases;

  it('issues, finds, lists and revokes keys, keeping only their hashes, and a new store (a restart) sees them all', async () => {
    const url = await fresh('keys_roundtrip');
    const store = await createPostgresApiKeyStore({ connectionString: url });
    const { key, record: issued } = await issueApiKey(store, { name: 'team a', models: ['gpt-4o'], budget: { usd: 5 }, limits: { requestsPerMinute: 10 }, metadata: { team: 'a' } });
    await store.add(record('b', 'key-b-0123456789', { createdAt: '2030-01-01T00:00:00.000Z', expiresAt: '2031-01-01T00:00:00.000Z' }));
    expect(await verifyApiKey(store, key)).toEqual({ ok: true, record: issued });
    expect(await verifyApiKey(store, `${key}0`)).toEqual({ ok: false, reason: 'unknown' });
    const raw = new pg.Pool({ connectionString: url, max: 1 });
    try {
      const dump = (await raw.query<{ row: string }>('SELECT row_to_json(k)::text AS row FROM llm_api_keys k')).rows.map((r) => r.row).join('\n');
      expect(dump).toContain(issued.hash);
      expect(dump).not.toContain(key);
    } finally {
      await raw.end();
    }

    const first = await store.revoke(issued.id, new Date('2026-02-01T00:00:00Z'));
    await store.revoke(issued.id, new Date('2026-03-01T00:00:00Z'));
    expect(first?.revokedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(await store.revoke('nope')).toBeUndefined();
    await store.close();

    const restarted = await createPostgresApiKeyStore({ connectionString: url });
    try {
      expect((await restarted.list()).map((r) => r.id)).toEqual([issued.id, 'b']);
      expect(await restarted.get(issued.id)).toEqual({ ...issued, revokedAt: '2026-02-01T00:00:00.000Z' });
      expect(await verifyApiKey(restarted, key)).toMatchObject({ ok: false, reason: 'revoked' });
      expect(await restarted.findByHash(hashApiKey('key-b-0123456789'))).toEqual(record('b', 'key-b-0123456789', { createdAt: '2030-01-01T00:00:00.000Z', expiresAt: '2031-01-01T00:00:00.000Z' }));
    } finally {
      await restarted.close();
    }
  }, 60_000);

  it('refuses a duplicate id or hash by name, also from another process’s store, and a record that is not one', async () => {
    const url = await fresh('keys_duplicates');
    const connection = connectPostgres({ connectionString: url });
    const [one, two] = await Promise.all([createPostgresApiKeyStore({ connection }), createPostgresApiKeyStore({ connectionString: url })]);
    try {
      await one.add(record('a', 'key-a-0123456789'));
      await expect(two.add(record('a', 'other-key-0123456789'))).rejects.toMatchObject({ code: 'invalid_request', message: 'a key with id "a" already exists' });
      await expect(two.add(record('c', 'key-a-0123456789'))).rejects.toMatchObject({ code: 'invalid_request', message: 'key "c" has the same hash as key "a"' });
      await expect(two.add({ ...record('d', 'key-d-0123456789'), hash: 'md5:nope' })).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('hash') });
      expect((await two.list()).map((r) => r.id)).toEqual(['a']);
    } finally {
      await one.close();
      await two.close();
      // The shared connection is its owner's to close.
      expect(connection.pool.ending).toBe(false);
      await connection.close();
    }
  }, 60_000);

  it('says which operation failed when the server is gone, without the password', async () => {
    const url = await fresh('keys_down');
    const withPassword = url.replace('postgres@', 'postgres:s3cret-pw@');
    const store = await createPostgresApiKeyStore({ connectionString: withPassword });
    await store.close();
    const closed = await createPostgresApiKeyStore({ connectionString: withPassword.replace(/:(\d+)\//, ':1/') }).catch((e: unknown) => e);
    expect(closed).toMatchObject({ code: 'network', message: expect.stringContaining('PostgreSQL: preparing the key table failed') });
    expect(JSON.stringify(closed)).not.toContain('s3cret-pw');
  }, 60_000);
});
