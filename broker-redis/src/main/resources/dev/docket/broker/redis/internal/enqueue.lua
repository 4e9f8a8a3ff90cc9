-- ARGV[3..]: groups of 4: id, priority, delay ms ('' for now), blob. A delay is relative: the
-- due time is this script's now plus the delay, so a client clock that differs from the server's
-- cannot make a job early or late.
-- Returns one integer per message: 1 accepted, 0 duplicate (its id is live in the queue, or
-- came earlier in the same call). One HMGET checks every id and one HSET stores the new jobs,
-- rather than one HSETNX per job.
-- When the queue had no ready job and fetchers wait on it (registered by reserve.lua in
-- K_WAITERS), each new ready job, up to one per waiter, is leased at once to a waiter whose owner
-- is alive, exactly as reserve.lua leases (lease entry, leased, held, owned), and published
-- whole on the wake channel .. ':' .. owner as "<waiter>|<deliveries>|<token>|<lease end
-- ms>|<id length>|<id><job value>": the fetcher starts it without a reserve. Pub/sub is at
-- most once: a push that never arrives is reclaimed like any lease of its owner. Bodies over
-- PUSH_MAX bytes are not pushed (pub/sub output buffer limits disconnect subscribers); those
-- waiters get the wake-up instead.
local PUSH_MAX = 16384
local n = groups(3, 4, 'enqueue')
for k = 1, n do
  local i = 4 * k - 1
  if ARGV[i] == '' then fail('enqueue: job ' .. k .. ' has an empty id') end
  if not string.match(ARGV[i + 1], '^%d$') then
    fail('enqueue: priority of job ' .. k .. ' must be one digit, was ' .. ARGV[i + 1])
  end
  if ARGV[i + 2] ~= '' then int_arg(i + 2, 0, MAX_MS, 'enqueue: delay of job ' .. k) end
end
if n == 0 then
  return {}
end
local now = now_ms()
-- The value prefix after the priority, formatted once per call.
local tail = ':' .. math.floor(now) .. '|'
local all = every(ARGV, 3, 4)
local live = hmget(K_JOBS, all)
local out, seen, h = {}, {}, {}
local ids, prios, sinces, delayed = {}, {}, {}, {}
for k, id in ipairs(all) do
  local i = 4 * k - 1
  if live[k] or seen[id] then
    out[k] = 0
  else
    seen[id] = true
    out[k] = 1
    local p, delay = ARGV[i + 1], ARGV[i + 2]
    h[#h + 1] = id
    h[#h + 1] = p .. tail .. ARGV[i + 3]
    if delay ~= '' and tonumber(delay) > 0 then
      delayed[#delayed + 1] = math.ceil(now) + tonumber(delay)
      delayed[#delayed + 1] = p .. '|' .. id
    else
      push_ready(ids, prios, sinces, id, p, now)
    end
  end
end
if #h > 0 then
  chunked('HSET', K_JOBS, h)
end
if #ids > 0 and redis.call('EXISTS', K_WAITERS) == 1 then
  -- Work that is due goes first (a waiter sleeps until it; reserve would promote it): when it
  -- makes the queue non-empty, its wake-up reaches the waiters and nothing is pushed.
  promote(now)
  local n, was_empty = make_ready(ids, prios, sinces, false, true)
  if was_empty then
    redis.call('ZREMRANGEBYSCORE', K_WAITERS, '-inf', '(' .. now)
    local pushed = 0
    while pushed < n do
      local w = redis.call('ZPOPMAX', K_WAITERS)
      if #w == 0 then break end
      local waiter, lease, owner = string.match(w[1], '^(%w+)|(%d+)|(%w+)$')
      local alive = waiter and redis.call('ZSCORE', K_OWNERS, owner)
      if alive and tonumber(alive) >= now then
        local id = redis.call('ZRANGE', K_READY, 0, 0)[1]
        local v = id and redis.call('HGET', K_JOBS, id)
        if not v or #v > PUSH_MAX then
          redis.call('ZADD', K_WAITERS, w[2], w[1])
          break
        end
        redis.call('ZREM', K_READY, id)
        redis.call('ZREM', K_SINCE, id)
        local c = 1
        local l = redis.call('HGET', K_LEASE, id)
        if l then c = tonumber(string.match(l, '^(%d+)')) + 1 end
        local tok = redis.call('INCR', K_LSEQ)
        local deadline = math.floor(now) + tonumber(lease)
        redis.call('HSET', K_LEASE, id, c .. ':' .. tok .. ':' .. string.sub(v, 1, 1))
        redis.call('ZADD', K_LEASED, deadline, id)
        redis.call('HSET', K_HELD, id, owner .. '|' .. tok)
        redis.call('ZADD', K_OWNED, 0, owner .. '|' .. id)
        redis.call('PUBLISH', CHANNEL .. ':' .. owner,
          waiter .. '|' .. c .. '|' .. tok .. '|' .. deadline .. '|' .. #id .. '|' .. id .. v)
        pushed = pushed + 1
      end
    end
    if pushed < n then
      redis.call('PUBLISH', CHANNEL, n - pushed)
    end
  end
else
  make_ready(ids, prios, sinces)
end
if #delayed > 0 then
  chunked('ZADD', K_DELAYED, delayed)
  -- Idle fetchers recompute how long to sleep: the new job may be due before the one they wait for.
  redis.call('PUBLISH', CHANNEL, 0)
end
return out
