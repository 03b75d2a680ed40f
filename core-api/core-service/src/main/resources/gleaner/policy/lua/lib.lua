-- Shared by the domain gate's scripts. A domain's state is one hash (KEYS[1]); its fetches in flight one
-- sorted set of permit ids scored by when they lapse (KEYS[2]). Times are Redis's own clock, in ms, so
-- every core-api instance sees the same time.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local WINDOW = 60000
local COUNTS = {'req', 'thr', 'err', 'blk', 'cap'}

-- Adds one to a count of the current minute; the minute before is kept beside it as p_<name>.
local function count(key, now, name)
  local window = math.floor(now / WINDOW)
  local at = tonumber(redis.call('HGET', key, 'w') or '-1')
  if at ~= window then
    for _, c in ipairs(COUNTS) do
      local current = (at == window - 1) and (redis.call('HGET', key, c) or '0') or '0'
      redis.call('HSET', key, 'p_' .. c, current, c, '0')
    end
    redis.call('HSET', key, 'w', window)
  end
  if name then
    redis.call('HINCRBY', key, name, 1)
  end
end

local STATE_TTL = 86400000
