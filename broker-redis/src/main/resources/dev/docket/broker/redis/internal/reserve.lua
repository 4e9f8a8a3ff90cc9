-- ARGV[3]: max jobs (1..MAX_JOBS; the client loops for more), ARGV[4]: lease ms, ARGV[5]: the
-- caller's deadline in server ms ('' for none), ARGV[6..8]: the caller's owner id ('' for a
-- broker without heartbeat), its owner timeout ms and quiet ms (see beat in common.lua). The
-- caller beats, leases of owners that stopped beating are reclaimed, then it promotes due work, then leases up to max jobs.
-- ARGV[9..11] (optional, needs an owner): a waiter id of the calling fetch ('' for none), the ms
-- it will still wait, and 1 when its previous reserve registered it, else 0. The waiter
-- "<waiter>|<lease ms>|<owner>" is first removed from K_WAITERS; when this call leases nothing and
-- the wait is positive it is added again, scored by the end of its wait plus WAIT_SLACK, so that
-- enqueue.lua can lease a new job to it and publish the job on its owner's push channel. When a
-- registered waiter is gone (1 then 0), a push was sent: it is not added again, so that one fetch
-- gets at most one push per wait.
-- Returns {now, next event ms or -1, flags (1: the waiter was registered, 2: it is now), then per job: id,
-- deliveries, token, job value}; the next event (earliest delayed due time or lease deadline) is
-- computed only when nothing was leased.
-- A reserve that runs after its caller's deadline (queued behind a stall, replayed after the
-- caller timed out) leases nothing and writes nothing, and answers {now, -2}: otherwise it would
-- lease jobs to nobody and raise their delivery counts.
local max = int_arg(3, 1, MAX_JOBS, 'max jobs')
local lease = int_arg(4, 1, MAX_MS, 'lease ms')
local owner, owner_timeout, quiet = owner_args(6)
local waiter, wait, expect = ARGV[9], 0, 0
if waiter == nil or waiter == '' then
  waiter = nil
else
  if not owner or not string.match(waiter, '^%w+$') then
    fail('waiter must be letters and digits and needs an owner, was ' .. waiter)
  end
  wait = int_arg(10, 0, MAX_MS, 'wait ms')
  expect = int_arg(11, 0, 1, 'registered')
  waiter = waiter .. '|' .. lease .. '|' .. owner
end
local now = now_ms()
if ARGV[5] ~= '' and now > int_arg(5, 0, 9007199254740991, 'deadline') then
  return {math.floor(now), -2, 0}
end
if owner then
  -- A broker without heartbeat judges no owner: after a stall it could run before the owners'
  -- queued heartbeats and would miss the silence that beat() accounts for.
  beat(now, owner, owner_timeout, quiet)
  reclaim_owners(now)
end
local was = 0
if waiter then
  was = redis.call('ZREM', K_WAITERS, waiter)
end
promote(now)
if expect == 1 and was == 0 then
  -- A push is on its way to this fetch (one per registration): lease one job fewer, so the fetch
  -- does not get more than it asked for.
  max = max - 1
end
local popped = {}
if max > 0 then
  popped = redis.call('ZPOPMIN', K_READY, max)
end
local out = {now, -1, was}
if #popped == 0 then
  if waiter and wait > 0 and not (expect == 1 and was == 0) then
    -- Slack past the wait: a fetch's last reserve runs at the end of its wait, and must still
    -- find itself registered, or it would take the expiry for a push and wait for one.
    redis.call('ZADD', K_WAITERS, now + wait + 2000, waiter)
    out[3] = was + 2
  end
  local d = redis.call('ZRANGE', K_DELAYED, 0, 0, 'WITHSCORES')
  local l = redis.call('ZRANGE', K_LEASED, 0, 0, 'WITHSCORES')
  local nxt = -1
  if #d > 0 then nxt = tonumber(d[2]) end
  if #l > 0 and (nxt < 0 or tonumber(l[2]) < nxt) then nxt = tonumber(l[2]) end
  if owner and redis.call('ZCARD', K_OWNED) > 0 then
    -- An owner may go silent before its leases end: wake at its heartbeat deadline.
    local o = redis.call('ZRANGE', K_OWNERS, 0, 0, 'WITHSCORES')
    if #o > 0 and (nxt < 0 or tonumber(o[2]) < nxt) then nxt = tonumber(o[2]) end
  end
  out[2] = nxt
  return out
end
local ids = every(popped, 1, 2)
chunked('ZREM', K_SINCE, ids)
local vals = hmget(K_JOBS, ids)
local leases = hmget(K_LEASE, ids)
local tok0 = redis.call('INCRBY', K_LSEQ, #ids) - #ids
local deadline = now + lease
local h, z, held, owned = {}, {}, {}, {}
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
    if owner then
      held[#held + 1] = id
      held[#held + 1] = owner .. '|' .. tok
      owned[#owned + 1] = 0
      owned[#owned + 1] = owner .. '|' .. id
    end
    out[#out + 1] = id
    out[#out + 1] = c
    out[#out + 1] = tostring(tok)
    out[#out + 1] = v
  end
end
if #h > 0 then
  chunked('HSET', K_LEASE, h)
  chunked('ZADD', K_LEASED, z)
  if owner then
    chunked('HSET', K_HELD, held)
    chunked('ZADD', K_OWNED, owned)
  end
end
return out
