-- ARGV[3..]: pairs of id, lease token. Deletes each job whose token holds its lease.
-- Returns one integer per pair: 1 acked, 0 refused (stale token or gone).
-- One HMGET reads every lease of the batch (not one HGET per job).
groups(3, 2, 'ack')
local ids = every(ARGV, 3, 2)
if #ids == 0 then
  return {}
end
local leases = hmget(K_LEASE, ids)
local out, done, acked = {}, {}, {}
for k, id in ipairs(ids) do
  local token = ARGV[2 * k + 2]
  local l = leases[k]
  local ok = false
  -- The same id twice in one batch: only the first can still hold the lease.
  if l and not acked[id] and token ~= '' then
    local _, t = parse_lease(l)
    ok = t == token
  end
  if ok then
    out[k] = 1
    acked[id] = true
    done[#done + 1] = id
  else
    out[k] = 0
  end
end
if #done > 0 then
  unhold(done)
  chunked('HDEL', K_JOBS, done)
  chunked('HDEL', K_LEASE, done)
  chunked('ZREM', K_LEASED, done)
end
return out
