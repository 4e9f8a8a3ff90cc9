-- ARGV[3..]: dead-letter keys. Moves those dead letters back to ready (deliveries restart at 0),
-- except where a live job has the same id (then the letter stays, e.g. the second of two letters
-- of one id replayed together). Each moved letter leaves the indexes. Returns how many moved.
groups(3, 1, 'dlq replay')
local now = now_ms()
local ids, prios, sinces = {}, {}, {}
for i = 3, #ARGV do
  local key = ARGV[i]
  local id = letter_id(key)
  local d = redis.call('HGET', K_DLQ, key)
  if not d then
    -- A stale index entry (the letter was removed by an older Docket): drop it.
    redis.call('ZREM', K_DIDS, key)
  elseif id and redis.call('HEXISTS', K_JOBS, id) == 0 then
    local seq = redis.call('ZSCORE', K_DEAD, key)
    unindex_letter(key, seq and tonumber(seq), d)
    local flen, pos = string.match(d, '^(%d+)|()')
    local v = string.sub(d, pos + tonumber(flen))
    redis.call('HSET', K_JOBS, id, v)
    redis.call('HDEL', K_LEASE, id)
    redis.call('HDEL', K_DLQ, key)
    redis.call('ZREM', K_DEAD, key)
    push_ready(ids, prios, sinces, id, string.sub(v, 1, 1), now)
  end
end
return make_ready(ids, prios, sinces)
