-- ARGV[3]: id, ARGV[4]: lease token. Deletes the job when the token holds its lease.
local id = ARGV[3]
if not leased_value(id, ARGV[4]) then
  return 0
end
redis.call('HDEL', K_JOBS, id)
redis.call('ZREM', K_LEASED, id)
return 1
