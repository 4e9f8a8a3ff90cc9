-- Shared prelude of every Docket script. All keys of one queue share a hash tag, so a script
-- touches one slot. KEYS: 1 jobs (hash id -> job value), 2 ready (zset id by priority band +
-- sequence), 3 since (zset id -> ready-since ms), 4 delayed (zset "p|id" -> due ms), 5 leased
-- (zset id -> lease deadline ms), 6 seq, 7 lease seq, 8 dead (zset id -> dead seq), 9 dlq (hash
-- id -> dead value), 10 dead seq, 11 lease (hash id -> "<deliveries>:<token or empty>:<priority>",
-- present once a job was first delivered), 12 owners (zset owner -> heartbeat deadline ms), 13 held
-- (hash id -> "<owner>|<token>" of a lease taken by a beating broker), 14 owned (zset, every
-- score 0, members "<owner>|<id>": one owner's leases are one lex range), 15 seen (server ms of
-- the last heartbeat or reserve of an owner on this queue), 16 dtask (zset, every score 0, the
-- dead-letter index by task: members task_member(task, dead seq, letter key), so one task's letters
-- are one lex range, oldest first), 17 dids (zset, every score 0, every letter key: one id's
-- letters are one lex range), 18 didx (hash: 'upto' = the dead seq up to which every letter is in
-- both indexes, 'walk' = the cursor of an unfinished backfill; see dlq_index.lua), 19 waiters
-- (zset "<waiter>|<lease ms>|<owner>" -> server ms until which that fetcher waits: see
-- reserve.lua and enqueue.lua). ARGV[1]: now in ms from an injected clock, or '' for server
-- TIME; ARGV[2]: the wake channel. A waiter's pushes go to the wake channel .. ':' .. owner.
-- Redis keeps the writes a script made before it failed, so every script validates its
-- arguments and bounds its work before its first write, and no call spreads more than CHUNK
-- values with unpack (Lua's stack holds only a few thousand).
-- A dead letter is keyed by "<id> <dead seq>" (ids hold no spaces), so the same id can be dead
-- more than once; letters from before 0.2 are keyed by the bare id and read the same way.
-- A job value is "<priority>:<enqueued ms>|<blob>" and never changes while the job lives, so
-- leasing and settling touch only the small lease entry, never the body.
local K_JOBS, K_READY, K_SINCE, K_DELAYED, K_LEASED = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local K_SEQ, K_LSEQ, K_DEAD, K_DLQ, K_DSEQ = KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10]
local K_LEASE = KEYS[11]
local K_OWNERS, K_HELD, K_OWNED, K_SEEN = KEYS[12], KEYS[13], KEYS[14], KEYS[15]
local K_DTASK, K_DIDS, K_DIDX = KEYS[16], KEYS[17], KEYS[18]
local K_WAITERS = KEYS[19]
local CHANNEL = ARGV[2]
-- Ready score: (9 - priority) * BAND + sequence. 10 * 2^49 stays below 2^53, so scores are exact.
local BAND = 562949953421312
-- A job whose lease was lost (expired, or its owner stopped beating) had its turn already: it
-- rejoins at the front of its band, ordered by when it became ready, with the score
-- (9 - priority) * BAND - FRONT + ready-since ms. FRONT (2^42 ms, past the year 2100) keeps that
-- below every sequence of the band and far above every sequence of the band before it.
local FRONT = 4398046511104
local BATCH = 1000
-- Most values one redis.call gets from unpack; even, so field/value pairs stay together.
local CHUNK = 1000
-- Most jobs one call may name (enqueue, reserve, ack, extend, DLQ moves): the client splits.
local MAX_JOBS = 1000
-- Longest delay or lease a script accepts: 200 years in ms, well inside a double's exact range.
local MAX_MS = 6311390400000
-- Most owners whose deadlines one script moves after a silence, and dead owners one reserve reclaims.
local MAX_OWNERS = 1000
local DEAD_OWNERS = 10

local function fail(msg)
  error({err = 'ERR docket: ' .. msg})
end

-- ARGV[i] as an integer between lo and hi, else the script fails before writing anything.
local function int_arg(i, lo, hi, name)
  local s = ARGV[i]
  if s == nil or not string.match(s, '^%-?%d+$') then
    fail(name .. ' must be an integer, was ' .. tostring(s))
  end
  local n = tonumber(s)
  if n < lo or n > hi then
    fail(name .. ' must be between ' .. lo .. ' and ' .. hi .. ', was ' .. s)
  end
  return n
end

-- Fails unless ARGV from 'first' on holds whole groups of 'size', at most MAX_JOBS of them.
local function groups(first, size, name)
  local n = #ARGV - first + 1
  if n < 0 or n % size ~= 0 then
    fail(name .. ': arguments must come in groups of ' .. size .. ', got ' .. n)
  end
  if n / size > MAX_JOBS then
    fail(name .. ': at most ' .. MAX_JOBS .. ' per call, got ' .. (n / size))
  end
  return n / size
end

-- redis.call(cmd, key, list...) in slices of CHUNK values; sums integer replies.
local function chunked(cmd, key, list)
  local total = 0
  for i = 1, #list, CHUNK do
    local r = redis.call(cmd, key, unpack(list, i, math.min(#list, i + CHUNK - 1)))
    if type(r) == 'number' then total = total + r end
  end
  return total
end

-- HMGET of any number of fields, in slices; one reply entry per field (false when missing).
local function hmget(key, fields)
  local out = {}
  for i = 1, #fields, CHUNK do
    local r = redis.call('HMGET', key, unpack(fields, i, math.min(#fields, i + CHUNK - 1)))
    for _, v in ipairs(r) do out[#out + 1] = v end
  end
  return out
end

-- list[first], list[first + step], ... up to the end: the ids of ARGV's (id, token) pairs, the
-- members of a WITHSCORES reply.
local function every(list, first, step)
  local out = {}
  for i = first, #list, step do
    out[#out + 1] = list[i]
  end
  return out
end

-- The job id of a dead-letter key ("<id> <seq>", or a bare id from before 0.2).
local function letter_id(key)
  return string.match(key, '^(%S+)')
end

-- The header that names a job's task (Headers.TASK).
local TASK_HEADER = 'docket-task'

-- The big-endian 32-bit integer at s[p..p+3], or nil past the end.
local function be32(s, p)
  local a, b, c, d = string.byte(s, p, p + 3)
  if not d then return nil end
  return ((a * 256 + b) * 256 + c) * 256 + d
end

-- The task header of a dead value (see Codec: "<failure bytes>|<failure><priority>:<enqueued
-- ms>|" then a blob of a 32-bit header count and length-prefixed keys and values), or nil.
local function letter_task(d)
  if not d then return nil end
  local flen, pos = string.match(d, '^(%d+)|()')
  if not flen then return nil end
  pos = string.match(d, '^%d+:%d+|()', pos + tonumber(flen))
  if not pos then return nil end
  local n = be32(d, pos)
  if not n then return nil end
  pos = pos + 4
  for _ = 1, n do
    local kl = be32(d, pos)
    if not kl then return nil end
    local k = string.sub(d, pos + 4, pos + 3 + kl)
    pos = pos + 4 + kl
    local vl = be32(d, pos)
    if not vl then return nil end
    if k == TASK_HEADER then return string.sub(d, pos + 4, pos + 3 + vl) end
    pos = pos + 4 + vl
  end
  return nil
end

-- The prefix of one task's members in K_DTASK: its length first, so that no task's prefix is the
-- prefix of another's ("3:abc" is only ever followed by a dead seq).
local function task_prefix(task)
  return #task .. ':' .. task
end

-- A member of K_DTASK: the task prefix, the dead seq in 16 digits (lex order = seq order), the key.
local function task_member(task, seq, key)
  return task_prefix(task) .. string.format('%016.0f', seq) .. key
end

-- Adds a letter (key, dead seq, dead value) to both indexes.
local function index_letter(key, seq, d)
  redis.call('ZADD', K_DIDS, 0, key)
  local t = letter_task(d)
  if t then redis.call('ZADD', K_DTASK, 0, task_member(t, seq, key)) end
end

-- Removes a letter from both indexes (seq nil: only from the id index).
local function unindex_letter(key, seq, d)
  redis.call('ZREM', K_DIDS, key)
  local t = letter_task(d)
  if t and seq then redis.call('ZREM', K_DTASK, task_member(t, seq, key)) end
end

-- After a new letter of dead seq 'seq' was stored and indexed: when every letter before it was
-- indexed too, so is every letter up to it. A letter stored by an older Docket (no index) leaves
-- 'upto' behind the dead seq, and dlq_index.lua indexes it before the next search.
local function indexed_through(seq)
  local upto = tonumber(redis.call('HGET', K_DIDX, 'upto') or '0')
  if upto == seq - 1 then
    redis.call('HSET', K_DIDX, 'upto', string.format('%.0f', seq))
  end
end

if ARGV[1] ~= '' and not string.match(ARGV[1] or 'x', '^%d+$') then
  fail('now must be empty or epoch ms, was ' .. tostring(ARGV[1]))
end
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

-- Makes ids ready (sinces: when each became ready); returns how many, and whether the queue had
-- no ready job before. Wakes idle fetchers when the queue was empty, since busy ones fetch again
-- without waiting. front: jobs whose lease was lost go before the band's waiting jobs (see
-- FRONT), not behind a backlog they already waited for. quiet: publish nothing (the caller
-- pushes to waiters first, see enqueue.lua).
local function make_ready(ids, prios, sinces, front, quiet)
  local n = #ids
  if n == 0 then
    return 0, false
  end
  local was_empty = redis.call('ZCARD', K_READY) == 0
  local base = redis.call('INCRBY', K_SEQ, n) - n
  local r, s = {}, {}
  for i = 1, n do
    if front then
      r[2 * i - 1] = (9 - tonumber(prios[i])) * BAND - FRONT + math.floor(tonumber(sinces[i]))
    else
      r[2 * i - 1] = (9 - tonumber(prios[i])) * BAND + base + i
    end
    r[2 * i] = ids[i]
    s[2 * i - 1] = sinces[i]
    s[2 * i] = ids[i]
  end
  chunked('ZADD', K_READY, r)
  chunked('ZADD', K_SINCE, s)
  if was_empty and not quiet then
    redis.call('PUBLISH', CHANNEL, n)
  end
  return n, was_empty
end

-- Adds id, ready since 'since' at priority p, to the lists make_ready takes.
local function push_ready(ids, prios, sinces, id, p, since)
  ids[#ids + 1] = id
  prios[#prios + 1] = p
  sinces[#sinces + 1] = since
end

-- Forgets which owner held ids, whose leases ended (ack, release, dead letter, expiry).
local function unhold(ids)
  if #ids == 0 then
    return
  end
  local held = hmget(K_HELD, ids)
  local members, gone = {}, {}
  for i, id in ipairs(ids) do
    if held[i] then
      members[#members + 1] = string.match(held[i], '^([^|]*)|') .. '|' .. id
      gone[#gone + 1] = id
    end
  end
  -- chunked sends nothing for an empty list.
  chunked('ZREM', K_OWNED, members)
  chunked('HDEL', K_HELD, gone)
end

-- Validates an owner's ARGV (owner id, owner timeout ms, quiet ms) from index i; '' = no owner.
local function owner_args(i)
  local owner = ARGV[i]
  if owner == nil or owner == '' then
    return nil
  end
  if not string.match(owner, '^%w+$') then
    fail('owner must be letters and digits, was ' .. owner)
  end
  return owner, int_arg(i + 1, 1, MAX_MS, 'owner timeout ms'), int_arg(i + 2, 0, MAX_MS, 'quiet ms')
end

-- Records that owner is alive until now + timeout. Owners' deadlines stand still while the server
-- is silent: when no owner wrote on this queue for longer than quiet ms (a paused or stalled
-- server, whose queued heartbeats have not landed yet, or a queue nobody watched), every deadline
-- moves by the whole silence, so no owner is judged dead for a stall it could not beat through.
-- With live brokers on the queue, writes come every heartbeat and nothing moves.
-- A beat must land on a full server (noeviction, maxmemory reached), or every owner would be
-- judged dead and its jobs run twice: it only updates entries in place, and Redis refuses a
-- memory-growing command only as a script's first write, so the first write is the ZREM. SET with
-- GET (Redis 6.2+) reads the last time and stores now in one call.
local function beat(now, owner, timeout, quiet)
  redis.call('ZREM', K_OWNERS, owner)
  local last = redis.call('SET', K_SEEN, string.format('%.3f', now), 'GET')
  if last then
    local gap = now - tonumber(last)
    if gap > quiet then
      local o = redis.call('ZRANGE', K_OWNERS, 0, MAX_OWNERS - 1, 'WITHSCORES')
      local z = {}
      for i = 1, #o, 2 do
        z[#z + 1] = tonumber(o[i + 1]) + gap
        z[#z + 1] = o[i]
      end
      if #z > 0 then
        chunked('ZADD', K_OWNERS, z)
      end
    end
  end
  redis.call('ZADD', K_OWNERS, now + timeout, owner)
end

-- Reclaims the leases of owners whose heartbeat deadline passed exactly as expired leases are
-- reclaimed (token cleared, deliveries kept, ready again), at most BATCH jobs per call. A lease
-- counts only while its token is still the one the owner took: the same job leased since by
-- another broker (or an older client that keeps no owners) is left alone.
local function reclaim_owners(now)
  local dead = redis.call('ZRANGEBYSCORE', K_OWNERS, '-inf', now, 'WITHSCORES', 'LIMIT', 0,
    DEAD_OWNERS)
  local budget = BATCH
  for i = 1, #dead, 2 do
    local owner, since = dead[i], tonumber(dead[i + 1])
    local members = redis.call('ZRANGEBYLEX', K_OWNED, '[' .. owner .. '|', '[' .. owner .. '|\255',
      'LIMIT', 0, budget)
    if #members > 0 then
      local ids = {}
      for k, m in ipairs(members) do
        ids[k] = string.sub(m, #owner + 2)
      end
      local held = hmget(K_HELD, ids)
      local leases = hmget(K_LEASE, ids)
      local h, mine, back, prios, sinces = {}, {}, {}, {}, {}
      for k, id in ipairs(ids) do
        local o, tok = nil, nil
        if held[k] then
          o, tok = string.match(held[k], '^([^|]*)|(.*)$')
        end
        if o == owner then
          mine[#mine + 1] = id
          if leases[k] and tok ~= '' then
            local c, t, p = parse_lease(leases[k])
            if t == tok and redis.call('ZSCORE', K_LEASED, id) then
              h[#h + 1] = id
              h[#h + 1] = c .. '::' .. p
              push_ready(back, prios, sinces, id, p, since)
            end
          end
        end
      end
      chunked('ZREM', K_OWNED, members)
      if #mine > 0 then
        chunked('HDEL', K_HELD, mine)
      end
      if #back > 0 then
        chunked('ZREM', K_LEASED, back)
        chunked('HSET', K_LEASE, h)
        make_ready(back, prios, sinces, true)
      end
    end
    budget = budget - #members
    if budget <= 0 then
      return
    end
    -- Every lease of the owner is back: forget it (a stalled owner that beats again comes back).
    redis.call('ZREM', K_OWNERS, owner)
  end
end

-- Moves due delayed jobs and expired leases to ready, in batches of BATCH.
local function promote(now)
  local due = redis.call('ZRANGEBYSCORE', K_DELAYED, '-inf', now, 'WITHSCORES', 'LIMIT', 0, BATCH)
  if #due > 0 then
    local ids, prios, sinces, members = {}, {}, {}, {}
    for i = 1, #due, 2 do
      local p, id = string.match(due[i], '^(%d)|(.*)$')
      push_ready(ids, prios, sinces, id, p, due[i + 1])
      members[#members + 1] = due[i]
    end
    chunked('ZREM', K_DELAYED, members)
    make_ready(ids, prios, sinces)
  end
  local expired = redis.call('ZRANGEBYSCORE', K_LEASED, '-inf', now, 'WITHSCORES', 'LIMIT', 0, BATCH)
  if #expired > 0 then
    local ids, prios, sinces, h, gone = every(expired, 1, 2), {}, {}, {}, {}
    local leases = hmget(K_LEASE, ids)
    for i, id in ipairs(ids) do
      if leases[i] then
        local c, _, p = parse_lease(leases[i])
        -- The token is cleared: the old holder can no longer settle the job.
        h[#h + 1] = id
        h[#h + 1] = c .. '::' .. p
        push_ready(gone, prios, sinces, id, p, expired[2 * i])
      end
    end
    chunked('ZREM', K_LEASED, ids)
    unhold(ids)
    if #h > 0 then
      chunked('HSET', K_LEASE, h)
      make_ready(gone, prios, sinces, true)
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
