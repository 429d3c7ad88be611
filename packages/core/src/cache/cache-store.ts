import type { ChatResponse } from '@llm/schema';

/** What the response cache keeps for one request: JSON-safe, so any store can hold it. */
export interface CachedReply {
  /** The reply as the caller got it (structured output is re-parsed from `text` on a hit). */
  response: ChatResponse<unknown>;
  /** The text deltas as they streamed, when a stream filled the cache: a hit replays them. */
  textDeltas?: string[];
}

/**
 * Where cached replies live: in memory (LRU, the default) or in Redis (@llm/redis), shared
 * between processes. Keys are the request hashes from `hashChatRequest`.
 */
export interface CacheStore {
  get(key: string): Promise<CachedReply | undefined>;
  set(key: string, value: CachedReply, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  clear(): Promise<void>;
}
