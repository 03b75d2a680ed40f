-- Asks the gate for one fetch from a domain. ARGV: rate (req/s, this domain's ceiling), burst,
-- max concurrency, permit id, permit ttl ms, and '1' to charge a fetch that already happened (a browser's
-- redirect hop): it takes a token even into debt (at most a minute's worth), so the fetches after it wait,
-- and holds no place in flight.
-- Answers {verdict, wait ms, probe}: verdict 0 admitted (probe 1 when it is the half-open breaker's
-- one probe), 1 wait for the rate, 2 wait for a fetch in flight to end, 3 the breaker is open,
-- 4 wait for a Retry-After the domain asked for.
local now = now_ms()
local base = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
local id = ARGV[4]
local ttl = tonumber(ARGV[5])
local charge = ARGV[6] == '1'
local s = redis.call('HMGET', KEYS[1], 'rate', 'tokens', 'ts', 'floor', 'breaker', 'open_until', 'probe', 'probe_until')
local rate = tonumber(s[1]) or base
if rate > base then rate = base end
local tokens = tonumber(s[2]) or burst
local ts = tonumber(s[3]) or now
local floor = tonumber(s[4]) or 0
local breaker = s[5] or 'closed'
local probe = 0

if charge then
  tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000) - 1
  if tokens < -rate * 60 then tokens = -rate * 60 end
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', math.max(now, ts), 'rate', tostring(rate), 'seen', now)
  count(KEYS[1], now, 'req')
  redis.call('PEXPIRE', KEYS[1], STATE_TTL)
  return {0, 0, 0}
end

if breaker == 'open' then
  local open_until = tonumber(s[6]) or 0
  if now < open_until then
    return {3, open_until - now, 0}
  end
  breaker = 'half-open'
end
if breaker == 'half-open' then
  local probe_until = tonumber(s[8]) or 0
  if s[7] and now < probe_until then
    return {3, math.min(probe_until - now, 1000), 0}
  end
  probe = 1
end
if now < floor then
  return {4, floor - now, 0}
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= cap then
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return {2, math.max(1, math.min(100, tonumber(first[2]) - now)), 0}
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
if tokens < 1 then
  return {1, math.max(1, math.ceil((1 - tokens) * 1000 / rate)), 0}
end
redis.call('ZADD', KEYS[2], now + ttl, id)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'ts', now, 'rate', tostring(rate), 'breaker', breaker,
  'seen', now)
if probe == 1 then
  redis.call('HSET', KEYS[1], 'probe', id, 'probe_until', now + ttl)
end
count(KEYS[1], now, 'req')
redis.call('PEXPIRE', KEYS[1], STATE_TTL)
redis.call('PEXPIRE', KEYS[2], STATE_TTL)
return {0, 0, probe}
