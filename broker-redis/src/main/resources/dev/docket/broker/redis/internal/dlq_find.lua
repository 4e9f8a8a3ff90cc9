-- Finds dead letters through the indexes (see dlq_index.lua, which must have run first), reading
-- only matching entries. Either ARGV[3] = 'task', ARGV[4]: the task, ARGV[5]: '' or the last
-- member of the previous page: returns {next cursor or '', key1, seq1, ...}, at most BATCH
-- letters of the task, oldest first; or ARGV[3] = 'ids', ARGV[4..]: at most MAX_JOBS job ids
-- (non-empty, without spaces): returns {'', key1, seq1, ...}, every letter of those ids. Entries
-- whose letter is gone (removed by an older Docket) are dropped from the index.
local mode = ARGV[3]
local out, stale = {''}, {}
if mode == 'task' then
  if ARGV[4] == nil or ARGV[5] == nil or #ARGV ~= 5 then
    fail('dlq find: task takes a task and a cursor')
  end
  local prefix = task_prefix(ARGV[4])
  local after = ARGV[5]
  if after ~= '' and string.sub(after, 1, #prefix) ~= prefix then
    fail('dlq find: cursor is not of this task')
  end
  local lo = after == '' and '[' .. prefix or '(' .. after
  local page = redis.call('ZRANGEBYLEX', K_DTASK, lo, '[' .. prefix .. '\255', 'LIMIT', 0, BATCH)
  for _, m in ipairs(page) do
    local seq = string.sub(m, #prefix + 1, #prefix + 16)
    local key = string.sub(m, #prefix + 17)
    local s = redis.call('ZSCORE', K_DEAD, key)
    if s and tonumber(s) == tonumber(seq) then
      out[#out + 1] = key
      out[#out + 1] = s
    else
      stale[#stale + 1] = m
    end
  end
  if #page == BATCH then out[1] = page[#page] end
  chunked('ZREM', K_DTASK, stale)
elseif mode == 'ids' then
  groups(4, 1, 'dlq find')
  for i = 4, #ARGV do
    if not string.match(ARGV[i], '^%S+$') then
      fail('dlq find: id ' .. (i - 3) .. ' must be non-empty without spaces')
    end
  end
  for i = 4, #ARGV do
    local id = ARGV[i]
    local page = redis.call('ZRANGEBYLEX', K_DIDS, '[' .. id, '[' .. id .. ' \255')
    for _, key in ipairs(page) do
      if letter_id(key) == id then
        local s = redis.call('ZSCORE', K_DEAD, key)
        if s then
          out[#out + 1] = key
          out[#out + 1] = s
        else
          stale[#stale + 1] = key
        end
      end
    end
  end
  chunked('ZREM', K_DIDS, stale)
else
  fail('dlq find: mode must be task or ids, was ' .. tostring(mode))
end
return out
