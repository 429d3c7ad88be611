import {
  InMemoryBudgetStore,
  SETTLE_GRACE_MS,
  budgetKeyOfReservation,
  newBudgetReservationId,
  type BudgetReserveResult,
  type BudgetStore,
  type BudgetUsage,
} from '@llm/core';
import type { Redis } from 'ioredis';
import { luaScript, runScript, type RedisGuard } from './redis-connection.js';

/** Counts live reservations (dropping those long lapsed) and the settled spend. Shared by the scripts. */
const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local grace = tonumber(ARGV[#ARGV])
local function reserved()
  local total = 0
  local all = redis.call('HGETALL', KEYS[2])
  for i = 1, #all, 2 do
    local sep = string.find(all[i + 1], ':', 1, true)
    local amount = tonumber(string.sub(all[i + 1], 1, sep - 1))
    local expiresAt = tonumber(string.sub(all[i + 1], sep + 1))
    if expiresAt + grace <= now then redis.call('HDEL', KEYS[2], all[i])
    elseif expiresAt > now then total = total + amount end
  end
  return total
end
local function spent() return tonumber(redis.call('HGET', KEYS[1], 'spent') or '0') end
-- Extends a key's TTL to ms (never shortens it; a key without one gets it).
local function retain(key, ms)
  local ttl = redis.call('PTTL', key)
  if ttl >= 0 and ttl < ms or ttl == -1 then redis.call('PEXPIRE', key, ms) end
end
`;

/**
 * ARGV: id, amountUsd, limitUsd, leaseMs, retainMs (0: kept for good), grace.
 * Returns {1, expiresAt} or {0, spent, reserved} (as strings). Both keys exist after a reservation
 * and carry the retention, so a later settle (HINCRBYFLOAT) never makes a key without a TTL.
 */
const RESERVE = luaScript(
  'budget-reserve',
  `${PRELUDE}
local amount = tonumber(ARGV[2])
local r = reserved()
local s = spent()
if s + r + amount > tonumber(ARGV[3]) then return {0, tostring(s), tostring(r)} end
local expiresAt = now + tonumber(ARGV[4])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. ':' .. expiresAt)
redis.call('HSETNX', KEYS[1], 'spent', '0')
local keep = tonumber(ARGV[5])
if keep > 0 then
  retain(KEYS[1], keep)
  retain(KEYS[2], keep)
end
return {1, tostring(expiresAt)}
`,
);

/** ARGV: id, actualUsd, grace. Charges once, even after the lease lapsed (within the grace). */
const SETTLE = luaScript(
  'budget-settle',
  `${PRELUDE}
reserved()
if redis.call('HDEL', KEYS[2], ARGV[1]) == 1 then redis.call('HINCRBYFLOAT', KEYS[1], 'spent', ARGV[2]) end
return 1
`,
);

/** ARGV: grace. Returns {spent, reserved} as strings. */
const USAGE = luaScript(
  'budget-usage',
  `${PRELUDE}
return {tostring(spent()), tostring(reserved())}
`,
);

export interface RedisBudgetStoreOptions {
  keyPrefix?: string;
  guard: RedisGuard;
}

/** Budgets in Redis: reserve and settle are Lua scripts, so concurrent processes never overspend together. */
export class RedisBudgetStore implements BudgetStore {
  private readonly prefix: string;
  private readonly guard: RedisGuard;
  private readonly local = new InMemoryBudgetStore();

  constructor(
    private readonly client: Redis,
    options: RedisBudgetStoreOptions,
  ) {
    this.prefix = options.keyPrefix ?? 'llm:';
    this.guard = options.guard;
  }

  private keys(key: string): string[] {
    const base = `${this.prefix}budget:{${key}}`;
    return [base, `${base}:res`];
  }

  async reserve(key: string, amountUsd: number, limitUsd: number, leaseMs: number, retainMs?: number): Promise<BudgetReserveResult> {
    return this.guard.run(
      'budget store',
      async () => {
        const id = newBudgetReservationId(key);
        const keep = retainMs === undefined ? 0 : Math.max(1, Math.ceil(retainMs));
        const reply = (await runScript(this.client, RESERVE, this.keys(key), [id, String(amountUsd), String(limitUsd), Math.ceil(leaseMs), keep, SETTLE_GRACE_MS])) as [
          number,
          string,
          string?,
        ];
        if (reply[0] === 1) return { ok: true, reservation: { id, key, amountUsd, expiresAt: Number(reply[1]) } };
        return { ok: false, spentUsd: Number(reply[1]), reservedUsd: Number(reply[2]), limitUsd };
      },
      () => this.local.reserve(key, amountUsd, limitUsd, leaseMs, retainMs),
    );
  }

  async settle(reservationId: string, actualUsd: number): Promise<void> {
    const key = budgetKeyOfReservation(reservationId);
    if (key === undefined) return;
    await this.guard.run(
      'budget store',
      async () => void (await runScript(this.client, SETTLE, this.keys(key), [reservationId, String(Math.max(0, actualUsd)), SETTLE_GRACE_MS])),
      () => this.local.settle(reservationId, actualUsd),
    );
  }

  async usage(key: string): Promise<BudgetUsage> {
    return this.guard.run(
      'budget store',
      async () => {
        const [spentUsd, reservedUsd] = (await runScript(this.client, USAGE, this.keys(key), [SETTLE_GRACE_MS])) as [string, string];
        return { spentUsd: Number(spentUsd), reservedUsd: Number(reservedUsd) };
      },
      () => this.local.usage(key),
    );
  }

  async reset(key: string): Promise<void> {
    await this.guard.run(
      'budget store',
      async () => void (await this.client.del(...this.keys(key))),
      () => this.local.reset(key),
    );
  }
}
