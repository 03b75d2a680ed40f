-- Return a lease's slot, only for the holder of its current fencing token.
-- KEYS[1] lease hash; ARGV[1] key prefix, ARGV[2] lease id, ARGV[3] fence
-- Returns 1 when released, 0 when the lease is gone or the fence is stale.
local info = redis.call('HMGET', KEYS[1], 'node', 'tenant', 'fence')
if not info[1] or info[3] ~= ARGV[3] then return 0 end
local prefix, leaseId = ARGV[1], ARGV[2]
redis.call('ZREM', prefix .. ':node:' .. info[1] .. ':leases', leaseId)
redis.call('ZREM', prefix .. ':tenant:' .. info[2] .. ':leases', leaseId)
redis.call('DEL', KEYS[1])
return 1
