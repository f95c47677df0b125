-- Judges one client key's requests of one usage batch; see KeyAnomalyCounter.
-- KEYS: address prefixes seen (set), models used (set), request-rate state (hash: bucket b, its count c, baseline
-- avg per bucket, buckets observed n, bucket last alerted a).
-- ARGV: memory ttl s, burst factor, burst minimum, warm-up buckets, baseline weight, then per request:
-- address prefix ('' unknown), model ('' none), bucket number.
-- Returns kind, detail, index of the request (1-based) for each anomaly.
local ttl, factor, minimum, warmup, alpha = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]),
  tonumber(ARGV[4]), tonumber(ARGV[5])
local hadPrefix = redis.call('SCARD', KEYS[1]) > 0
local hadModel = redis.call('SCARD', KEYS[2]) > 0
local state = redis.call('HMGET', KEYS[3], 'b', 'c', 'avg', 'n', 'a')
local b, c, avg, n, a = tonumber(state[1]), tonumber(state[2]) or 0, tonumber(state[3]) or 0,
  tonumber(state[4]) or 0, tonumber(state[5]) or -1
local out = {}
local index = 0
-- an address or model already added in this batch is in its set: adding it again would change nothing
local addedPrefix, addedModel = {}, {}
for i = 6, #ARGV, 3 do
  index = index + 1
  local prefix, model, bucket = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  if prefix ~= '' and not addedPrefix[prefix] then
    addedPrefix[prefix] = true
    if redis.call('SADD', KEYS[1], prefix) == 1 and hadPrefix then
      out[#out + 1] = 'new_ip'; out[#out + 1] = prefix; out[#out + 1] = index
    end
    hadPrefix = true
  end
  if model ~= '' and not addedModel[model] then
    addedModel[model] = true
    if redis.call('SADD', KEYS[2], model) == 1 and hadModel then
      out[#out + 1] = 'new_model'; out[#out + 1] = model; out[#out + 1] = index
    end
    hadModel = true
  end
  if b == nil then
    b, c = bucket, 0
  elseif bucket > b then
    -- the closed bucket joins the baseline (the first one is it), and so do the silent ones after it
    if n == 0 then avg = c else avg = avg + alpha * (c - avg) end
    local idle = math.min(bucket - b - 1, 10000)
    avg = avg * (1 - alpha) ^ idle
    n = n + 1 + idle
    b, c = bucket, 0
  end
  c = c + 1
  if n >= warmup and c > minimum and c > factor * avg and a ~= b then
    a = b
    out[#out + 1] = 'burst'; out[#out + 1] = c .. ' requests in a bucket, baseline ' .. string.format('%.1f', avg)
    out[#out + 1] = index
  end
end
redis.call('HSET', KEYS[3], 'b', b, 'c', c, 'avg', tostring(avg), 'n', n, 'a', a)
for k = 1, 3 do redis.call('EXPIRE', KEYS[k], ttl) end
return out
