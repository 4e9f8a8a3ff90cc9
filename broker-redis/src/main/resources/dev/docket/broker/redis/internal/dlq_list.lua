-- ARGV[3]: exclusive lower bound (dead seq) or '-inf', ARGV[4]: limit.
-- Returns {more (0/1), id1, seq1, value1, ...}, oldest first.
local limit = tonumber(ARGV[4])
local lo = ARGV[3]
if lo ~= '-inf' then lo = '(' .. lo end
local page = redis.call('ZRANGEBYSCORE', K_DEAD, lo, '+inf', 'WITHSCORES', 'LIMIT', 0, limit + 1)
local n = math.min(#page / 2, limit)
local out = {0}
if #page / 2 > limit then out[1] = 1 end
if n == 0 then return out end
local ids = {}
for i = 1, n do ids[i] = page[2 * i - 1] end
local vals = redis.call('HMGET', K_DLQ, unpack(ids))
for i = 1, n do
  if vals[i] then
    out[#out + 1] = ids[i]
    out[#out + 1] = page[2 * i]
    out[#out + 1] = vals[i]
  end
end
return out
