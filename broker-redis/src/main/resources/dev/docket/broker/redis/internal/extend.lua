-- ARGV[3]: lease ms, ARGV[4..]: pairs of id, lease token. Moves the deadline of each live lease
-- to now + lease ms. Returns one integer per pair: 1 extended, 0 lost (stale token, expired or
-- gone). One call serves a worker's whole batch of running jobs.
local lease = int_arg(3, 1, MAX_MS, 'lease ms')
groups(4, 2, 'extend')
local ids = every(ARGV, 4, 2)
if #ids == 0 then
  return {}
end
local now = now_ms()
local leases = hmget(K_LEASE, ids)
local out, z = {}, {}
for k, id in ipairs(ids) do
  local token = ARGV[2 * k + 3]
  out[k] = 0
  local l = leases[k]
  if l and token ~= '' then
    local _, t = parse_lease(l)
    if t == token then
      local deadline = redis.call('ZSCORE', K_LEASED, id)
      -- Expired: the next fetch hands the job to someone else.
      if deadline and tonumber(deadline) > now then
        out[k] = 1
        z[#z + 1] = now + lease
        z[#z + 1] = id
      end
    end
  end
end
if #z > 0 then
  -- XX: only moves deadlines, never adds a lease.
  for i = 1, #z, CHUNK do
    redis.call('ZADD', K_LEASED, 'XX', unpack(z, i, math.min(#z, i + CHUNK - 1)))
  end
end
return out
