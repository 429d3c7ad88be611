import { luaScript } from './redis-connection.js';

/**
 * The rate limiter's arithmetic in Lua, so that reading the window and taking from it are one
 * atomic step for every process. Each limit is a weighted sliding-window log (the same as core's
 * WindowTokenBucket): a sorted set of entry ids scored by the time they were taken, and a hash of
 * their amounts plus `_used`, the running total. Time is Redis' own clock (TIME), so processes on
 * hosts with skewed clocks still agree.
 *
 * Keys of one limiter key (all share a {hash tag}, so they live on one cluster slot):
 *   1 requests zset  2 requests amounts  3 tokens zset  4 tokens amounts  5 leases zset (score = expiry)  6 pause
 */
const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local function expire(z, h, windowMs)
  local cutoff = now - windowMs
  while true do
    local old = redis.call('ZRANGEBYSCORE', z, '-inf', cutoff, 'LIMIT', 0, 500)
    if #old == 0 then break end
    local amounts = redis.call('HMGET', h, unpack(old))
    local freed = 0
    for i = 1, #old do freed = freed + (tonumber(amounts[i]) or 0) end
    redis.call('ZREM', z, unpack(old))
    redis.call('HDEL', h, unpack(old))
    redis.call('HINCRBY', h, '_used', -freed)
  end
  if redis.call('ZCARD', z) == 0 then
    redis.call('DEL', h)
    return 0
  end
  return tonumber(redis.call('HGET', h, '_used') or '0')
end
`;

/** ARGV: id, tokens, requestLimit (0: none), tokenLimit (0: none), windowMs, maxConcurrent (0: none), leaseMs.
 *  Returns {1, grantedAt, expiresAt} or {0, waitMs, reason}. */
export const ACQUIRE = luaScript(
  'acquire',
  `${PRELUDE}
local id = ARGV[1]
local tokens = tonumber(ARGV[2])
local reqLimit = tonumber(ARGV[3])
local tokLimit = tonumber(ARGV[4])
local windowMs = tonumber(ARGV[5])
local maxConc = tonumber(ARGV[6])
local leaseMs = tonumber(ARGV[7])

local function waitFor(z, h, used, need, limit)
  if need > limit then need = limit end
  local over = used + need - limit
  if over <= 0 then return 0 end
  local offset = 0
  while true do
    local batch = redis.call('ZRANGE', z, offset, offset + 199, 'WITHSCORES')
    if #batch == 0 then return windowMs end
    for i = 1, #batch, 2 do
      over = over - (tonumber(redis.call('HGET', h, batch[i])) or 0)
      if over <= 0 then return math.max(1, tonumber(batch[i + 1]) + windowMs - now) end
    end
    offset = offset + 200
  end
end

redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now)
local paused = tonumber(redis.call('GET', KEYS[6]) or '0')
if paused > now then return {0, paused - now, 'paused'} end
if maxConc > 0 and redis.call('ZCARD', KEYS[5]) >= maxConc then
  local first = redis.call('ZRANGE', KEYS[5], 0, 0, 'WITHSCORES')
  return {0, math.max(1, tonumber(first[2]) - now), 'concurrency'}
end
local rw, tw = 0, 0
if reqLimit > 0 then rw = waitFor(KEYS[1], KEYS[2], expire(KEYS[1], KEYS[2], windowMs), 1, reqLimit) end
if tokLimit > 0 then tw = waitFor(KEYS[3], KEYS[4], expire(KEYS[3], KEYS[4], windowMs), tokens, tokLimit) end
if rw > 0 or tw > 0 then
  if rw >= tw then return {0, rw, 'requests'} end
  return {0, tw, 'tokens'}
end
local ttl = windowMs + leaseMs + 1000
if reqLimit > 0 then
  redis.call('ZADD', KEYS[1], now, id)
  redis.call('HSET', KEYS[2], id, 1)
  redis.call('HINCRBY', KEYS[2], '_used', 1)
end
if tokLimit > 0 then
  redis.call('ZADD', KEYS[3], now, id)
  redis.call('HSET', KEYS[4], id, tokens)
  redis.call('HINCRBY', KEYS[4], '_used', tokens)
end
local expiresAt = now + leaseMs
redis.call('ZADD', KEYS[5], expiresAt, id)
for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], ttl) end
return {1, now, expiresAt}
`,
);

/** ARGV: id, leaseMs, windowMs. Moves a live lease's expiry; a lapsed lease stays lapsed. */
export const EXTEND = luaScript(
  'extend',
  `${PRELUDE}
if redis.call('ZSCORE', KEYS[5], ARGV[1]) then
  local expiresAt = now + tonumber(ARGV[2])
  redis.call('ZADD', KEYS[5], expiresAt, ARGV[1])
  redis.call('PEXPIRE', KEYS[5], tonumber(ARGV[2]) + tonumber(ARGV[3]) + 1000)
end
return 1
`,
);

/** ARGV: id, actualTokens ('' to keep the reservation), sent ('0': refund request and tokens). */
export const RELEASE = luaScript(
  'release',
  `
local id = ARGV[1]
redis.call('ZREM', KEYS[5], id)
if ARGV[3] == '0' then
  for _, pair in ipairs({{KEYS[1], KEYS[2]}, {KEYS[3], KEYS[4]}}) do
    local amount = redis.call('HGET', pair[2], id)
    if amount then
      redis.call('ZREM', pair[1], id)
      redis.call('HDEL', pair[2], id)
      redis.call('HINCRBY', pair[2], '_used', -tonumber(amount))
    end
  end
elseif ARGV[2] ~= '' then
  local amount = redis.call('HGET', KEYS[4], id)
  if amount then
    local actual = math.floor(tonumber(ARGV[2]))
    redis.call('HSET', KEYS[4], id, actual)
    redis.call('HINCRBY', KEYS[4], '_used', actual - tonumber(amount))
  end
end
return 1
`,
);

/** ARGV: pauseMs, reqRemaining ('' none), reqResetMs, reqLimit, tokRemaining ('' none), tokResetMs, tokLimit, windowMs, phantomId. */
export const TIGHTEN = luaScript(
  'tighten',
  `${PRELUDE}
local windowMs = tonumber(ARGV[8])
local function pause(ms)
  if ms <= 0 then return end
  local untilAt = now + ms
  if untilAt > tonumber(redis.call('GET', KEYS[6]) or '0') then redis.call('SET', KEYS[6], untilAt, 'PX', ms) end
end
local function tighten(z, h, remaining, resetMs, limit)
  if remaining <= 0 then pause(resetMs) return end
  if limit <= 0 then return end
  local excess = math.floor(limit - expire(z, h, windowMs) - remaining)
  if excess <= 0 then return end
  local at = now + math.min(math.max(0, resetMs), windowMs) - windowMs
  redis.call('ZADD', z, at, ARGV[9])
  redis.call('HSET', h, ARGV[9], excess)
  redis.call('HINCRBY', h, '_used', excess)
  redis.call('PEXPIRE', z, windowMs + 1000)
  redis.call('PEXPIRE', h, windowMs + 1000)
end
pause(tonumber(ARGV[1]))
if ARGV[2] ~= '' then tighten(KEYS[1], KEYS[2], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])) end
if ARGV[5] ~= '' then tighten(KEYS[3], KEYS[4], tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])) end
return 1
`,
);
