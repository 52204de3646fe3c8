-- Redirect spread: GET /{code} over all 10,000 seeded codes, in a random order per thread, so every
-- code is asked for and the lookup goes through the near cache's whole key set (and through
-- Redis and PostgreSQL for each code's first request). Expected: 302.
-- Usage: wrk -c500 -d20s -s k6/wrk/redirect-spread.lua http://127.0.0.1:8080 [-- CODES_FILE]
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local requests = {}
local n, i = 0, 0

function init(args)
  common.count_errors(302)
  common.seed()
  for _, code in ipairs(common.codes(args)) do
    table.insert(requests, wrk.format("GET", "/" .. code))
  end
  n = #requests
  -- shuffle once (Fisher-Yates), then walk round-robin: every code equally often, no repeats in a row
  for k = n, 2, -1 do
    local j = math.random(k)
    requests[k], requests[j] = requests[j], requests[k]
  end
end

function request()
  i = i % n + 1
  return requests[i]
end
