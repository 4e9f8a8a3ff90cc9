-- Shared prelude of every Docket script. All keys of one queue share a hash tag, so a script
-- touches one slot. KEYS: 1 jobs (hash id -> job value), 2 ready (zset id by priority band +
-- sequence), 3 since (zset id -> ready-since ms), 4 delayed (zset "p|id" -> due ms), 5 leased
-- (zset id -> lease deadline ms), 6 seq, 7 lease seq, 8 dead (zset id -> dead seq), 9 dlq (hash
-- id -> dead value), 10 dead seq, 11 lease (hash id -> "<deliveries>:<token or empty>:<priority>",
-- present once a job was first delivered). ARGV[1]: now in ms from an injected clock, or '' for
-- server TIME; ARGV[2]: the wake channel.
-- A job value is "<priority>:<enqueued ms>|<blob>" and never changes while the job lives, so
-- leasing and settling touch only the small lease entry, never the body.
local K_JOBS, K_READY, K_SINCE, K_DELAYED, K_LEASED = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local K_SEQ, K_LSEQ, K_DEAD, K_DLQ, K_DSEQ = KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local K_LEASE = KEYS[11]
local CHANNEL = ARGV[2]
-- Ready score: (9 - priority) * BAND + sequence. 10 * 2^49 stays below 2^53, so scores are exact.
local BAND = 562949953421312
local BATCH = 1000

local function now_ms()
  if ARGV[1] ~= '' then
    return tonumber(ARGV[1])
  end
  -- Microsecond precision (fractional ms): ready-since times compare exactly with client clocks on
  -- the same host. Values concatenated into strings use math.floor(now).
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end

-- deliveries, token, priority of a lease entry
local function parse_lease(l)
  return string.match(l, '^(%d+):(%d*):(%d)$')
end

-- Makes ids ready (sinces: when each became ready); returns how many. Wakes idle fetchers when
-- the queue was empty, since busy ones fetch again without waiting.
local function make_ready(ids, prios, sinces)
  local n = #ids
  if n == 0 then
    return 0
  end
  local was_empty = redis.call('ZCARD', K_READY) == 0
  local base = redis.call('INCRBY', K_SEQ, n) - n
  local r, s = {}, {}
  for i = 1, n do
    r[2 * i - 1] = (9 - tonumber(prios[i])) * BAND + base + i
    r[2 * i] = ids[i]
    s[2 * i - 1] = sinces[i]
    s[2 * i] = ids[i]
  end
  redis.call('ZADD', K_READY, unpack(r))
  redis.call('ZADD', K_SINCE, unpack(s))
  if was_empty then
    redis.call('PUBLISH', CHANNEL, n)
  end
  return n
end

-- Moves due delayed jobs and expired leases to ready, in batches of BATCH.
local function promote(now)
  local due = redis.call('ZRANGEBYSCORE', K_DELAYED, '-inf', now, 'WITHSCORES', 'LIMIT', 0, BATCH)
  if #due > 0 then
    local ids, prios, sinces, members = {}, {}, {}, {}
    for i = 1, #due, 2 do
      local p, id = string.match(due[i], '^(%d)|(.*)$')
      ids[#ids + 1] = id
      prios[#prios + 1] = p
      sinces[#sinces + 1] = due[i + 1]
      members[#members + 1] = due[i]
    end
    redis.call('ZREM', K_DELAYED, unpack(members))
    make_ready(ids, prios, sinces)
  end
  local expired = redis.call('ZRANGEBYSCORE', K_LEASED, '-inf', now, 'WITHSCORES', 'LIMIT', 0, BATCH)
  if #expired > 0 then
    local ids, prios, sinces, h, gone = {}, {}, {}, {}, {}
    for i = 1, #expired, 2 do
      ids[#ids + 1] = expired[i]
    end
    local leases = redis.call('HMGET', K_LEASE, unpack(ids))
    for i, id in ipairs(ids) do
      if leases[i] then
        local c, _, p = parse_lease(leases[i])
        -- The token is cleared: the old holder can no longer settle the job.
        h[#h + 1] = id
        h[#h + 1] = c .. '::' .. p
        prios[#prios + 1] = p
        sinces[#sinces + 1] = expired[2 * i]
        gone[#gone + 1] = id
      end
    end
    redis.call('ZREM', K_LEASED, unpack(ids))
    if #h > 0 then
      redis.call('HSET', K_LEASE, unpack(h))
      make_ready(gone, prios, sinces)
    end
  end
end

-- Deliveries and priority of id when token holds its lease, else nil.
local function leased(id, token)
  local l = redis.call('HGET', K_LEASE, id)
  if not l then
    return nil
  end
  local c, t, p = parse_lease(l)
  if t ~= token or token == '' then
    return nil
  end
  return c, p
end
