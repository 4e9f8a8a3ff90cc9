-- Deletes up to BATCH ready and BATCH delayed jobs (not leased ones). Returns how many; the
-- caller repeats until 0.
local n = 0
local ready = redis.call('ZPOPMIN', K_READY, BATCH)
if #ready > 0 then
  local ids = {}
  for i = 1, #ready, 2 do ids[#ids + 1] = ready[i] end
  chunked('ZREM', K_SINCE, ids)
  chunked('HDEL', K_JOBS, ids)
  chunked('HDEL', K_LEASE, ids)
  n = n + #ids
end
local delayed = redis.call('ZPOPMIN', K_DELAYED, BATCH)
if #delayed > 0 then
  local ids = {}
  for i = 1, #delayed, 2 do ids[#ids + 1] = string.match(delayed[i], '^%d|(.*)$') end
  chunked('HDEL', K_JOBS, ids)
  chunked('HDEL', K_LEASE, ids)
  n = n + #ids
end
return n
