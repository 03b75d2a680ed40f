-- Extend a live lease held with the current fencing token.
-- KEYS[1] lease hash; ARGV[1] key prefix, ARGV[2] lease id, ARGV[3] fence, ARGV[4] ttl ms
-- Returns 1 when renewed, 0 when the lease is gone or the fence is stale.
local info = redis.call('HMGET', KEYS[1], 'node', 'tenant', 'fence')
if not info[1] or info[3] ~= ARGV[3] then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[4])
local prefix, leaseId = ARGV[1], ARGV[2]
for _, key in ipairs({prefix .. ':node:' .. info[1] .. ':leases', prefix .. ':tenant:' .. info[2] .. ':leases'}) do
  redis.call('ZADD', key, 'XX', now + ttl, leaseId)
  if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
end
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
