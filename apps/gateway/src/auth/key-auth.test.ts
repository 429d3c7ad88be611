import { hashApiKey, InMemoryApiKeyStore, issueApiKey, type ApiKeyRecord, type ApiKeyStore } from '@llm/core';
import { LLMError } from '@llm/errors';
import { describe, expect, it } from 'vitest';
import { KeyAuthenticator } from './key-auth.js';

/** An in-memory key store that counts its lookups. */
function countedStore(): { store: ApiKeyStore; lookups: () => number } {
  const inner = new InMemoryApiKeyStore();
  let lookups = 0;
  const store: ApiKeyStore = {
    add: (record) => inner.add(record),
    get: (id) => inner.get(id),
    list: () => inner.list(),
    revoke: (id, at) => inner.revoke(id, at),
    findByHash: (hash) => {
      lookups++;
      return inner.findByHash(hash);
    },
  };
  return { store, lookups: () => lookups };
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

async function refusal(auth: KeyAuthenticator, key: string): Promise<LLMError> {
  const error: unknown = await auth.authenticate(bearer(key)).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(LLMError);
  return error as LLMError;
}

describe('KeyAuthenticator with keys only this process changes (cacheTtlMs: Infinity)', () => {
  it('looks a key up once, not per request', async () => {
    const { store, lookups } = countedStore();
    const { key, record } = await issueApiKey(store, { id: 'team-a' });
    const auth = new KeyAuthenticator(store, { required: true, cacheTtlMs: Infinity });
    for (let i = 0; i < 5; i++) expect((await auth.authenticate(bearer(key))).key?.id).toBe(record.id);
    expect(lookups()).toBe(1);
  });

  it('a key revoked here (and forgotten) is refused at once', async () => {
    const { store } = countedStore();
    const { key } = await issueApiKey(store, { id: 'team-a' });
    const auth = new KeyAuthenticator(store, { required: true, cacheTtlMs: Infinity });
    await auth.authenticate(bearer(key));
    await store.revoke('team-a');
    auth.forget('team-a');
    const error = await refusal(auth, key);
    expect(error.code).toBe('authentication');
    expect(error.message).toContain('revoked');
  });

  it('an unknown key is not remembered: issued afterwards, it is let in', async () => {
    const { store, lookups } = countedStore();
    const key = 'llm_issued_later_0123456789abcdefghijklmnop';
    const auth = new KeyAuthenticator(store, { required: true, cacheTtlMs: Infinity });
    expect((await refusal(auth, key)).message).toContain('unknown API key');
    expect((await refusal(auth, key)).message).toContain('unknown API key');
    expect(lookups()).toBe(2);
    const record: ApiKeyRecord = { id: 'later', hash: hashApiKey(key), hint: 'llm_…mnop', createdAt: new Date().toISOString() };
    await store.add(record);
    expect((await auth.authenticate(bearer(key))).key?.id).toBe('later');
  });

  it('a remembered key that expires is refused when it does, without a lookup', async () => {
    const { store, lookups } = countedStore();
    let now = Date.parse('2026-01-01T00:00:00Z');
    const { key } = await issueApiKey(store, { id: 'short', expiresAt: '2026-01-01T01:00:00.000Z' }, new Date(now));
    const auth = new KeyAuthenticator(store, { required: true, cacheTtlMs: Infinity, now: () => now });
    await auth.authenticate(bearer(key));
    now += 2 * 3_600_000;
    expect((await refusal(auth, key)).message).toContain('expired');
    expect(lookups()).toBe(1);
  });

  it('with cacheTtlMs 0 every request looks the key up', async () => {
    const { store, lookups } = countedStore();
    const { key } = await issueApiKey(store, { id: 'team-a' });
    const auth = new KeyAuthenticator(store, { required: true, cacheTtlMs: 0 });
    for (let i = 0; i < 3; i++) await auth.authenticate(bearer(key));
    expect(lookups()).toBe(3);
  });
});
