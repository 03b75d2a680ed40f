-- Admits a tenant's request against its monthly allowances, counting it: KEYS[1] the tenant's usage hash
-- for the month, KEYS[2] the set of hashes changed since the last flush to PostgreSQL. ARGV: the hash's
-- member name in that set, requests to count, the allowances of requests, pages and browser ms (-1:
-- unlimited), 1 when the request needs the browser, the hash's ttl ms, the allowance of a language model's
-- tokens (in and out; -1: unlimited), 1 when the request asks a language model.
-- Answers {'init'} when the month's hash is not in Redis (it is filled from PostgreSQL first), {'ok'},
-- or {allowance, used} for the allowance it would pass.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'init'}
end
local count = tonumber(ARGV[2])
local used = redis.call('HMGET', KEYS[1], 'requests', 'pages', 'browser_ms', 'llm_in', 'llm_out')
local requests = tonumber(used[1]) or 0
local pages = tonumber(used[2]) or 0
local browser = tonumber(used[3]) or 0
local llm = (tonumber(used[4]) or 0) + (tonumber(used[5]) or 0)
local max_llm = tonumber(ARGV[8])
local max_requests = tonumber(ARGV[3])
local max_pages = tonumber(ARGV[4])
local max_browser = tonumber(ARGV[5])
if max_requests >= 0 and requests + count > max_requests then
  return {'requests', tostring(requests)}
end
if max_pages >= 0 and pages >= max_pages then
  return {'pages', tostring(pages)}
end
if ARGV[6] == '1' and max_browser >= 0 and browser >= max_browser then
  return {'browserSeconds', tostring(browser)}
end
if ARGV[9] == '1' and max_llm >= 0 and llm >= max_llm then
  return {'llmTokens', tostring(llm)}
end
redis.call('HINCRBY', KEYS[1], 'requests', count)
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[7]))
return {'ok'}
