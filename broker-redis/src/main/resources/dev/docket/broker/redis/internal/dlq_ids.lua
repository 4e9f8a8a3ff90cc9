-- ARGV[3]: exclusive lower bound (dead seq) or '-inf'. Returns {last seq or '', key1, key2, ...}:
-- one page of BATCH dead-letter keys ("<id> <seq>"), oldest first, without their values.
local lo = ARGV[3]
if lo ~= '-inf' then lo = '(' .. int_arg(3, 0, 9007199254740991, 'cursor') end
local page = redis.call('ZRANGEBYSCORE', K_DEAD, lo, '+inf', 'WITHSCORES', 'LIMIT', 0, BATCH)
local out = {''}
for i = 1, #page, 2 do out[#out + 1] = page[i] end
if #page > 0 then out[1] = page[#page] end
return out
