-- Reserve a browser slot on the live, unsuspected node with the most free capacity.
-- KEYS[1] nodes zset, KEYS[2] fencing counter, KEYS[3] tenant leases zset
-- ARGV[1] key prefix, ARGV[2] lease id, ARGV[3] tenant id, ARGV[4] tenant cap (0 = none), ARGV[5] ttl ms
-- Returns {'GRANTED', nodeId, nodeUrl, fence} | {'TENANT_AT_CAPACITY'} | {'NO_CAPACITY'}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local prefix, leaseId, tenant = ARGV[1], ARGV[2], ARGV[3]
local cap, ttl = tonumber(ARGV[4]), tonumber(ARGV[5])

local function keep_alive(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
if cap > 0 and redis.call('ZCARD', KEYS[3]) >= cap then
  return {'TENANT_AT_CAPACITY'}
end

local best, bestUrl, bestFree = nil, nil, 0
for _, node in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local info = redis.call('HMGET', prefix .. ':node:' .. node, 'url', 'capacity')
  -- a node a caller could not reach lately is passed over until its suspect mark expires
  if info[1] and info[2] and redis.call('EXISTS', prefix .. ':node:' .. node .. ':suspect') == 0 then
    local leases = prefix .. ':node:' .. node .. ':leases'
    redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
    local free = tonumber(info[2]) - redis.call('ZCARD', leases)
    if free > bestFree then best, bestUrl, bestFree = node, info[1], free end
  end
end
if not best then return {'NO_CAPACITY'} end

local fence = redis.call('INCR', KEYS[2])
local deadline = now + ttl
local nodeLeases = prefix .. ':node:' .. best .. ':leases'
redis.call('ZADD', nodeLeases, deadline, leaseId)
keep_alive(nodeLeases, ttl)
redis.call('ZADD', KEYS[3], deadline, leaseId)
keep_alive(KEYS[3], ttl)
local leaseKey = prefix .. ':lease:' .. leaseId
redis.call('HSET', leaseKey, 'node', best, 'url', bestUrl, 'tenant', tenant, 'fence', fence)
redis.call('PEXPIRE', leaseKey, ttl)
return {'GRANTED', best, bestUrl, tostring(fence)}
