import type { CacheStore, CachedReply } from './cache-store.js';

export interface InMemoryCacheStoreOptions {
  /** Entries kept; the least recently used go first. Default 1000. */
  maxEntries?: number;
  /** The clock, ms (tests). */
  now?: () => number;
}

/**
 * An LRU cache with per-entry expiry, for one process (a Map keeps insertion order: a hit moves
 * its entry to the back, eviction takes from the front). Values are copied in and out, so a
 * caller changing a response never changes the cache.
 */
export class InMemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, { value: CachedReply; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: InMemoryCacheStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 1000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<CachedReply | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return structuredClone(entry.value);
  }

  async set(key: string, value: CachedReply, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    if (ttlMs <= 0) return;
    this.entries.set(key, { value: structuredClone(value), expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async clear(): Promise<void> {
    this.entries.clear();
  }
}
