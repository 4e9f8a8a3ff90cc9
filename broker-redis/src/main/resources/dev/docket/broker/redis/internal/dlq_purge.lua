-- ARGV[3..]: dead-letter keys. Deletes those dead letters and their index entries. Returns how many.
groups(3, 1, 'dlq purge')
local n = 0
for i = 3, #ARGV do
  local key = ARGV[i]
  local seq = redis.call('ZSCORE', K_DEAD, key)
  if seq then
    unindex_letter(key, tonumber(seq), redis.call('HGET', K_DLQ, key))
    redis.call('ZREM', K_DEAD, key)
    redis.call('HDEL', K_DLQ, key)
    n = n + 1
  else
    -- Not a letter (any more): drop a stale id index entry.
    redis.call('ZREM', K_DIDS, key)
  end
end
return n
