-- One account's cooldown for one model starts, or lasts longer; never shorter. The account's cooldowns share one
-- hash (field: upstream model name, value: status:until ms), which expires with the last of them.
-- KEYS[1] the account's hash | ARGV: 1 model, 2 status (rate_limited or overloaded), 3 until ms, 4 now ms
-- Returns 1 when the cooldown was stored, 0 when a longer one was already running.
local current = redis.call('HGET', KEYS[1], ARGV[1])
local untilMs = tonumber(ARGV[3])
if current and tonumber(string.match(current, ':(%d+)$')) >= untilMs then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. ARGV[3])
local left = untilMs - tonumber(ARGV[4])
if redis.call('PTTL', KEYS[1]) < left then
  redis.call('PEXPIRE', KEYS[1], left)
end
return 1
