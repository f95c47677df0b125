-- Charged spend written to PostgreSQL: move the cached counters that exist (a missing one is rebuilt from
-- PostgreSQL when next read, and already includes this spend).
-- KEYS: 1 user's spend today, 2 user's remaining balance, 3 key's spend.  ARGV: 1 charged micro-units.
local charged = tonumber(ARGV[1])
if KEYS[1] ~= '' and redis.call('EXISTS', KEYS[1]) == 1 then redis.call('INCRBY', KEYS[1], charged) end
if KEYS[2] ~= '' and redis.call('EXISTS', KEYS[2]) == 1 then redis.call('DECRBY', KEYS[2], charged) end
if KEYS[3] ~= '' and redis.call('EXISTS', KEYS[3]) == 1 then redis.call('INCRBY', KEYS[3], charged) end
return 1
