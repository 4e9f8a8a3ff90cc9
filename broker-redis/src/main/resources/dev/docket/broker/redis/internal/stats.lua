-- Returns {ready, delayed, leased, dead, oldest ready-since ms as a decimal string or -1}, one consistent snapshot.
promote(now_ms())
local oldest = redis.call('ZRANGE', K_SINCE, 0, 0, 'WITHSCORES')
return {redis.call('ZCARD', K_READY), redis.call('ZCARD', K_DELAYED),
  redis.call('ZCARD', K_LEASED), redis.call('ZCARD', K_DEAD),
  #oldest > 0 and oldest[2] or -1}
