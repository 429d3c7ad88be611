import { InMemoryCacheStore, type CacheStore, type CachedReply } from '@llm/core';
import type { Redis } from 'ioredis';
import { luaScript, runScript, type RedisGuard } from './redis-connection.js';

/**
 * SET the entry with its TTL, note it in the recency index (scored by a counter, so order never
 * depends on clocks or ties), and evict the least recently used beyond the bound. The index and
 * the counter live as long as the longest-lived entry: an idle cache leaves no key behind.
 * KEYS: entry, index, counter. ARGV: json, ttlMs, key, maxEntries, entry-key prefix.
 */
const SET_ENTRY = luaScript(
  'cache-set',
  `
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[3])
for i = 2, 3 do
  local left = redis.call('PTTL', KEYS[i])
  if left == -1 or left < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if over > 0 then
  local oldest = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #oldest, 2 do redis.call('DEL', ARGV[5] .. oldest[i]) end
end
return 1
`,
);

/**
 * GET an entry and mark it most recently used. The index and counter outlive every entry (see
 * SET_ENTRY); a counter INCR would make anew is given the entry's TTL. KEYS: entry, index, counter. ARGV: key.
 */
const GET_ENTRY = luaScript(
  'cache-get',
  `
local value = redis.call('GET', KEYS[1])
if value then
  redis.call('ZADD', KEYS[2], 'XX', redis.call('INCR', KEYS[3]), ARGV[1])
  if redis.call('PTTL', KEYS[3]) == -1 then redis.call('PEXPIRE', KEYS[3], math.max(1, redis.call('PTTL', KEYS[1]))) end
end
return value
`,
);

export interface RedisCacheStoreOptions {
  keyPrefix?: string;
  /** Entries kept; the least recently used go first. Default 10 000. */
  maxEntries?: number;
  guard: RedisGuard;
}

/**
 * The response cache in Redis: one string per entry (JSON, expiring with its TTL) and a sorted set
 * of keys by last use that bounds the count (LRU).
 */
export class RedisCacheStore implements CacheStore {
  private readonly prefix: string;
  private readonly index: string;
  private readonly counter: string;
  private readonly maxEntries: number;
  private readonly guard: RedisGuard;
  private readonly local: InMemoryCacheStore;

  constructor(
    private readonly client: Redis,
    options: RedisCacheStoreOptions,
  ) {
    this.prefix = `${options.keyPrefix ?? 'llm:'}cache:`;
    this.index = `${options.keyPrefix ?? 'llm:'}cache-index`;
    this.counter = `${options.keyPrefix ?? 'llm:'}cache-seq`;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.guard = options.guard;
    this.local = new InMemoryCacheStore({ maxEntries: Math.min(this.maxEntries, 1000) });
  }

  async get(key: string): Promise<CachedReply | undefined> {
    return this.guard.run(
      'response cache',
      async () => {
        const text = (await runScript(this.client, GET_ENTRY, [this.prefix + key, this.index, this.counter], [key])) as string | null;
        return text === null ? undefined : (JSON.parse(text) as CachedReply);
      },
      () => this.local.get(key),
    );
  }

  async set(key: string, value: CachedReply, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    await this.guard.run(
      'response cache',
      async () =>
        void (await runScript(this.client, SET_ENTRY, [this.prefix + key, this.index, this.counter], [JSON.stringify(value), Math.ceil(ttlMs), key, this.maxEntries, this.prefix])),
      () => this.local.set(key, value, ttlMs),
    );
  }

  async delete(key: string): Promise<void> {
    await this.guard.run(
      'response cache',
      async () => void (await this.client.multi().del(this.prefix + key).zrem(this.index, key).exec()),
      () => this.local.delete(key),
    );
  }

  async clear(): Promise<void> {
    await this.guard.run(
      'response cache',
      async () => {
        for (;;) {
          const keys = await this.client.zrange(this.index, 0, 499);
          if (keys.length === 0) break;
          await this.client.multi().del(...keys.map((k) => this.prefix + k)).zrem(this.index, ...keys).exec();
        }
      },
      () => this.local.clear(),
    );
  }
}
