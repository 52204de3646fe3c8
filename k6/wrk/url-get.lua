-- Authenticated read: GET /urls/{id} of a random seeded URL (1..10,000) with the API key, expected
-- 200. What the key check (cached principal) and the rate limiter (one Redis script) cost on an API
-- read: bench.sh runs it against the service in keys mode with the limiter on, and once more in open
-- mode without a limit (url-get-open), the "before".
-- Usage: wrk -c500 -d20s -s k6/wrk/url-get.lua http://127.0.0.1:8080 [-- CODES_FILE USERS API_KEY]
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local headers = {}

function init(args)
  common.count_errors(200)
  common.seed()
  common.auth(args, headers)
end

function request()
  return wrk.format("GET", "/urls/" .. math.random(10000), headers)
end
