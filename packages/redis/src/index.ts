export { createRedisStores, type RedisStores, type RedisStoresOptions } from './redis-stores.js';
export { RedisRateLimitStore, type RedisRateLimitStoreOptions } from './redis-rate-limit-store.js';
export { RedisCacheStore, type RedisCacheStoreOptions } from './redis-cache-store.js';
export { RedisBudgetStore, type RedisBudgetStoreOptions } from './redis-budget-store.js';
export { RedisCircuitBreakerStore, type RedisCircuitBreakerStoreOptions } from './redis-circuit-breaker-store.js';
export { RedisGuard, isRedisUnavailable, luaScript, runScript, type ConnectionErrorMode, type LuaScript, type RedisGuardOptions } from './redis-connection.js';
