-- ARGV[3]: id, ARGV[4]: lease token, ARGV[5]: delay ms. Hands the job back, ready now or later.
groups(3, 3, 'release')
local delay = int_arg(5, 0, MAX_MS, 'delay ms')
local id = ARGV[3]
local c, p = leased(id, ARGV[4])
if not c then
  return 0
end
local now = now_ms()
redis.call('HSET', K_LEASE, id, c .. '::' .. p)
redis.call('ZREM', K_LEASED, id)
unhold({id})
if delay <= 0 then
  make_ready({id}, {p}, {now})
else
  redis.call('ZADD', K_DELAYED, now + delay, p .. '|' .. id)
  redis.call('PUBLISH', CHANNEL, 0)
end
return 1
