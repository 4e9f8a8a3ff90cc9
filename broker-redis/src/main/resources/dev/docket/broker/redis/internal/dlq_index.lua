-- No arguments. One step of the dead-letter index backfill: letters stored before the indexes
-- existed, or by an older Docket since, are not in them, and 'upto' in K_DIDX then lags the dead
-- seq. A step walks K_DEAD from the backfill cursor ('walk', else 'upto') by dead seq, indexes up
-- to STEP letters (indexing twice is harmless), and saves its cursor; the step that reaches the
-- end sets 'upto' to the dead seq, since every letter stored since the walk began was either
-- walked or indexed by its own script. Returns 1 when the indexes hold every letter, else 0 (call
-- again). Work per call is bounded; the whole walk happens once per upgrade.
-- Letters per step: each costs a value read, a parse and two ZADDs, and a step blocks the server.
local STEP = 250
local top = tonumber(redis.call('GET', K_DSEQ) or '0')
local upto = tonumber(redis.call('HGET', K_DIDX, 'upto') or '0')
local walk = redis.call('HGET', K_DIDX, 'walk')
if not walk and upto >= top then
  return 1
end
local from = walk or string.format('%.0f', upto)
local page = redis.call('ZRANGEBYSCORE', K_DEAD, '(' .. from, '+inf', 'WITHSCORES', 'LIMIT', 0,
  STEP)
if #page > 0 then
  local keys = every(page, 1, 2)
  local vals = hmget(K_DLQ, keys)
  for i, key in ipairs(keys) do
    if vals[i] then
      index_letter(key, tonumber(page[2 * i]), vals[i])
    end
  end
end
if #page < 2 * STEP then
  redis.call('HDEL', K_DIDX, 'walk')
  redis.call('HSET', K_DIDX, 'upto', string.format('%.0f', top))
  return 1
end
redis.call('HSET', K_DIDX, 'walk', page[#page])
return 0
