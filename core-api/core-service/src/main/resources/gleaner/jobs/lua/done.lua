-- A delivered job is dealt with: acknowledge it in the group and delete the entry, in one step.
-- KEYS[1] stream; ARGV[1] group; ARGV[2] entry id
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return redis.call('XDEL', KEYS[1], ARGV[2])
