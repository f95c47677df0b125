-- Binds a conversation to an account, or keeps its binding while that account is still available.
-- KEYS: 1 binding.  ARGV: 1 ttl ms, 2.. available account ids, best first.  Returns the bound account id.
local current = redis.call('GET', KEYS[1])
if current then
  for i = 2, #ARGV do
    if ARGV[i] == current then
      redis.call('PEXPIRE', KEYS[1], ARGV[1])
      return current
    end
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
return ARGV[2]
