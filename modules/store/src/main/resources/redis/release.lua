-- A finished request: free its concurrency slot and move its token window by (used - admitted estimate).
-- KEYS: 1 concurrency slots, 2 tpm window.  ARGV: 1 slot id ('' none), 2 token correction.
if ARGV[1] ~= '' then
  redis.call('ZREM', KEYS[1], ARGV[1])
end
local delta = tonumber(ARGV[2])
if delta ~= 0 and redis.call('EXISTS', KEYS[2]) == 1 then
  local v = redis.call('INCRBY', KEYS[2], delta)
  if v < 0 then
    redis.call('INCRBY', KEYS[2], -v)
  end
end
return 1
