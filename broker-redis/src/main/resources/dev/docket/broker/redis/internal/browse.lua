-- Read-only: a page of the ready, delayed or leased set, never a write (no promotion either, so
-- a job whose due time passed stays in the delayed page until a fetch or stats moves it).
-- ARGV[3]: 'ready' | 'delayed' | 'leased'; ARGV[4]: cursor score or '' for the first page;
-- ARGV[5]: cursor member; ARGV[6]: limit (1..MAX_JOBS); ARGV[7]: most bytes of each job value.
-- The cursor member's rank starts the page right after it (exact, even among equal scores);
-- when that member has left the set, the page starts after its score.
-- Returns {more (0/1), then per job: member, score, value length, value head, lease entry or '',
-- ready-since or ''}.
local which = ARGV[3]
local key
if which == 'ready' then key = K_READY
elseif which == 'delayed' then key = K_DELAYED
elseif which == 'leased' then key = K_LEASED
else fail('browse: unknown set ' .. tostring(which)) end
local limit = int_arg(6, 1, MAX_JOBS, 'limit')
local cap = int_arg(7, 1, 1048576, 'value head')
local page
if ARGV[4] == '' then
  page = redis.call('ZRANGE', key, 0, limit, 'WITHSCORES')
else
  if not tonumber(ARGV[4]) then fail('browse: cursor score must be a number, was ' .. ARGV[4]) end
  local rank = redis.call('ZRANK', key, ARGV[5])
  local score = redis.call('ZSCORE', key, ARGV[5])
  if rank and tonumber(score) == tonumber(ARGV[4]) then
    page = redis.call('ZRANGE', key, rank + 1, rank + limit + 1, 'WITHSCORES')
  else
    page = redis.call('ZRANGEBYSCORE', key, '(' .. ARGV[4], '+inf', 'WITHSCORES', 'LIMIT', 0,
      limit + 1)
  end
end
local out = {0}
local n = #page / 2
if n > limit then
  out[1] = 1
  n = limit
end
for i = 1, n do
  local member, score = page[2 * i - 1], page[2 * i]
  local id = member
  if which == 'delayed' then id = string.match(member, '^%d|(.*)$') end
  local value = redis.call('HGET', K_JOBS, id)
  if value then
    out[#out + 1] = member
    out[#out + 1] = score
    out[#out + 1] = #value
    out[#out + 1] = string.sub(value, 1, cap)
    out[#out + 1] = redis.call('HGET', K_LEASE, id) or ''
    out[#out + 1] = redis.call('ZSCORE', K_SINCE, id) or ''
  end
end
return out
