-- Tells the gate how one admitted fetch ended. ARGV: permit id, kind (ok, throttled, failure, blocked,
-- captcha, neutral: a failure of our own, which says nothing about the domain), Retry-After ms (0 none),
-- rate ceiling, minimum rate, increase per success, failures that open the breaker, how long it stays
-- open (ms), blocks that pause the domain (0 never), the window they count in (ms).
-- Answers {breaker state, 1 when this report opened the breaker else 0, 1 when the domain should be
-- paused for its blocks else 0, current rate}.
local now = now_ms()
local id = ARGV[1]
local kind = ARGV[2]
local retry_after = tonumber(ARGV[3])
local base = tonumber(ARGV[4])
local min_rate = tonumber(ARGV[5])
local increase = tonumber(ARGV[6])
local threshold = tonumber(ARGV[7])
local open_ms = tonumber(ARGV[8])
local block_after = tonumber(ARGV[9])
local block_window = tonumber(ARGV[10])

redis.call('ZREM', KEYS[2], id)
local s = redis.call('HMGET', KEYS[1], 'rate', 'floor', 'breaker', 'probe', 'fails', 'blocks', 'blocks_since')
local rate = tonumber(s[1]) or base
if rate > base then rate = base end
local floor = tonumber(s[2]) or 0
local breaker = s[3] or 'closed'
local fails = tonumber(s[5]) or 0
local blocks = tonumber(s[6]) or 0
local blocks_since = tonumber(s[7]) or now
local failed = kind == 'throttled' or kind == 'failure' or kind == 'blocked' or kind == 'captcha'
local opened = 0
local pause = 0

if kind == 'throttled' then
  rate = math.max(min_rate, rate / 2)
  if retry_after > 0 and now + retry_after > floor then
    floor = now + retry_after
  end
  count(KEYS[1], now, 'thr')
elseif kind == 'ok' then
  rate = math.min(base, rate + increase)
elseif kind == 'failure' then
  count(KEYS[1], now, 'err')
elseif kind == 'blocked' or kind == 'captcha' then
  count(KEYS[1], now, kind == 'blocked' and 'blk' or 'cap')
  if now - blocks_since > block_window then
    blocks = 0
    blocks_since = now
  end
  blocks = blocks + 1
  if block_after > 0 and blocks >= block_after then
    pause = 1
    blocks = 0
    blocks_since = now
  end
end

if s[4] == id then
  -- the half-open breaker's probe: it closes the breaker, or opens it again
  redis.call('HDEL', KEYS[1], 'probe', 'probe_until')
  if failed then
    breaker = 'open'
    opened = 1
    redis.call('HSET', KEYS[1], 'open_until', now + open_ms)
  elseif kind == 'ok' then
    breaker = 'closed'
  end
  fails = 0
elseif breaker == 'closed' then
  if failed then
    fails = fails + 1
    if fails >= threshold then
      breaker = 'open'
      opened = 1
      fails = 0
      redis.call('HSET', KEYS[1], 'open_until', now + open_ms)
    end
  elseif kind == 'ok' then
    fails = 0
  end
end

redis.call('HSET', KEYS[1], 'rate', tostring(rate), 'floor', floor, 'breaker', breaker, 'fails', fails,
  'blocks', blocks, 'blocks_since', blocks_since)
redis.call('PEXPIRE', KEYS[1], STATE_TTL)
return {breaker, opened, pause, tostring(rate)}
