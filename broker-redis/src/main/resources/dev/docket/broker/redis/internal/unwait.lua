-- ARGV[3..]: job ids. Deletes those that are waiting (ready or delayed; a leased job is left
-- alone), as a migration does once it copied them elsewhere. Every argument is checked before
-- the first write. Returns the ids deleted.
groups(3, 1, 'remove waiting')
for i = 3, #ARGV do
  if ARGV[i] == '' then fail('remove waiting: id ' .. (i - 2) .. ' is empty') end
end
local out = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  local value = redis.call('HGET', K_JOBS, id)
  if value and not redis.call('ZSCORE', K_LEASED, id) then
    local gone = redis.call('ZREM', K_READY, id) == 1
    if gone then
      redis.call('ZREM', K_SINCE, id)
    else
      gone = redis.call('ZREM', K_DELAYED, string.sub(value, 1, 1) .. '|' .. id) == 1
    end
    if gone then
      redis.call('HDEL', K_JOBS, id)
      redis.call('HDEL', K_LEASE, id)
      out[#out + 1] = id
    end
  end
end
return out
