-- Finishes the rebuild of one cached counter from a PostgreSQL read, unless it is no longer this rebuild's to do.
-- KEYS: 1 the counter.  ARGV: 1 this rebuild's token (set in <counter>:rebuild when it began, before the read),
-- 2 the value read, 3 the snapshot of the read (txid_current_snapshot() text), 4 the counter's ttl ms.
-- Adds the amounts charged while the rebuild ran (<counter>:late, by transaction id) that the read did not see.
-- Returns 1 when the counter was set, 0 when not (another rebuild owns it, or it was invalidated meanwhile).
local counter = KEYS[1]
if redis.call('GET', counter .. ':rebuild') ~= ARGV[1] then return 0 end
redis.call('DEL', counter .. ':rebuild')
if redis.call('EXISTS', counter) == 1 then return 0 end
local snapshot = ARGV[3]
local xmin, xmax, xip = string.match(snapshot, '^(%d+):(%d+):?(.*)$')
xmin, xmax = tonumber(xmin), tonumber(xmax)
local running = {}
for id in string.gmatch(xip, '%d+') do running[tonumber(id)] = true end
local unseen = 0
local late = redis.call('HGETALL', counter .. ':late')
for i = 1, #late, 2 do
  local xid = tonumber(late[i])
  if xid >= xmax or (xid >= xmin and running[xid]) then
    unseen = unseen + tonumber(late[i + 1])
  end
end
redis.call('DEL', counter .. ':late')
redis.call('SET', counter, ARGV[2], 'PX', ARGV[4]) -- as text: the value may be past what a double holds exactly
if unseen ~= 0 then redis.call('INCRBY', counter, string.format('%d', unseen)) end
redis.call('SET', counter .. ':snap', snapshot, 'PX', ARGV[4])
return 1
