import { describeIssues } from '@llm/schema';
import { LLMError } from '@llm/errors';
import { apiKeyHint, generateApiKey, hashApiKey, hashesEqual, newApiKeyId } from './api-key.js';
import { ApiKeyRecordSchema, apiKeyStatus, type ApiKeyRecord, type ApiKeyRecordInput, type ApiKeyStatus } from './api-key-record.js';
import type { ApiKeyStore } from './api-key-store.js';

/** What a new key is made with: everything but the hash, which comes from the key made for it. */
export type NewApiKeyInput = Omit<ApiKeyRecordInput, 'id' | 'hash' | 'hint' | 'createdAt' | 'revokedAt'> & { id?: string };

/** A key just made: `key` is shown to its owner this once; the store keeps only `record`. */
export interface IssuedApiKey {
  key: string;
  record: ApiKeyRecord;
}

/** Validates a record (an `invalid_request` LLMError names every bad field). */
export function parseApiKeyRecord(input: unknown, what = 'key record'): ApiKeyRecord {
  const parsed = ApiKeyRecordSchema.safeParse(input);
  if (!parsed.success) {
    const fields = describeIssues(parsed.error.issues);
    throw new LLMError({ code: 'invalid_request', message: `invalid ${what}: ${fields.join('; ')}`, details: { fields } });
  }
  return parsed.data;
}

/** Makes a random key, stores its hash with the given limits, and returns the key (once) with its record. */
export async function issueApiKey(store: ApiKeyStore, input: NewApiKeyInput = {}, now: Date = new Date()): Promise<IssuedApiKey> {
  const key = generateApiKey();
  const { id, ...rest } = input;
  const record = parseApiKeyRecord({ ...rest, id: id ?? newApiKeyId(), hash: hashApiKey(key), hint: apiKeyHint(key), createdAt: now.toISOString() }, 'key');
  await store.add(record);
  return { key, record };
}

export type ApiKeyVerification = { ok: true; record: ApiKeyRecord } | { ok: false; reason: 'unknown' | Exclude<ApiKeyStatus, 'active'>; record?: ApiKeyRecord };

/**
 * Checks a presented key: its hash is looked up, compared with the stored hash in constant time,
 * and the key must be neither revoked nor expired at `now`.
 */
export async function verifyApiKey(store: ApiKeyStore, presented: string, now: number = Date.now()): Promise<ApiKeyVerification> {
  const hash = hashApiKey(presented);
  const record = await store.findByHash(hash);
  if (!record || !hashesEqual(hash, record.hash)) return { ok: false, reason: 'unknown' };
  const status = apiKeyStatus(record, now);
  return status === 'active' ? { ok: true, record } : { ok: false, reason: status, record };
}
