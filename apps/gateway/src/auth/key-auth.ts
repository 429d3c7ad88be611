import type { IncomingHttpHeaders } from 'node:http';
import { apiKeyStatus, hashApiKey, verifyApiKey, type ApiKeyRecord, type ApiKeyStore } from '@llm/core';
import { gatewayError } from '../http/gateway-error.js';

/** Who is calling: a key's record, or nobody (a loopback gateway with no keys configured). */
export interface Principal {
  key: ApiKeyRecord | undefined;
}

const ANONYMOUS: Principal = Object.freeze({ key: undefined });

/** The key a client sent: `Authorization: Bearer KEY` (OpenAI's SDK) or `x-api-key: KEY` (Anthropic's). */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (m) return m[1]!.trim();
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.trim() !== '' ? apiKey.trim() : undefined;
}

export interface KeyAuthOptions {
  /** When false (loopback, no keys configured) calls without a known key are let through anonymously. */
  required: boolean;
  /**
   * How long a looked-up key is remembered (a database round trip per request otherwise). 0: always
   * look up. `Infinity`, for a store only this process changes: a found key is remembered until it
   * is revoked here (`forget`), an unknown one is not remembered (it may be issued next).
   */
  cacheTtlMs: number;
  /** Most keys remembered. */
  cacheSize?: number;
  now?: () => number;
}

interface Cached {
  record: ApiKeyRecord | undefined;
  until: number;
}

/**
 * Checks the client's key against the key store: its hash is looked up and compared in constant
 * time; unknown, revoked and expired keys get 401. Lookups are remembered (a revocation on another
 * replica takes effect within `cacheTtlMs`; on this one, at once); a key's expiry is checked on
 * every request.
 */
export class KeyAuthenticator {
  private readonly cache = new Map<string, Cached>();
  private readonly now: () => number;
  private readonly cacheSize: number;

  constructor(
    private readonly store: ApiKeyStore,
    private readonly options: KeyAuthOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.cacheSize = options.cacheSize ?? 10_000;
  }

  get required(): boolean {
    return this.options.required;
  }

  async authenticate(headers: IncomingHttpHeaders): Promise<Principal> {
    const key = presentedKey(headers);
    if (key === undefined) {
      if (!this.options.required) return ANONYMOUS;
      throw gatewayError('authentication', 'no API key: send it as `Authorization: Bearer KEY` or `x-api-key: KEY`');
    }
    const record = await this.lookUp(key);
    if (record === undefined) {
      if (!this.options.required) return ANONYMOUS;
      throw gatewayError('authentication', 'unknown API key');
    }
    const status = apiKeyStatus(record, this.now());
    if (status !== 'active') throw gatewayError('authentication', `API key ${record.id} is ${status}`);
    return { key: record };
  }

  private async lookUp(key: string): Promise<ApiKeyRecord | undefined> {
    if (this.options.cacheTtlMs <= 0) return this.verify(key);
    const hash = hashApiKey(key);
    const now = this.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.record;
    const record = await this.verify(key);
    if (record === undefined && this.options.cacheTtlMs === Infinity) return record;
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(hash, { record, until: now + this.options.cacheTtlMs });
    return record;
  }

  private async verify(key: string): Promise<ApiKeyRecord | undefined> {
    const result = await verifyApiKey(this.store, key, this.now());
    return result.record;
  }

  /** Forgets what was remembered of a key (after revoking it here). */
  forget(id: string): void {
    for (const [hash, cached] of this.cache) if (cached.record?.id === id) this.cache.delete(hash);
  }
}
