-- ARGV[3]: exclusive lower bound (dead seq) or '-inf'. Returns {last seq or '', id1, id2, ...}:
-- one page of BATCH dead-letter ids, oldest first, without their values.
local lo = ARGV[3]
if lo ~= '-inf' then lo = '(' .. lo end
local page = redis.call('ZRANGEBYSCORE', K_DEAD, lo, '+inf', 'WITHSCORES', 'LIMIT', 0, BATCH)
local out = {''}
for i = 1, #page, 2 do out[#out + 1] = page[i] end
if #page > 0 then out[1] = page[#page] end
return out
