-- ARGV[3]: a waiter "<waiter>|<lease ms>|<owner>" (see reserve.lua). Deregisters it, for a fetch
-- that ends without the reserve that would: returns 1 when it was registered, 0 when it was not
-- (expired, or a push was sent to it: the fetcher hands that push back when it arrives).
groups(3, 1, 'leave')
if not string.match(ARGV[3], '^%w+|%d+|%w+$') then
  fail('leave: waiter must be <waiter>|<lease ms>|<owner>, was ' .. ARGV[3])
end
return redis.call('ZREM', K_WAITERS, ARGV[3])
