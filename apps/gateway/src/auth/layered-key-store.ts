import { LLMError } from '@llm/errors';
import type { ApiKeyRecord, ApiKeyStore } from '@llm/core';

/**
 * The keys of the config file (fixed, read-only) over the keys issued through the admin API (in
 * the dynamic store: memory, or a database shared by replicas). Lookups try the file's first.
 */
export class LayeredApiKeyStore implements ApiKeyStore {
  constructor(
    private readonly fixed: ApiKeyStore,
    private readonly dynamic: ApiKeyStore,
  ) {}

  async add(record: ApiKeyRecord): Promise<void> {
    if (await this.fixed.get(record.id)) throw new LLMError({ code: 'invalid_request', message: `a key with id "${record.id}" already exists (in the config file)` });
    await this.dynamic.add(record);
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    return (await this.fixed.findByHash(hash)) ?? this.dynamic.findByHash(hash);
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    return (await this.fixed.get(id)) ?? this.dynamic.get(id);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return [...(await this.fixed.list()), ...(await this.dynamic.list())];
  }

  /** Keys of the config file are revoked by removing them from the file: refused here. */
  async revoke(id: string, at?: Date): Promise<ApiKeyRecord | undefined> {
    if (await this.fixed.get(id)) {
      throw new LLMError({ code: 'invalid_request', message: `key "${id}" is defined in the config file: remove it there (and restart) to revoke it` });
    }
    return this.dynamic.revoke(id, at);
  }

  /** Whether the key comes from the config file. */
  async isFixed(id: string): Promise<boolean> {
    return (await this.fixed.get(id)) !== undefined;
  }
}
