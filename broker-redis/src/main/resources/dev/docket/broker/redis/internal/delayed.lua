-- Read-only: the first jobs of the delayed set by due time, whole, for a migration to copy.
-- ARGV[3]: limit (1..MAX_JOBS). Returns per job: member ("p|id"), due ms, job value, lease entry
-- or '' (never delivered). No promotion: a job whose due time passed is still listed here.
local limit = int_arg(3, 1, MAX_JOBS, 'limit')
local page = redis.call('ZRANGE', K_DELAYED, 0, limit - 1, 'WITHSCORES')
local out = {}
for i = 1, #page, 2 do
  local id = string.match(page[i], '^%d|(.*)$')
  local value = redis.call('HGET', K_JOBS, id)
  if value then
    out[#out + 1] = page[i]
    out[#out + 1] = page[i + 1]
    out[#out + 1] = value
    out[#out + 1] = redis.call('HGET', K_LEASE, id) or ''
  end
end
return out
