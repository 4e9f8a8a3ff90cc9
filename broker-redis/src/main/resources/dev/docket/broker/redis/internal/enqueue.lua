-- ARGV[3..]: groups of 4: id, priority, not-before ms ('' for now), blob.
-- Returns one integer per message: 1 accepted, 0 duplicate (its id is live in the queue, or
-- came earlier in the same call). One HMGET checks every id and one HSET stores the new jobs,
-- rather than one HSETNX per job.
local now = now_ms()
-- The value prefix after the priority, formatted once per call.
local tail = ':' .. math.floor(now) .. '|'
local all = {}
for i = 3, #ARGV, 4 do
  all[#all + 1] = ARGV[i]
end
local live = redis.call('HMGET', K_JOBS, unpack(all))
local out, seen, h = {}, {}, {}
local ids, prios, sinces, delayed = {}, {}, {}, {}
for k, id in ipairs(all) do
  local i = 4 * k - 1
  if live[k] or seen[id] then
    out[k] = 0
  else
    seen[id] = true
    out[k] = 1
    local p, nb = ARGV[i + 1], ARGV[i + 2]
    h[#h + 1] = id
    h[#h + 1] = p .. tail .. ARGV[i + 3]
    if nb ~= '' and tonumber(nb) > now then
      delayed[#delayed + 1] = nb
      delayed[#delayed + 1] = p .. '|' .. id
    else
      ids[#ids + 1] = id
      prios[#prios + 1] = p
      sinces[#sinces + 1] = now
    end
  end
end
if #h > 0 then
  redis.call('HSET', K_JOBS, unpack(h))
end
make_ready(ids, prios, sinces)
if #delayed > 0 then
  redis.call('ZADD', K_DELAYED, unpack(delayed))
  -- Idle fetchers recompute how long to sleep: the new job may be due before the one they wait for.
  redis.call('PUBLISH', CHANNEL, 0)
end
return out
