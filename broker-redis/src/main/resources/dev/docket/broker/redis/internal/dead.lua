-- ARGV[3]: id, ARGV[4]: lease token, ARGV[5]: encoded failure. Moves the job to the dead-letter
-- queue as a new letter "<id> <dead seq>", so an earlier letter of the same id is kept; a dead
-- value is "<failure bytes>|<failure><job value>". The letter joins the indexes by id and task.
groups(3, 3, 'dead')
local id = ARGV[3]
if not leased(id, ARGV[4]) then
  return 0
end
local v = redis.call('HGET', K_JOBS, id)
redis.call('HDEL', K_JOBS, id)
redis.call('HDEL', K_LEASE, id)
redis.call('ZREM', K_LEASED, id)
unhold({id})
if v then
  local f = ARGV[5]
  local seq = redis.call('INCR', K_DSEQ)
  local key = id .. ' ' .. seq
  local d = #f .. '|' .. f .. v
  redis.call('HSET', K_DLQ, key, d)
  redis.call('ZADD', K_DEAD, seq, key)
  index_letter(key, seq, d)
  indexed_through(seq)
end
return 1
