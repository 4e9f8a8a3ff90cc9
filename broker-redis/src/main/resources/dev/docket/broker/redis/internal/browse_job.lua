-- Read-only: one live job by id. ARGV[3]: id; ARGV[4]: most bytes of the job value.
-- Returns {} when the queue holds no such job, else {state ('ready' | 'delayed' | 'leased'),
-- score (deadline or due ms, '' for ready), value length, value head, lease entry or '',
-- ready-since or ''}.
local id = ARGV[3]
local cap = int_arg(4, 1, 1048576, 'value head')
local value = redis.call('HGET', K_JOBS, id)
if not value then return {} end
local state, score = 'ready', ''
local deadline = redis.call('ZSCORE', K_LEASED, id)
if deadline then
  state, score = 'leased', deadline
elseif not redis.call('ZSCORE', K_READY, id) then
  local due = redis.call('ZSCORE', K_DELAYED, string.match(value, '^(%d)') .. '|' .. id)
  if due then state, score = 'delayed', due end
end
return {state, score, #value, string.sub(value, 1, cap), redis.call('HGET', K_LEASE, id) or '',
  redis.call('ZSCORE', K_SINCE, id) or ''}
