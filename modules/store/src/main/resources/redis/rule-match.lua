-- Counts one rule match for one account; see RuleMatchCounter.
-- KEYS: seen marker, window (sorted set), cooldown marker.
-- ARGV: outcome time ms, window ms, threshold, cooldown ms, request id, seen ttl ms
-- The count is the most matches any window of the rule's length holding this match holds: outcomes reach the
-- engines out of order (several instances, several nodes), so later ones must neither be counted into an earlier
-- window nor hide it.
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[6]) then return {0, 0} end
local now = tonumber(ARGV[1])
local w = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 2 * w)
redis.call('ZADD', KEYS[2], now, ARGV[5])
redis.call('PEXPIRE', KEYS[2], 2 * w)
local flat = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. (now - w), '(' .. (now + w), 'WITHSCORES')
local times = {}
for i = 2, #flat, 2 do times[#times + 1] = tonumber(flat[i]) end
local n, j = 0, 1
for i = 1, #times do
  while times[i] - times[j] >= w do j = j + 1 end
  if times[j] <= now and now <= times[i] and i - j + 1 > n then n = i - j + 1 end
end
if n < tonumber(ARGV[3]) then return {1, n} end
if redis.call('EXISTS', KEYS[3]) == 1 then return {2, n} end
redis.call('DEL', KEYS[2])
if tonumber(ARGV[4]) > 0 then redis.call('SET', KEYS[3], '1', 'PX', ARGV[4]) end
return {3, n}
