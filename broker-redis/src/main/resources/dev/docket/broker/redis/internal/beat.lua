-- ARGV[3..5]: owner id, owner timeout ms, quiet ms. One heartbeat of a broker on one queue:
-- its owner entry lives until the server's now + owner timeout. Server time, never the client's,
-- so a beat that lands late cannot carry a stale deadline. Returns {1}.
local owner, timeout, quiet = owner_args(3)
if not owner then
  fail('beat: owner must not be empty')
end
beat(now_ms(), owner, timeout, quiet)
return {1}
