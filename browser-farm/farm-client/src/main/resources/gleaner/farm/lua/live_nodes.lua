-- Live nodes with their url and capacity, dropping those whose heartbeat lapsed.
-- KEYS[1] nodes zset; ARGV[1] key prefix
-- Returns a flat list: id, url, capacity, id, url, capacity ...
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local out = {}
for _, node in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local info = redis.call('HMGET', ARGV[1] .. ':node:' .. node, 'url', 'capacity')
  if info[1] and info[2] then
    table.insert(out, node); table.insert(out, info[1]); table.insert(out, info[2])
  end
end
return out
