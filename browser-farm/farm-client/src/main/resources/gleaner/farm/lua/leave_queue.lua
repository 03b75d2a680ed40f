-- A waiter gives up (its time ran out, or its caller went away): it leaves the queue, and a slot
-- handed to it meanwhile goes on to the next waiter (fair_queue.lua, prepended).
-- KEYS[1] nodes zset (hash tag); ARGV[1] prefix, ARGV[2] waiter id, ARGV[3] lease ttl ms
-- Returns 1 when a slot handed to the waiter was passed on, else 0.
local prefix, waiter = ARGV[1], ARGV[2]
local handedOn = 0
local grant = prefix .. ':queue:grant:' .. waiter
if redis.call('EXISTS', grant) == 1 then
  redis.call('DEL', grant)
  drop_lease(prefix, waiter)
  handedOn = 1
end
local tenant = redis.call('HGET', prefix .. ':queue:waiter:' .. waiter, 'tenant')
if tenant then dequeue(prefix, tenant, waiter) end
dispatch(prefix, tonumber(ARGV[3]), now_ms())
return handedOn
