-- Remove a node at once; its leases expire on their own.
-- KEYS[1] nodes zset, KEYS[2] node hash; ARGV[1] node id
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
