-- Fills a tenant's month from what PostgreSQL holds, unless another instance did first: KEYS[1] the hash,
-- ARGV requests, pages, browser_ms, ttl ms, llm_in, llm_out.
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'requests', ARGV[1], 'pages', ARGV[2], 'browser_ms', ARGV[3], 'llm_in', ARGV[5],
    'llm_out', ARGV[6])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
end
return 'ok'
