-- Adds to one count of a tenant's month (pages, browser_ms, llm_in, llm_out): KEYS and ARGV[1] as admit.lua's, ARGV[2] the
-- field, ARGV[3] the amount, ARGV[4] the hash's ttl ms. Answers 'init' when the hash is not in Redis.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'init'
end
redis.call('HINCRBY', KEYS[1], ARGV[2], tonumber(ARGV[3]))
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
return 'ok'
