-- No arguments. Ends a purge of every letter (dlq_purge.lua 'all'), which left the index entries
-- of the letters it deleted: drops both indexes at once. If no letter is left they are complete
-- (empty) up to the dead seq; if letters were added meanwhile, 'upto' is cleared instead, so the
-- next search indexes the remaining letters again (dlq_index.lua). Returns 1.
redis.call('UNLINK', K_DTASK, K_DIDS)
redis.call('DEL', K_DIDX)
if redis.call('ZCARD', K_DEAD) == 0 then
  redis.call('HSET', K_DIDX, 'upto', string.format('%.0f', tonumber(redis.call('GET', K_DSEQ) or '0')))
end
return 1
