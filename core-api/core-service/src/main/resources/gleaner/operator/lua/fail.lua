-- Counts a failed sign-in: KEYS as check.lua's, ARGV[1] the lockout ms, counted from a series' first failure.
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then
    redis.call('PEXPIRE', key, tonumber(ARGV[1]))
  end
end
return 'ok'
