import { LLMError } from '@llm/errors';
import type { ApiKeyRecord } from './api-key-record.js';
import type { ApiKeyStore } from './api-key-store.js';

/** Keys in this process's memory: the default store (keys from a config file, or made through an admin API, until restart). */
export class InMemoryApiKeyStore implements ApiKeyStore {
  private readonly byId = new Map<string, ApiKeyRecord>();
  private readonly byHash = new Map<string, ApiKeyRecord>();

  constructor(records: readonly ApiKeyRecord[] = []) {
    for (const record of records) this.insert(record);
  }

  private insert(record: ApiKeyRecord): void {
    if (this.byId.has(record.id)) throw new LLMError({ code: 'invalid_request', message: `a key with id "${record.id}" already exists` });
    if (this.byHash.has(record.hash)) throw new LLMError({ code: 'invalid_request', message: `key "${record.id}" has the same hash as key "${this.byHash.get(record.hash)!.id}"` });
    const copy = structuredClone(record);
    this.byId.set(copy.id, copy);
    this.byHash.set(copy.hash, copy);
  }

  async add(record: ApiKeyRecord): Promise<void> {
    this.insert(record);
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const record = this.byHash.get(hash);
    return record && structuredClone(record);
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const record = this.byId.get(id);
    return record && structuredClone(record);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return [...this.byId.values()].map((r) => structuredClone(r)).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  }

  async revoke(id: string, at: Date = new Date()): Promise<ApiKeyRecord | undefined> {
    const record = this.byId.get(id);
    if (!record) return undefined;
    record.revokedAt ??= at.toISOString();
    return structuredClone(record);
  }
}
