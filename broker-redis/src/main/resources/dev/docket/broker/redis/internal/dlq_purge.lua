-- ARGV[3..]: ids. Deletes those dead letters. Returns how many.
local n = 0
for i = 3, #ARGV do
  if redis.call('ZREM', K_DEAD, ARGV[i]) == 1 then
    redis.call('HDEL', K_DLQ, ARGV[i])
    n = n + 1
  end
end
return n
