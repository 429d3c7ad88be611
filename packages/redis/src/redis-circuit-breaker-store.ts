import { InMemoryCircuitBreakerStore, type CircuitBreakerStore, type CircuitSnapshot, type CircuitState } from '@llm/core';
import type { Redis } from 'ioredis';
import { luaScript, runScript, type RedisGuard } from './redis-connection.js';

/**
 * One circuit is a hash: `state`, `openedAt`, `probeUntil`, and per window bucket `c:<start>` /
 * `f:<start>` (calls, failures). Ten buckets per window, as in the in-memory store.
 * KEYS[1] the hash. The scripts take `now` from the breaker (its clock, passed in).
 */
const PRELUDE = `
local function snapshot(now, windowMs)
  local size = math.max(1, windowMs / 10)
  local from = now - windowMs
  local all = redis.call('HGETALL', KEYS[1])
  local state, openedAt, calls, failures = 'closed', false, 0, 0
  for i = 1, #all, 2 do
    local field, value = all[i], all[i + 1]
    if field == 'state' then state = value
    elseif field == 'openedAt' then openedAt = value
    else
      local kind, start = string.sub(field, 1, 1), tonumber(string.sub(field, 3))
      if (kind == 'c' or kind == 'f') and start then
        if start + size <= from then redis.call('HDEL', KEYS[1], field)
        elseif kind == 'c' then calls = calls + tonumber(value)
        else failures = failures + tonumber(value) end
      end
    end
  end
  return {state, openedAt, calls, failures}
end
local function clearBuckets()
  local fields = redis.call('HKEYS', KEYS[1])
  for _, field in ipairs(fields) do
    local kind = string.sub(field, 1, 2)
    if kind == 'c:' or kind == 'f:' then redis.call('HDEL', KEYS[1], field) end
  end
end
`;

/** ARGV: now, windowMs. */
const GET = luaScript('cb-get', `${PRELUDE}\nreturn snapshot(tonumber(ARGV[1]), tonumber(ARGV[2]))`);

/**
 * ARGV: now, windowMs, failed ('1'/'0'), ttlMs, read ('1': return the snapshot after counting; '0':
 * nothing, for a success, whose old buckets go at the next read).
 */
const RECORD = luaScript(
  'cb-record',
  `${PRELUDE}
local now, windowMs = tonumber(ARGV[1]), tonumber(ARGV[2])
local size = math.max(1, windowMs / 10)
local start = math.floor(now / size) * size
redis.call('HINCRBY', KEYS[1], 'c:' .. start, 1)
if ARGV[3] == '1' then redis.call('HINCRBY', KEYS[1], 'f:' .. start, 1) end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
if ARGV[5] == '0' then return 1 end
return snapshot(now, windowMs)
`,
);

/** ARGV: from, to, now, ttlMs. Returns 1 when it moved. */
const TRANSITION = luaScript(
  'cb-transition',
  `${PRELUDE}
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2])
redis.call('HDEL', KEYS[1], 'probeUntil')
if ARGV[2] == 'open' then redis.call('HSET', KEYS[1], 'openedAt', ARGV[3]) end
if ARGV[2] == 'closed' then
  redis.call('HDEL', KEYS[1], 'openedAt')
  clearBuckets()
end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
return 1
`,
);

/** ARGV: now, ttlMs (probe). Returns 1 for the one caller that gets the probe. */
const ACQUIRE_PROBE = luaScript(
  'cb-probe',
  `
local state = redis.call('HGET', KEYS[1], 'state') or 'closed'
if state ~= 'half_open' then return 0 end
local now = tonumber(ARGV[1])
local probeUntil = tonumber(redis.call('HGET', KEYS[1], 'probeUntil') or '0')
if probeUntil > now then return 0 end
redis.call('HSET', KEYS[1], 'probeUntil', now + tonumber(ARGV[2]))
return 1
`,
);

export interface RedisCircuitBreakerStoreOptions {
  keyPrefix?: string;
  guard: RedisGuard;
  /** How long an idle circuit's state is kept (default one day): Redis forgets circuits nobody uses. */
  stateTtlMs?: number;
}

function toSnapshot(reply: unknown): CircuitSnapshot {
  const [state, openedAt, calls, failures] = reply as [string, string | null, number, number];
  return {
    state: state as CircuitState,
    openedAt: openedAt === null || openedAt === undefined ? undefined : Number(openedAt),
    calls: Number(calls),
    failures: Number(failures),
  };
}

/** Circuit state in Redis: every process sees the same circuit open, half-open and closed. */
export class RedisCircuitBreakerStore implements CircuitBreakerStore {
  private readonly prefix: string;
  private readonly guard: RedisGuard;
  private readonly ttlMs: number;
  private readonly local = new InMemoryCircuitBreakerStore();

  constructor(
    private readonly client: Redis,
    options: RedisCircuitBreakerStoreOptions,
  ) {
    this.prefix = `${options.keyPrefix ?? 'llm:'}cb:`;
    this.guard = options.guard;
    this.ttlMs = options.stateTtlMs ?? 86_400_000;
  }

  private key(key: string): string[] {
    return [`${this.prefix}{${key}}`];
  }

  get(key: string, now: number, windowMs: number): Promise<CircuitSnapshot> {
    return this.guard.run(
      'circuit breaker store',
      async () => toSnapshot(await runScript(this.client, GET, this.key(key), [now, windowMs])),
      () => this.local.get(key, now, windowMs),
    );
  }

  record(key: string, failed: boolean, now: number, windowMs: number): Promise<CircuitSnapshot> {
    return this.guard.run(
      'circuit breaker store',
      async () => toSnapshot(await runScript(this.client, RECORD, this.key(key), [now, windowMs, failed ? '1' : '0', this.entryTtl(windowMs), '1'])),
      () => this.local.record(key, failed, now, windowMs),
    );
  }

  /** One round trip that counts the success and reads nothing back. */
  recordSuccess(key: string, now: number, windowMs: number): Promise<void> {
    return this.guard.run(
      'circuit breaker store',
      async () => void (await runScript(this.client, RECORD, this.key(key), [now, windowMs, '0', this.entryTtl(windowMs), '0'])),
      async () => this.local.recordSuccess(key, now, windowMs),
    );
  }

  /** How long a circuit's hash lives after a count: the state TTL, and at least two windows. */
  private entryTtl(windowMs: number): number {
    return Math.max(this.ttlMs, windowMs * 2);
  }

  transition(key: string, from: CircuitState, to: CircuitState, now: number): Promise<boolean> {
    return this.guard.run(
      'circuit breaker store',
      async () => (await runScript(this.client, TRANSITION, this.key(key), [from, to, now, this.ttlMs])) === 1,
      () => this.local.transition(key, from, to, now),
    );
  }

  acquireProbe(key: string, now: number, ttlMs: number): Promise<boolean> {
    return this.guard.run(
      'circuit breaker store',
      async () => (await runScript(this.client, ACQUIRE_PROBE, this.key(key), [now, ttlMs])) === 1,
      () => this.local.acquireProbe(key, now, ttlMs),
    );
  }

  releaseProbe(key: string): Promise<void> {
    return this.guard.run(
      'circuit breaker store',
      async () => void (await this.client.hdel(this.key(key)[0]!, 'probeUntil')),
      () => this.local.releaseProbe(key),
    );
  }

  reset(key?: string): Promise<void> {
    return this.guard.run(
      'circuit breaker store',
      async () => {
        if (key !== undefined) {
          await this.client.del(this.key(key)[0]!);
          return;
        }
        let cursor = '0';
        do {
          const [next, keys] = await this.client.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 500);
          cursor = next;
          if (keys.length > 0) await this.client.del(...keys);
        } while (cursor !== '0');
      },
      () => this.local.reset(key),
    );
  }
}
