-- ARGV[3]: id, ARGV[4]: lease token, ARGV[5]: lease ms. Moves the deadline of a live lease.
local id = ARGV[3]
if not leased(id, ARGV[4]) then
  return 0
end
local now = now_ms()
local deadline = redis.call('ZSCORE', K_LEASED, id)
if not deadline or tonumber(deadline) <= now then
  -- Expired: the next fetch hands the job to someone else.
  return 0
end
redis.call('ZADD', K_LEASED, 'XX', now + tonumber(ARGV[5]), id)
return 1
