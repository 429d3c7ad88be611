import type { ApiKeyRecord } from './api-key-record.js';

/**
 * Where client keys live, by their hash (a store never sees a key). The in-memory store serves one
 * process; a database store (PostgreSQL, in @llm/postgres) shares keys between processes and keeps
 * them across restarts. Records come back as they went in: validate with `ApiKeyRecordSchema`
 * before `add`.
 */
export interface ApiKeyStore {
  /** Adds a record; fails with `invalid_request` when its id or its hash is already stored. */
  add(record: ApiKeyRecord): Promise<void>;
  /** The record with this hash (`sha256:<hex>`), revoked and expired ones included. */
  findByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  /** Every record, oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked at `at` (now by default); returns the record, or undefined for an unknown id. Revoking twice keeps the first time. */
  revoke(id: string, at?: Date): Promise<ApiKeyRecord | undefined>;
}
