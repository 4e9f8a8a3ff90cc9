-- ARGV[3..]: ids. Moves those dead letters back to ready (deliveries restart at 0), except where a
-- live job has the same id. Returns how many moved.
local now = now_ms()
local ids, prios, sinces = {}, {}, {}
for i = 3, #ARGV do
  local id = ARGV[i]
  local v = redis.call('HGET', K_DLQ, id)
  if v and redis.call('HEXISTS', K_JOBS, id) == 0 then
    local p, e, flen, pos = string.match(v, '^(%d):(%d+):(%d+)|()')
    redis.call('HSET', K_JOBS, id, '0::' .. p .. ':' .. e .. '|' .. string.sub(v, pos + tonumber(flen)))
    redis.call('HDEL', K_DLQ, id)
    redis.call('ZREM', K_DEAD, id)
    ids[#ids + 1] = id
    prios[#prios + 1] = p
    sinces[#sinces + 1] = now
  end
end
return make_ready(ids, prios, sinces)
