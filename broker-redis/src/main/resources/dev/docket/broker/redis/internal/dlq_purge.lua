-- ARGV[3..]: dead-letter keys. Deletes those dead letters and their index entries, each kind of
-- key in one command per CHUNK (purging a whole DLQ comes here 500 letters at a time). Returns
-- how many letters were deleted.
groups(3, 1, 'dlq purge')
local keys = {}
for i = 3, #ARGV do keys[#keys + 1] = ARGV[i] end
local vals = hmget(K_DLQ, keys)
local gone, members, seen = {}, {}, {}
for i, key in ipairs(keys) do
  local seq = redis.call('ZSCORE', K_DEAD, key)
  if seq and not seen[key] then
    seen[key] = true
    gone[#gone + 1] = key
    local t = letter_task(vals[i])
    if t then members[#members + 1] = task_member(t, tonumber(seq), key) end
  end
end
-- Every key leaves the id index, also one whose letter is gone (a stale entry).
chunked('ZREM', K_DIDS, keys)
chunked('ZREM', K_DTASK, members)
chunked('ZREM', K_DEAD, gone)
chunked('HDEL', K_DLQ, gone)
return #gone
