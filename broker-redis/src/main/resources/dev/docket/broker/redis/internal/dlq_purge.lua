-- ARGV[3]: 'some' or 'all', ARGV[4..]: dead-letter keys. Deletes those dead letters. With 'some'
-- their index entries go too; with 'all' (a purge of every letter, in batches) they stay, for
-- dlq_unindex.lua to drop all at once at the end, since keeping the indexes letter by letter
-- cost six times the purge itself. Every kind of key is sent one command per CHUNK. Returns how
-- many letters were deleted.
local mode = ARGV[3]
if mode ~= 'some' and mode ~= 'all' then
  fail('dlq purge: mode must be some or all, was ' .. tostring(mode))
end
groups(4, 1, 'dlq purge')
local keys, gone, members, seen = {}, {}, {}, {}
for i = 4, #ARGV do keys[#keys + 1] = ARGV[i] end
local vals = mode == 'some' and hmget(K_DLQ, keys) or {}
for i, key in ipairs(keys) do
  local seq = redis.call('ZSCORE', K_DEAD, key)
  if seq and not seen[key] then
    seen[key] = true
    gone[#gone + 1] = key
    local t = mode == 'some' and letter_task(vals[i])
    if t then members[#members + 1] = task_member(t, tonumber(seq), key) end
  end
end
if mode == 'some' then
  -- Every key leaves the id index, also one whose letter is gone (a stale entry).
  chunked('ZREM', K_DIDS, keys)
  chunked('ZREM', K_DTASK, members)
end
chunked('ZREM', K_DEAD, gone)
chunked('HDEL', K_DLQ, gone)
return #gone
