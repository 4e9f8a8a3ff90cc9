-- ARGV[3]: exclusive lower bound (dead seq) or '-inf', ARGV[4]: limit (1..MAX_JOBS).
-- Returns {more (0/1), key1, seq1, value1, ...}, oldest first; a key is "<id> <seq>".
local limit = int_arg(4, 1, MAX_JOBS, 'limit')
local lo = ARGV[3]
if lo ~= '-inf' then lo = '(' .. int_arg(3, 0, 9007199254740991, 'cursor') end
local page = redis.call('ZRANGEBYSCORE', K_DEAD, lo, '+inf', 'WITHSCORES', 'LIMIT', 0, limit + 1)
local n = math.min(#page / 2, limit)
local out = {0}
if #page / 2 > limit then out[1] = 1 end
if n == 0 then return out end
local keys = {}
for i = 1, n do keys[i] = page[2 * i - 1] end
local vals = hmget(K_DLQ, keys)
for i = 1, n do
  if vals[i] then
    out[#out + 1] = keys[i]
    out[#out + 1] = page[2 * i]
    out[#out + 1] = vals[i]
  end
end
return out
