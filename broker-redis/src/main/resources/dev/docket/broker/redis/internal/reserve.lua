-- ARGV[3]: max jobs, ARGV[4]: lease ms. Promotes due work, then leases up to max jobs.
-- Returns {now, next event ms or -1, then per job: id, deliveries, token, job value}; the next
-- event (earliest delayed due time or lease deadline) is computed only when nothing was leased.
local now = now_ms()
promote(now)
local popped = redis.call('ZPOPMIN', K_READY, tonumber(ARGV[3]))
local out = {now, -1}
if #popped == 0 then
  local d = redis.call('ZRANGE', K_DELAYED, 0, 0, 'WITHSCORES')
  local l = redis.call('ZRANGE', K_LEASED, 0, 0, 'WITHSCORES')
  local nxt = -1
  if #d > 0 then nxt = tonumber(d[2]) end
  if #l > 0 and (nxt < 0 or tonumber(l[2]) < nxt) then nxt = tonumber(l[2]) end
  out[2] = nxt
  return out
end
local ids = {}
for i = 1, #popped, 2 do
  ids[#ids + 1] = popped[i]
end
redis.call('ZREM', K_SINCE, unpack(ids))
local vals = redis.call('HMGET', K_JOBS, unpack(ids))
local leases = redis.call('HMGET', K_LEASE, unpack(ids))
local tok0 = redis.call('INCRBY', K_LSEQ, #ids) - #ids
local deadline = now + tonumber(ARGV[4])
local h, z = {}, {}
for i, id in ipairs(ids) do
  local v = vals[i]
  if v then
    local c = 1
    if leases[i] then c = tonumber(string.match(leases[i], '^(%d+)')) + 1 end
    local tok = tok0 + i
    h[#h + 1] = id
    h[#h + 1] = c .. ':' .. tok .. ':' .. string.sub(v, 1, 1)
    z[#z + 1] = deadline
    z[#z + 1] = id
    out[#out + 1] = id
    out[#out + 1] = c
    out[#out + 1] = tostring(tok)
    out[#out + 1] = v
  end
end
if #h > 0 then
  redis.call('HSET', K_LEASE, unpack(h))
  redis.call('ZADD', K_LEASED, unpack(z))
end
return out
