-- ARGV[3..]: dead-letter keys. Deletes those dead letters. Returns how many.
groups(3, 1, 'dlq purge')
local n = 0
for i = 3, #ARGV do
  if redis.call('ZREM', K_DEAD, ARGV[i]) == 1 then
    redis.call('HDEL', K_DLQ, ARGV[i])
    n = n + 1
  end
end
return n
