-- ARGV[3..]: groups of 4: id, priority, not-before ms ('' for now), blob.
-- Returns one integer per message: 1 accepted, 0 duplicate (its id is live in the queue).
local now = now_ms()
-- The value prefix after the priority, formatted once per call.
local tail = ':' .. math.floor(now) .. '|'
local out = {}
local ids, prios, sinces, delayed = {}, {}, {}, {}
for i = 3, #ARGV, 4 do
  local id, p, nb = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if redis.call('HSETNX', K_JOBS, id, p .. tail .. ARGV[i + 3]) == 1 then
    out[#out + 1] = 1
    if nb ~= '' and tonumber(nb) > now then
      delayed[#delayed + 1] = nb
      delayed[#delayed + 1] = p .. '|' .. id
    else
      ids[#ids + 1] = id
      prios[#prios + 1] = p
      sinces[#sinces + 1] = now
    end
  else
    out[#out + 1] = 0
  end
end
make_ready(ids, prios, sinces)
if #delayed > 0 then
  redis.call('ZADD', K_DELAYED, unpack(delayed))
  -- Idle fetchers recompute how long to sleep: the new job may be due before the one they wait for.
  redis.call('PUBLISH', CHANNEL, 0)
end
return out
