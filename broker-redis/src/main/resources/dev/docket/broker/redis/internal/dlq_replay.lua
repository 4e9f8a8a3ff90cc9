-- ARGV[3..]: ids. Moves those dead letters back to ready (deliveries restart at 0), except where a
-- live job has the same id. Returns how many moved.
local now = now_ms()
local ids, prios, sinces = {}, {}, {}
for i = 3, #ARGV do
  local id = ARGV[i]
  local d = redis.call('HGET', K_DLQ, id)
  if d and redis.call('HEXISTS', K_JOBS, id) == 0 then
    local flen, pos = string.match(d, '^(%d+)|()')
    local v = string.sub(d, pos + tonumber(flen))
    redis.call('HSET', K_JOBS, id, v)
    redis.call('HDEL', K_LEASE, id)
    redis.call('HDEL', K_DLQ, id)
    redis.call('ZREM', K_DEAD, id)
    ids[#ids + 1] = id
    prios[#prios + 1] = string.sub(v, 1, 1)
    sinces[#sinces + 1] = now
  end
end
return make_ready(ids, prios, sinces)
