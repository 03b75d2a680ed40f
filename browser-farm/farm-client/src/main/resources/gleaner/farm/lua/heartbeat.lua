-- Register a node or refresh its registration.
-- KEYS[1] nodes zset, KEYS[2] node hash; ARGV[1] node id, ARGV[2] url, ARGV[3] capacity, ARGV[4] ttl ms
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[4])
redis.call('HSET', KEYS[2], 'url', ARGV[2], 'capacity', ARGV[3])
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
