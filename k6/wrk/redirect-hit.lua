-- Redirect cache hit: every request is GET /{code} of one hot code (the first seeded one, or the
-- first line of the codes file), so after the first request it is always a near-cache hit.
-- Expected: 302. Usage: wrk -c500 -d20s -s k6/wrk/redirect-hit.lua http://127.0.0.1:8080 [-- CODES_FILE]
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function init(args)
  common.count_errors(302)
  -- a static path (no request() function) lets wrk reuse one pre-built request: the cheapest client
  wrk.path = "/" .. common.codes(args)[1]
end
