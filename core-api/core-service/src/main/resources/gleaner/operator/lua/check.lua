-- Whether sign-ins are refused: KEYS the failure counts (the name's, and the address's if known), ARGV[1] the
-- failures allowed. Answers the ms until the longest lockout among the counts over the limit, or 0.
local wait = 0
for _, key in ipairs(KEYS) do
  local failures = tonumber(redis.call('GET', key) or '0')
  if failures >= tonumber(ARGV[1]) then
    wait = math.max(wait, redis.call('PTTL', key))
  end
end
return wait
