import { describe, expect, it } from 'vitest';
import { hashApiKey } from './api-key.js';
import { apiKeyAllowsModel, apiKeyStatus, type ApiKeyRecord } from './api-key-record.js';
import { InMemoryApiKeyStore } from './api-key-memory-store.js';
import { issueApiKey, parseApiKeyRecord, verifyApiKey } from './api-key-issue.js';

const record = (id: string, key: string, extra: Partial<ApiKeyRecord> = {}): ApiKeyRecord =>
  parseApiKeyRecord({ id, hash: hashApiKey(key), createdAt: '2025-01-01T00:00:00.000Z', ...extra });

describe('InMemoryApiKeyStore', () => {
  it('issues a key whose plain text it never stores, and verifies it', async () => {
    const store = new InMemoryApiKeyStore();
    const { key, record: issued } = await issueApiKey(store, { name: 'team a', models: ['gpt-4o'], budget: { usd: 5 }, limits: { requestsPerMinute: 10 } });
    expect(issued.hash).toBe(hashApiKey(key));
    expect(issued.budget).toEqual({ usd: 5, period: 'month', window: 'calendar' });
    expect(JSON.stringify(await store.list())).not.toContain(key);
    const verified = await verifyApiKey(store, key);
    expect(verified).toEqual({ ok: true, record: issued });
    expect(await verifyApiKey(store, `${key}0`)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('says revoked and expired keys are so, and revoking twice keeps the first time', async () => {
    const store = new InMemoryApiKeyStore([record('a', 'key-a-0123456789'), record('b', 'key-b-0123456789', { expiresAt: '2025-06-01T00:00:00Z' })]);
    expect((await verifyApiKey(store, 'key-b-0123456789', Date.parse('2025-05-31T23:59:59Z'))).ok).toBe(true);
    expect(await verifyApiKey(store, 'key-b-0123456789', Date.parse('2025-06-01T00:00:00Z'))).toMatchObject({ ok: false, reason: 'expired' });
    const first = await store.revoke('a', new Date('2025-02-01T00:00:00Z'));
    await store.revoke('a', new Date('2025-03-01T00:00:00Z'));
    expect(first?.revokedAt).toBe('2025-02-01T00:00:00.000Z');
    expect((await store.get('a'))?.revokedAt).toBe('2025-02-01T00:00:00.000Z');
    expect(await verifyApiKey(store, 'key-a-0123456789')).toMatchObject({ ok: false, reason: 'revoked' });
    expect(await store.revoke('nope')).toBeUndefined();
  });

  it('refuses a duplicate id or hash, and hands out copies', async () => {
    const store = new InMemoryApiKeyStore([record('a', 'key-a-0123456789')]);
    await expect(store.add(record('a', 'other-key-0123456789'))).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('"a"') });
    await expect(store.add(record('c', 'key-a-0123456789'))).rejects.toMatchObject({ code: 'invalid_request' });
    const got = (await store.get('a'))!;
    got.models = ['changed'];
    expect((await store.get('a'))?.models).toBeUndefined();
    expect((await store.list()).map((r) => r.id)).toEqual(['a']);
  });

  it('lists oldest first', async () => {
    const store = new InMemoryApiKeyStore([
      record('late', 'key-late-0123456789', { createdAt: '2025-03-01T00:00:00+02:00' }),
      record('early', 'key-early-0123456789', { createdAt: '2025-03-01T00:00:00Z' }),
    ]);
    expect((await store.list()).map((r) => r.id)).toEqual(['late', 'early']);
  });
});

describe('key records', () => {
  it('name every bad field', () => {
    let error: unknown;
    try {
      parseApiKeyRecord({ id: 'bad id', hash: 'x', createdAt: 'yesterday', budget: { usd: -1 }, limits: { requestsPerMinute: 0 } });
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'invalid_request' });
    const fields = (error as { details: { fields: string[] } }).details.fields.join(' ');
    for (const f of ['id', 'hash', 'createdAt', 'budget.usd', 'limits.requestsPerMinute']) expect(fields).toContain(f);
  });

  it('allow models by name or prefix', () => {
    expect(apiKeyAllowsModel({}, 'anything')).toBe(true);
    expect(apiKeyAllowsModel({ models: ['gpt-4o', 'anthropic:*'] }, 'gpt-4o')).toBe(true);
    expect(apiKeyAllowsModel({ models: ['gpt-4o', 'anthropic:*'] }, 'gpt-4o-mini')).toBe(false);
    expect(apiKeyAllowsModel({ models: ['gpt-4o', 'anthropic:*'] }, 'anthropic:claude-haiku-4-5')).toBe(true);
    expect(apiKeyAllowsModel({ models: [] }, 'gpt-4o')).toBe(false);
  });

  it('have a status at a given time', () => {
    expect(apiKeyStatus({}, 0)).toBe('active');
    expect(apiKeyStatus({ revokedAt: '2025-01-01T00:00:00Z', expiresAt: '2024-01-01T00:00:00Z' }, Date.parse('2026-01-01T00:00:00Z'))).toBe('revoked');
    expect(apiKeyStatus({ revokedAt: '2025-01-01T00:00:00Z' }, Date.parse('2024-01-01T00:00:00Z'))).toBe('active');
  });
});
