-- The fair queue shared by acquire_lease, release_lease and leave_queue (prepended to each).
-- Waiting requests queue per tenant (first come, first served within a tenant); tenants take turns
-- by stride scheduling: the queued tenant with the lowest pass is served next, and serving it adds
-- 1/weight to its pass, so a tenant with weight 2 gets two turns for another's one. A tenant that
-- starts waiting joins at the current virtual time plus a sliver that grows with arrival, so it goes
-- after the tenants already waiting at that time and before those already served beyond it.
-- A tenant at its concurrency cap is passed over until one of its leases ends.
--
-- Keys (all under prefix, one hash tag): queue:tenants zset tenant -> pass; queue:tenant:<t> zset
-- waiter -> arrival; queue:waiter:<w> hash tenant, cap, weight (expires unless the waiter asks again);
-- queue:grant:<w> hash node, url, fence (a slot handed to a waiter; the lease id is the waiter id);
-- queue:vtime, queue:seq counters; channel queue:granted (waiter ids, a hint to ask again at once).

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function keep_alive(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end

-- The live, unsuspected, undrained node with the most free slots: id, url; nil when every slot is taken.
local function free_node(prefix, now)
  redis.call('ZREMRANGEBYSCORE', prefix .. ':nodes', '-inf', now)
  local best, bestUrl, bestFree = nil, nil, 0
  for _, node in ipairs(redis.call('ZRANGE', prefix .. ':nodes', 0, -1)) do
    local info = redis.call('HMGET', prefix .. ':node:' .. node, 'url', 'capacity')
    -- a node a caller could not reach lately is passed over until its suspect mark expires, and a node an
    -- operator drains until it is undrained
    if info[1] and info[2] and redis.call('EXISTS', prefix .. ':node:' .. node .. ':suspect') == 0
        and redis.call('EXISTS', prefix .. ':node:' .. node .. ':draining') == 0 then
      local leases = prefix .. ':node:' .. node .. ':leases'
      redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
      local free = tonumber(info[2]) - redis.call('ZCARD', leases)
      if free > bestFree then best, bestUrl, bestFree = node, info[1], free end
    end
  end
  return best, bestUrl
end

local function tenant_leases(prefix, tenant, now)
  local key = prefix .. ':tenant:' .. tenant .. ':leases'
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  return redis.call('ZCARD', key)
end

-- Records a lease on the node for the tenant; returns its fencing token.
local function grant_lease(prefix, leaseId, tenant, node, url, ttl, now)
  local fence = redis.call('INCR', prefix .. ':fence')
  local deadline = now + ttl
  local nodeLeases = prefix .. ':node:' .. node .. ':leases'
  redis.call('ZADD', nodeLeases, deadline, leaseId)
  keep_alive(nodeLeases, ttl)
  local tenantLeases = prefix .. ':tenant:' .. tenant .. ':leases'
  redis.call('ZADD', tenantLeases, deadline, leaseId)
  keep_alive(tenantLeases, ttl)
  local leaseKey = prefix .. ':lease:' .. leaseId
  redis.call('HSET', leaseKey, 'node', node, 'url', url, 'tenant', tenant, 'fence', fence)
  redis.call('PEXPIRE', leaseKey, ttl)
  return fence
end

local function drop_lease(prefix, leaseId)
  local leaseKey = prefix .. ':lease:' .. leaseId
  local info = redis.call('HMGET', leaseKey, 'node', 'tenant')
  if info[1] then
    redis.call('ZREM', prefix .. ':node:' .. info[1] .. ':leases', leaseId)
    redis.call('ZREM', prefix .. ':tenant:' .. info[2] .. ':leases', leaseId)
  end
  redis.call('DEL', leaseKey)
end

-- The next waiter in fair order whose tenant is under its cap: tenant, waiter, weight; nil if none.
-- Waiters that stopped asking (their hash expired) are dropped on the way.
local function next_waiter(prefix, now)
  local tenants = prefix .. ':queue:tenants'
  for _, tenant in ipairs(redis.call('ZRANGE', tenants, 0, -1)) do
    local queue = prefix .. ':queue:tenant:' .. tenant
    local chosen = nil
    while true do
      local head = redis.call('ZRANGE', queue, 0, 0)[1]
      if not head then break end
      local w = redis.call('HMGET', prefix .. ':queue:waiter:' .. head, 'cap', 'weight')
      if w[1] then chosen = {head, tonumber(w[1]), tonumber(w[2])} break end
      redis.call('ZREM', queue, head)
    end
    if not chosen then
      redis.call('ZREM', tenants, tenant)
    elseif chosen[2] == 0 or tenant_leases(prefix, tenant, now) < chosen[2] then
      return tenant, chosen[1], chosen[3]
    end
  end
  return nil
end

local function dequeue(prefix, tenant, waiter)
  redis.call('ZREM', prefix .. ':queue:tenant:' .. tenant, waiter)
  redis.call('DEL', prefix .. ':queue:waiter:' .. waiter)
  if redis.call('ZCARD', prefix .. ':queue:tenant:' .. tenant) == 0 then
    redis.call('ZREM', prefix .. ':queue:tenants', tenant)
  end
end

-- Hands free slots to waiters in fair order until slots or eligible waiters run out.
local function dispatch(prefix, ttl, now)
  while true do
    -- nobody waiting (the common case): nothing to hand on, no node to look at
    if redis.call('ZCARD', prefix .. ':queue:tenants') == 0 then return end
    local node, url = free_node(prefix, now)
    if not node then return end
    local tenant, waiter, weight = next_waiter(prefix, now)
    if not tenant then return end
    local fence = grant_lease(prefix, waiter, tenant, node, url, ttl, now)
    local grant = prefix .. ':queue:grant:' .. waiter
    redis.call('HSET', grant, 'node', node, 'url', url, 'fence', fence)
    redis.call('PEXPIRE', grant, ttl)
    local pass = tonumber(redis.call('ZSCORE', prefix .. ':queue:tenants', tenant))
    redis.call('SET', prefix .. ':queue:vtime', string.format('%.17g', pass))
    dequeue(prefix, tenant, waiter)
    if redis.call('EXISTS', prefix .. ':queue:tenant:' .. tenant) == 1 then
      redis.call('ZADD', prefix .. ':queue:tenants', string.format('%.17g', pass + 1 / weight), tenant)
    end
    redis.call('PUBLISH', prefix .. ':queue:granted', waiter)
  end
end
