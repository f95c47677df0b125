-- The admissions and releases one auth instance gathered in one turn of its event loop, in one run: releases
-- first, then the admissions group by group (see below), each group's in the order they came. Each admission is
-- atomic on its own: quota and budget first (nothing is counted when they refuse), then requests and tokens per
-- minute and concurrent requests (all checked before any is counted).
--
-- A key's rate limits live in one hash: r requests and t tokens of the current window, e when it ends (a window
-- starts with its first request and lasts windowMs). Its requests in flight are a sorted set beside it: one member
-- per request, scored with until when it counts (its admission time + slot ttl). A release removes its member; a
-- member whose release was lost (a crashed node, a lost message) lapses by itself after the slot ttl, however busy
-- its auth instance stays (lapsed members are cut at most once a second, w in the hash; until then they are not
-- counted). The work per admission does not grow with the requests in flight (reading them all made Redis's work
-- per request a third larger at 50 in flight). A key's hash is read once in a run and written once at its end, its
-- requests in flight counted once and added to in one ZADD: a busy key has several admissions and releases in one
-- run (measured with five of one key: a third less of Redis's time per run). Both expire a window and a slot ttl
-- after the newest window began (set at each new window): a member is added within its window and counts a slot ttl
-- at most, so each outlives what counts in it.
--
-- The releases and the admissions come in groups, one per key (one per key and limits, for admissions), so a key's
-- names and limits are passed once per run however many of its requests the run holds (passing them with every
-- request was most of the script's arguments, each one a string Redis makes and Lua converts). Groups of different
-- keys share only what an admission reads (a user's balance and daily spend) and the fallback mark, so the order of
-- the groups changes no answer but which request newly marks a user.
-- A lease is a share of what is left of a key's window (requests, tokens) and of its concurrency, counted here as
-- used when it is taken, which the instance that took it admits against by itself (no round trip) until it runs out or
-- ends, and then hands back what it did not use. Each share is at most a sixteenth of what is left, so that instances
-- taking leases one after another leave room for the others, and there is none when a sixteenth is too small to be
-- worth it: a key near its limits is admitted request by request, exactly, as are keys whose admission reads a
-- spend counter (the caller asks for no lease for those). A lease's concurrency is slots added to the key's requests in
-- flight like any request's, named <prefix><i>; its instance hands them to its requests and takes them back at their
-- release, and removes the unused ones when it hands the lease back. An instance whose share of the window runs low
-- asks for more of it alone (most slots 0), in a group of its own when no admission of the key is in the run (n 0): a
-- top-up.
--
-- ARGV: 1 number of release groups, 2 window ms, 3 slot ttl ms, 4 number of admission groups, then the release groups,
--   then the admission groups, one after another.
-- Release group: KEYS 2: the key's hash, its requests in flight | ARGV: n, requests and tokens a lease hands back,
--   the end of the window it was taken in (counted off only while that window lasts), then n × (slot id ('' none),
--   token correction (used - admitted estimate, applied while its window lasts; t never below 0)).
-- Admission group: KEYS 6: the key's hash, user's spend today, user's remaining balance, key's spend, user's fallback
--   mark for today, the key's requests in flight | ARGV: rpm (0 none), tpm (0 none), max concurrency (0 none), daily
--   quota (-1 none), balance checked (0/1), key budget (-1 none), has fallback group (0/1), lease slot prefix ('' no
--   lease asked), most requests and most slots a lease takes, fewest and most tokens it takes, n, then n × (estimated
--   tokens, slot id (unique per admission)).
-- Returns 8 values per admission, in the order of the groups and of the admissions in each, one after another in one
--   flat array, and after each group's 7 for its lease (all 0: none): verdict, on fallback, requests remaining,
--   requests reset ms, tokens remaining, tokens reset ms, retry after ms, fallback newly marked | the lease's requests,
--   tokens, slots, its window's end, ms until then, requests and tokens remaining beside it. (An array per admission
--   made Redis 6.2 write each one with a system call of its own, about 64 bytes each.)
-- verdict: ok, missing:<counter>, quota, balance, budget, requests, tokens, concurrency
local releaseGroups = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
local slotTtl = tonumber(ARGV[3])
local admissionGroups = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
-- until when a slot admitted in this run counts, as the text ZADD takes (a number would be formatted per slot)
local slotUntil = string.format('%d', now + slotTtl)

-- A key's hash and its requests in flight as this run left them, read once and written back once at its end: a
-- busy key has several admissions in one run (an admission sees the ones before it in the script's order).
local limits, limitOrder, flights, flightOrder = {}, {}, {}, {}

local function limit(key)
  local s = limits[key]
  if not s then
    local h = redis.call('HMGET', key, 'e', 'r', 't', 'w')
    s = {e = tonumber(h[1]), r = tonumber(h[2]) or 0, t = tonumber(h[3]) or 0, w = h[4]}
    limits[key] = s
    limitOrder[#limitOrder + 1] = key
  end
  return s
end

local function flight(key)
  local f = flights[key]
  if not f then
    f = {inUse = redis.call('ZCOUNT', key, '(' .. now, '+inf'), adds = {}}
    flights[key] = f
    flightOrder[#flightOrder + 1] = key
  end
  return f
end

-- each release group's slots leave its requests in flight in one ZREM
local a, k = 5, 1
for _ = 1, releaseGroups do
  local key, inFlight, n, slots = KEYS[k], KEYS[k + 1], tonumber(ARGV[a]), {}
  local backRequests, backTokens, leaseEnds = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
  if backRequests ~= 0 or backTokens ~= 0 then
    local s = limit(key)
    if s.e == leaseEnds and now < s.e then -- a lease of a window that ended holds nothing to hand back
      s.r, s.t, s.changed = math.max(s.r - backRequests, 0), math.max(s.t - backTokens, 0), true
    end
  end
  for r = 1, n do
    local slot, delta = ARGV[a + 3 + 2 * r - 1], tonumber(ARGV[a + 3 + 2 * r])
    if slot ~= '' then
      slots[#slots + 1] = slot
    end
    if delta ~= 0 then
      local s = limit(key)
      if s.e and now < s.e then -- a window that ended holds nothing to correct
        s.t, s.changed = math.max(s.t + delta, 0), true
      end
    end
  end
  if #slots > 0 then
    redis.call('ZREM', inFlight, unpack(slots))
  end
  a, k = a + 4 + 2 * n, k + 2
end

local function counter(key, name)
  local v = redis.call('GET', key)
  if not v then
    return nil, name
  end
  return tonumber(v)
end

-- A refusal by balance, budget or quota, or for a counter missing: the reason and seven zeros (every admission
-- answers 8 values; a nil among them would end the reply there).
local function refused(reason)
  return reason, 0, 0, 0, 0, 0, 0, 0
end

-- One admission of group g (its KEYS from k, its limits in g) with its estimate and slot: its 8 values, returned as
-- they are rather than in a table of their own (a table per admission was Lua's work and garbage, for a copy).
local function admit(k, g, estimate, slot)
  local rpm, tpm, maxConc, quota, budget = g.rpm, g.tpm, g.maxConc, g.quota, g.budget
  local onFallback, newlyMarked = 0, 0
  if g.balance then
    local balance, missing = counter(KEYS[k + 2], 'balance')
    if missing then return refused('missing:' .. missing) end
    if balance <= 0 then return refused('balance') end
  end
  if budget >= 0 then
    local spent, missing = counter(KEYS[k + 3], 'key')
    if missing then return refused('missing:' .. missing) end
    if spent >= budget then return refused('budget') end
  end
  if quota >= 0 then
    local today, missing = counter(KEYS[k + 1], 'day')
    if missing then return refused('missing:' .. missing) end
    if today >= quota then
      if not g.fallback then return refused('quota') end
      onFallback = 1
      if redis.call('SET', KEYS[k + 4], '1', 'NX', 'PX', 172800000) then newlyMarked = 1 end
    end
  end
  if rpm <= 0 and tpm <= 0 and maxConc <= 0 then
    return 'ok', onFallback, 0, 0, 0, 0, 0, newlyMarked
  end

  local reqUsed, tokUsed, ends, fresh, inUse = 0, 0, now + windowMs, true, 0
  local s = limit(KEYS[k])
  if s.e and now < s.e then
    ends, fresh = s.e, false
    reqUsed, tokUsed = s.r, s.t
  end
  local swept, f
  if maxConc > 0 then
    if now - (tonumber(s.w) or 0) >= 1000 then -- at most once a second (w): cut releases that never came
      redis.call('ZREMRANGEBYSCORE', KEYS[k + 5], '-inf', now)
      swept = now
    end
    f = flight(KEYS[k + 5]) -- what a sweep cuts was not counted: it lapsed by now
    inUse = f.inUse
  end

  local reset = ends - now
  local reqLeft = math.max(rpm - reqUsed, 0)
  local tokLeft = math.max(tpm - tokUsed, 0)
  if rpm > 0 and reqUsed >= rpm then
    return 'requests', onFallback, 0, reset, tokLeft, reset, reset, newlyMarked
  end
  if tpm > 0 and tokUsed + estimate > tpm then
    return 'tokens', onFallback, reqLeft, reset, tokLeft, reset, reset, newlyMarked
  end
  if maxConc > 0 and inUse >= maxConc then
    -- a slot frees when some request finishes: nothing says when, so ask to come back in a second
    return 'concurrency', onFallback, reqLeft, reset, tokLeft, reset, 1000, newlyMarked
  end

  s.r, s.t, s.e, s.w, s.changed = reqUsed + 1, tokUsed + estimate, ends, swept or s.w or 0, true
  if maxConc > 0 then
    f.inUse = inUse + 1
    f.adds[#f.adds + 1] = slotUntil
    f.adds[#f.adds + 1] = slot
    if fresh or inUse == 0 then f.expire = true end
  end
  if fresh then s.expire = true end
  return 'ok', onFallback, math.max(rpm - reqUsed - 1, 0), reset, math.max(tpm - tokUsed - estimate, 0), reset, 0,
    newlyMarked
end

local LEASE_SHARE = 16

local function noLease()
  return 0, 0, 0, 0, 0, 0, 0
end

-- Group g's lease (see the top), taken after its admissions: its 7 values, all 0 when none was asked for or there is
-- none to take.
local function lease(k, g)
  if g.lease == '' then
    return noLease()
  end
  local s = limit(KEYS[k])
  if not (s.e and now < s.e) then -- no window: every admission of the group was refused
    return noLease()
  end
  local requests, tokens, slots, f = g.leaseMax, 0, 0, nil
  if g.rpm > 0 then requests = math.min(requests, math.floor((g.rpm - s.r) / LEASE_SHARE)) end
  if g.tpm > 0 then tokens = math.min(g.leaseTokensMax, math.floor((g.tpm - s.t) / LEASE_SHARE)) end
  if g.maxConc > 0 and g.leaseSlots > 0 then
    f = flight(KEYS[k + 5])
    slots = math.min(g.leaseSlots, math.floor((g.maxConc - f.inUse) / LEASE_SHARE))
    if slots < 2 then return noLease() end
  end
  if requests < 2 or (g.tpm > 0 and tokens < g.leaseTokensMin) then
    return noLease()
  end
  s.r, s.t, s.changed = s.r + requests, s.t + tokens, true
  if slots > 0 then
    if f.inUse == 0 then f.expire = true end
    for i = 1, slots do
      f.adds[#f.adds + 1] = slotUntil
      f.adds[#f.adds + 1] = g.lease .. i
    end
    f.inUse = f.inUse + slots
  end
  return requests, tokens, slots, s.e, s.e - now, math.max(g.rpm - s.r, 0), math.max(g.tpm - s.t, 0)
end

local verdicts, out = {}, 0
for _ = 1, admissionGroups do
  local g = {rpm = tonumber(ARGV[a]), tpm = tonumber(ARGV[a + 1]), maxConc = tonumber(ARGV[a + 2]),
    quota = tonumber(ARGV[a + 3]), balance = ARGV[a + 4] == '1', budget = tonumber(ARGV[a + 5]),
    fallback = ARGV[a + 6] == '1', lease = ARGV[a + 7], leaseMax = tonumber(ARGV[a + 8]),
    leaseSlots = tonumber(ARGV[a + 9]), leaseTokensMin = tonumber(ARGV[a + 10]),
    leaseTokensMax = tonumber(ARGV[a + 11])}
  local n = tonumber(ARGV[a + 12])
  for i = 1, n do
    verdicts[out + 1], verdicts[out + 2], verdicts[out + 3], verdicts[out + 4], verdicts[out + 5], verdicts[out + 6],
      verdicts[out + 7], verdicts[out + 8] = admit(k, g, tonumber(ARGV[a + 11 + 2 * i]), ARGV[a + 12 + 2 * i])
    out = out + 8
  end
  verdicts[out + 1], verdicts[out + 2], verdicts[out + 3], verdicts[out + 4], verdicts[out + 5], verdicts[out + 6],
    verdicts[out + 7] = lease(k, g)
  out = out + 7
  a, k = a + 13 + 2 * n, k + 6
end
for _, key in ipairs(limitOrder) do
  local s = limits[key]
  if s.changed then
    redis.call('HSET', key, 'r', s.r, 't', s.t, 'e', s.e, 'w', s.w or 0)
    if s.expire then redis.call('PEXPIRE', key, slotTtl + windowMs) end
  end
end
for _, key in ipairs(flightOrder) do
  local f = flights[key]
  if #f.adds > 0 then
    redis.call('ZADD', key, unpack(f.adds))
    if f.expire then redis.call('PEXPIRE', key, slotTtl + windowMs) end
  end
end
return verdicts
