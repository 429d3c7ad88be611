import { LLMError } from '@llm/errors';
import { Redis, type RedisOptions } from 'ioredis';
import { RedisBudgetStore } from './redis-budget-store.js';
import { RedisCacheStore } from './redis-cache-store.js';
import { RedisCircuitBreakerStore } from './redis-circuit-breaker-store.js';
import { RedisGuard, type ConnectionErrorMode } from './redis-connection.js';
import { RedisRateLimitStore } from './redis-rate-limit-store.js';

export interface RedisStoresOptions {
  /** An ioredis client you own (you also close it)... */
  client?: Redis;
  /** ...or a URL (`redis://user:pass@host:6379/0`): the stores make, own and close the client. */
  url?: string;
  /** Extra ioredis options for a client made from `url`. */
  redisOptions?: RedisOptions;
  /** Prefix of every key written (default `llm:`): lets several apps share one Redis. */
  keyPrefix?: string;
  /**
   * When Redis cannot be reached: `fail` (default) fails the call with a `network` LLMError naming
   * Redis; `fallback-local` carries on with this process's own in-memory limits, cache and budgets.
   */
  onConnectionError?: ConnectionErrorMode;
  /** Longest a Redis operation may take before it counts as a failure (default 2000 ms). */
  operationTimeoutMs?: number;
  /** Told when `fallback-local` starts using local state. */
  onFallback?: (error: LLMError) => void;
  /** Response cache entries kept (LRU beyond that; default 10 000). */
  cacheMaxEntries?: number;
}

/** The Redis-backed stores, behind the same interfaces as core's in-memory ones. */
export interface RedisStores {
  readonly client: Redis;
  readonly rateLimit: RedisRateLimitStore;
  readonly cache: RedisCacheStore;
  readonly budget: RedisBudgetStore;
  readonly circuitBreaker: RedisCircuitBreakerStore;
  /** Closes the client if the stores made it from `url`; a client you passed stays open. */
  close(): Promise<void>;
}

/**
 * Builds every Redis store on one client:
 * `createRedisStores({ url: process.env.REDIS_URL, keyPrefix: 'myapp:', onConnectionError: 'fallback-local' })`.
 */
export function createRedisStores(options: RedisStoresOptions): RedisStores {
  if (!options.client && !options.url) {
    throw new LLMError({ code: 'configuration', message: 'createRedisStores needs a `client` (an ioredis Redis) or a `url`' });
  }
  const mode = options.onConnectionError ?? 'fail';
  if (mode !== 'fail' && mode !== 'fallback-local') {
    throw new LLMError({ code: 'configuration', message: `onConnectionError must be 'fail' or 'fallback-local', got ${JSON.stringify(mode)}` });
  }
  const owned = !options.client;
  const client =
    options.client ??
    new Redis(options.url!, {
      // Fail fast rather than queue commands for a server that is gone; the guard decides what a failure means.
      maxRetriesPerRequest: 1,
      ...options.redisOptions,
    });
  if (owned) {
    // ioredis reports connection errors as events; without a listener Node would print them as unhandled.
    client.on('error', () => {});
  }
  const guard = new RedisGuard(client, {
    mode,
    ...(options.operationTimeoutMs !== undefined ? { operationTimeoutMs: options.operationTimeoutMs } : {}),
    ...(options.onFallback ? { onFallback: options.onFallback } : {}),
  });
  const keyPrefix = options.keyPrefix ?? 'llm:';
  return {
    client,
    rateLimit: new RedisRateLimitStore(client, { keyPrefix, guard }),
    cache: new RedisCacheStore(client, { keyPrefix, guard, ...(options.cacheMaxEntries !== undefined ? { maxEntries: options.cacheMaxEntries } : {}) }),
    budget: new RedisBudgetStore(client, { keyPrefix, guard }),
    circuitBreaker: new RedisCircuitBreakerStore(client, { keyPrefix, guard }),
    close: async () => {
      if (!owned) return;
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
