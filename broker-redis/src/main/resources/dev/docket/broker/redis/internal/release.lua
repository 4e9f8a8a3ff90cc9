-- ARGV[3]: id, ARGV[4]: lease token, ARGV[5]: delay ms, ARGV[6] (optional): '1' when the job
-- never reached a caller (a job enqueue.lua pushed to a fetch that was gone): its delivery is
-- not counted and it rejoins the front of its band by its enqueue time, as it was first in line.
-- Hands the job back, ready now or later.
if #ARGV ~= 5 and #ARGV ~= 6 then
  fail('release: expected id, token, delay ms and an optional undelivered flag, got '
    .. (#ARGV - 2) .. ' arguments')
end
local delay = int_arg(5, 0, MAX_MS, 'delay ms')
local undelivered = ARGV[6] ~= nil and int_arg(6, 0, 1, 'undelivered') == 1
local id = ARGV[3]
local c, p = leased(id, ARGV[4])
if not c then
  return 0
end
local now = now_ms()
if undelivered then
  redis.call('ZREM', K_LEASED, id)
  unhold({id})
  c = tonumber(c) - 1
  if c > 0 then
    redis.call('HSET', K_LEASE, id, c .. '::' .. p)
  else
    redis.call('HDEL', K_LEASE, id)
  end
  local v = redis.call('HGET', K_JOBS, id)
  local since = v and tonumber(string.match(v, '^%d:(%d+)|')) or now
  make_ready({id}, {p}, {since}, true)
  return 1
end
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
