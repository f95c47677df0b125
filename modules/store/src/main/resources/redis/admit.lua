-- One request's admission for one key, atomically: quota and budget first (nothing is counted when they refuse),
-- then requests per minute, tokens per minute and concurrent requests (all checked before any is counted).
-- KEYS: 1 rpm window, 2 tpm window, 3 concurrency slots (zset: slot -> expiry ms), 4 user's spend today,
--       5 user's remaining balance, 6 key's spend, 7 user's fallback mark for today
-- ARGV: 1 rpm (0 none), 2 tpm (0 none), 3 max concurrency (0 none), 4 estimated tokens, 5 slot id,
--       6 slot ttl ms, 7 daily quota (-1 none), 8 balance checked (0/1), 9 key budget (-1 none),
--       10 has fallback group (0/1), 11 window ms
-- Returns {verdict, on fallback, requests remaining, requests reset ms, tokens remaining, tokens reset ms,
--          retry after ms, fallback newly marked}
-- verdict: ok, missing:<counter>, quota, balance, budget, requests, tokens, concurrency
local rpm = tonumber(ARGV[1])
local tpm = tonumber(ARGV[2])
local maxConc = tonumber(ARGV[3])
local estimate = tonumber(ARGV[4])
local slotTtl = tonumber(ARGV[6])
local quota = tonumber(ARGV[7])
local checkBalance = ARGV[8] == '1'
local budget = tonumber(ARGV[9])
local hasFallback = ARGV[10] == '1'
local windowMs = tonumber(ARGV[11])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local function counter(key, name)
  local v = redis.call('GET', key)
  if not v then
    return nil, name
  end
  return tonumber(v)
end

local onFallback = 0
local newlyMarked = 0
if checkBalance then
  local balance, missing = counter(KEYS[5], 'balance')
  if missing then return {'missing:' .. missing, 0, 0, 0, 0, 0, 0, 0} end
  if balance <= 0 then return {'balance', 0, 0, 0, 0, 0, 0, 0} end
end
if budget >= 0 then
  local spent, missing = counter(KEYS[6], 'key')
  if missing then return {'missing:' .. missing, 0, 0, 0, 0, 0, 0, 0} end
  if spent >= budget then return {'budget', 0, 0, 0, 0, 0, 0, 0} end
end
if quota >= 0 then
  local today, missing = counter(KEYS[4], 'day')
  if missing then return {'missing:' .. missing, 0, 0, 0, 0, 0, 0, 0} end
  if today >= quota then
    if not hasFallback then return {'quota', 0, 0, 0, 0, 0, 0, 0} end
    onFallback = 1
    if redis.call('SET', KEYS[7], '1', 'NX', 'PX', 172800000) then newlyMarked = 1 end
  end
end

local function window(key)
  local used = tonumber(redis.call('GET', key) or '0')
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then ttl = windowMs end
  return used, ttl
end

local reqUsed, reqReset, tokUsed, tokReset = 0, 0, 0, 0
if rpm > 0 then reqUsed, reqReset = window(KEYS[1]) end
if tpm > 0 then tokUsed, tokReset = window(KEYS[2]) end
local reqLeft = math.max(rpm - reqUsed, 0)
local tokLeft = math.max(tpm - tokUsed, 0)
if rpm > 0 and reqUsed >= rpm then
  return {'requests', onFallback, 0, reqReset, tokLeft, tokReset, reqReset, newlyMarked}
end
if tpm > 0 and tokUsed + estimate > tpm then
  return {'tokens', onFallback, reqLeft, reqReset, tokLeft, tokReset, tokReset, newlyMarked}
end
if maxConc > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
  if redis.call('ZCARD', KEYS[3]) >= maxConc then
    -- a slot frees when some request finishes: nothing says when, so ask to come back in a second
    return {'concurrency', onFallback, reqLeft, reqReset, tokLeft, tokReset, 1000, newlyMarked}
  end
end

-- a window starts with its first request and lasts windowMs
if rpm > 0 then
  redis.call('INCR', KEYS[1])
  if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], windowMs) end
end
if tpm > 0 then
  redis.call('INCRBY', KEYS[2], estimate)
  if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], windowMs) end
end
if maxConc > 0 then
  redis.call('ZADD', KEYS[3], now + slotTtl, ARGV[5])
  redis.call('PEXPIRE', KEYS[3], slotTtl)
end
return {'ok', onFallback, math.max(rpm - reqUsed - 1, 0), reqReset, math.max(tpm - tokUsed - estimate, 0), tokReset, 0,
  newlyMarked}
