-- Takes every field of a hash and deletes it, in one step, so that what a gateway adds meanwhile is
-- never lost: it lands in a new hash, taken next time.
-- KEYS[1] the hash
local entries = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
return entries
