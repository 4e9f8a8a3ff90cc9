-- ARGV[3..]: groups of 3: job id, content tag (hex), dead value. Stores each as the letter
-- "<id> m<tag>" unless that letter is there already, so restoring the same letters again stores
-- nothing. Every argument is checked before the first write. Returns how many were stored.
local n = groups(3, 3, 'dlq restore')
for k = 1, n do
  local i = 3 * k
  if not string.match(ARGV[i], '^%S+$') then
    fail('dlq restore: id of letter ' .. k .. ' must be non-empty without spaces')
  end
  if not string.match(ARGV[i + 1], '^%x+$') then
    fail('dlq restore: tag of letter ' .. k .. ' must be hex, was ' .. ARGV[i + 1])
  end
end
local stored = 0
for k = 1, n do
  local i = 3 * k
  local key = ARGV[i] .. ' m' .. ARGV[i + 1]
  if redis.call('HEXISTS', K_DLQ, key) == 0 then
    local seq = redis.call('INCR', K_DSEQ)
    redis.call('HSET', K_DLQ, key, ARGV[i + 2])
    redis.call('ZADD', K_DEAD, seq, key)
    index_letter(key, seq, ARGV[i + 2])
    indexed_through(seq)
    stored = stored + 1
  end
end
return stored
