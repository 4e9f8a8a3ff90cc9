-- ARGV[3]: id, ARGV[4]: lease token, ARGV[5]: encoded failure. Moves the job to the dead-letter
-- queue; a dead value is "<priority>:<enqueued ms>:<failure bytes>|<failure><blob>".
local id = ARGV[3]
local v, c, p, e, pos = leased_value(id, ARGV[4])
if not v then
  return 0
end
redis.call('HDEL', K_JOBS, id)
redis.call('ZREM', K_LEASED, id)
local f = ARGV[5]
redis.call('HSET', K_DLQ, id, p .. ':' .. e .. ':' .. #f .. '|' .. f .. string.sub(v, pos))
redis.call('ZADD', K_DEAD, redis.call('INCR', K_DSEQ), id)
return 1
