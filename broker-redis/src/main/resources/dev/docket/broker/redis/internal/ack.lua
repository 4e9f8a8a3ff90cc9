-- ARGV[3..]: pairs of id, lease token. Deletes each job whose token holds its lease.
-- Returns one integer per pair: 1 acked, 0 refused (stale token or gone).
local out, done = {}, {}
for i = 3, #ARGV, 2 do
  local id = ARGV[i]
  if leased(id, ARGV[i + 1]) then
    out[#out + 1] = 1
    done[#done + 1] = id
  else
    out[#out + 1] = 0
  end
end
if #done > 0 then
  redis.call('HDEL', K_JOBS, unpack(done))
  redis.call('HDEL', K_LEASE, unpack(done))
  redis.call('ZREM', K_LEASED, unpack(done))
end
return out
