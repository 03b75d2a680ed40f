-- Ask for a browser slot as one waiter, in fair order (fair_queue.lua, prepended): the slot is
-- granted when a free one reaches this waiter; otherwise the waiter keeps (or takes) its place in
-- the queue for waiterTtl and must ask again before then to keep it.
-- KEYS[1] nodes zset (declares the hash tag; every other key is derived from the prefix)
-- ARGV[1] prefix, ARGV[2] waiter id (also the lease id), ARGV[3] tenant, ARGV[4] cap (0 = none),
-- ARGV[5] weight, ARGV[6] lease ttl ms, ARGV[7] waiter ttl ms
-- Returns {'GRANTED', nodeId, nodeUrl, fence} | {'WAITING', 'AT_CAP' | 'FULL', position}
local prefix, waiter, tenant = ARGV[1], ARGV[2], ARGV[3]
local cap, weight, ttl, waiterTtl = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local now = now_ms()

local function claim()
  local grant = prefix .. ':queue:grant:' .. waiter
  local g = redis.call('HMGET', grant, 'node', 'url', 'fence')
  if not g[1] then return nil end
  redis.call('DEL', grant)
  return {'GRANTED', g[1], g[2], tostring(g[3])}
end

local granted = claim()
if granted then return granted end

local waiterKey = prefix .. ':queue:waiter:' .. waiter
local queued = redis.call('EXISTS', waiterKey) == 1

-- nobody waits at all: a free slot goes straight to a tenant under its cap, as the queue would give it
if not queued and redis.call('ZCARD', prefix .. ':queue:tenants') == 0
    and (cap == 0 or tenant_leases(prefix, tenant, now) < cap) then
  local node, url = free_node(prefix, now)
  if node then
    return {'GRANTED', node, url, tostring(grant_lease(prefix, waiter, tenant, node, url, ttl, now))}
  end
end

if not queued then
  local tenants = prefix .. ':queue:tenants'
  local seq = redis.call('INCR', prefix .. ':queue:seq')
  if not redis.call('ZSCORE', tenants, tenant) then
    -- joins at the virtual time, after the tenants already waiting there (a sliver per arrival)
    local vtime = tonumber(redis.call('GET', prefix .. ':queue:vtime') or '0')
    redis.call('ZADD', tenants, string.format('%.17g', vtime + (seq % 1000) * 1e-7), tenant)
  end
  redis.call('ZADD', prefix .. ':queue:tenant:' .. tenant, seq, waiter)
  redis.call('HSET', waiterKey, 'tenant', tenant, 'cap', cap, 'weight', weight)
end
redis.call('PEXPIRE', waiterKey, waiterTtl)

dispatch(prefix, ttl, now)
granted = claim()
if granted then return granted end

local atCap = cap > 0 and tenant_leases(prefix, tenant, now) >= cap
local position = redis.call('ZRANK', prefix .. ':queue:tenant:' .. tenant, waiter) or 0
return {'WAITING', atCap and 'AT_CAP' or 'FULL', tostring(position)}
