-- Return a lease's slot, only for the holder of its current fencing token, and hand it on to the
-- next waiter in fair order (fair_queue.lua, prepended).
-- KEYS[1] lease hash; ARGV[1] key prefix, ARGV[2] lease id, ARGV[3] fence, ARGV[4] lease ttl ms for a handed-on slot
-- Returns 1 when released, 0 when the lease is gone or the fence is stale.
local info = redis.call('HMGET', KEYS[1], 'node', 'tenant', 'fence')
if not info[1] or info[3] ~= ARGV[3] then return 0 end
local prefix, leaseId = ARGV[1], ARGV[2]
drop_lease(prefix, leaseId)
dispatch(prefix, tonumber(ARGV[4]), now_ms())
return 1
