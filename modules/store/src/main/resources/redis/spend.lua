-- Charged spend written to PostgreSQL by one transaction: move the cached counters by it, exactly once.
-- KEYS: the counters (a user's spend on one day, a user's remaining balance, a key's spend).
-- ARGV: 1 the transaction's id (txid_current()), then one signed amount per counter.
--
-- A counter is a cache of a PostgreSQL read; <counter>:snap holds the snapshot that read saw (txid_current_snapshot()
-- text, xmin:xmax:xip,...). A counter whose read already saw this transaction is not moved again. A missing counter
-- stays missing (whoever reads it next rebuilds it from PostgreSQL), except while a rebuild is under way
-- (<counter>:rebuild): then the amount waits in <counter>:late for the rebuild to add, unless its read saw it.
local xid = tonumber(ARGV[1])

local function visible(snapshot)
  local xmin, xmax, xip = string.match(snapshot, '^(%d+):(%d+):?(.*)$')
  if xid < tonumber(xmin) then return true end
  if xid >= tonumber(xmax) then return false end
  for running in string.gmatch(xip, '%d+') do
    if tonumber(running) == xid then return false end
  end
  return true
end

for i, counter in ipairs(KEYS) do
  local amount = ARGV[i + 1] -- as text: Lua's numbers are doubles, Redis counts in 64-bit integers
  if redis.call('EXISTS', counter) == 1 then
    local snapshot = redis.call('GET', counter .. ':snap')
    if not (snapshot and visible(snapshot)) then
      redis.call('INCRBY', counter, amount)
    end
  elseif redis.call('EXISTS', counter .. ':rebuild') == 1 then
    redis.call('HINCRBY', counter .. ':late', ARGV[1], amount)
    redis.call('PEXPIRE', counter .. ':late', 300000)
  end
end
return 1
