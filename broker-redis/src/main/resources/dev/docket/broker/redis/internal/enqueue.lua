-- ARGV[3..]: groups of 4: id, priority, delay ms ('' for now), blob. A delay is relative: the
-- due time is this script's now plus the delay, so a client clock that differs from the server's
-- cannot make a job early or late.
-- Returns one integer per message: 1 accepted, 0 duplicate (its id is live in the queue, or
-- came earlier in the same call). One HMGET checks every id and one HSET stores the new jobs,
-- rather than one HSETNX per job.
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
make_ready(ids, prios, sinces)
if #delayed > 0 then
  chunked('ZADD', K_DELAYED, delayed)
  -- Idle fetchers recompute how long to sleep: the new job may be due before the one they wait for.
  redis.call('PUBLISH', CHANNEL, 0)
end
return out
