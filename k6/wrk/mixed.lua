-- Mixed: the original service's stress journey, with equal weights: GET /health,
-- GET /urls?user_id=N&per_page=20, POST /urls, then GET /urls/{id} twice for the URL just created.
-- wrk runs one Lua state per thread, not per connection, so each thread cycles through the five
-- steps and the two reads use the id of the thread's latest 201 (a seeded id until the first one).
-- Any status outside 2xx/3xx is an error. Usage: wrk ... -s k6/wrk/mixed.lua URL [-- CODES_FILE USERS API_KEY]
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local json = { ["Content-Type"] = "application/json" }
local auth = {}
local users, prefix, step, n, last_id = 1000, "", 0, 0, 1

function init(args)
  common.count_errors(nil)
  local count_errors = response
  common.seed()
  common.auth(args, json)
  common.auth(args, auth)
  users = tonumber(args[2] or "") or users
  last_id = math.random(10000)
  prefix = string.format("https://example.com/wrk/%d-%d/", os.time(), math.random(1e9))
  response = function(status, headers, body)
    count_errors(status, headers, body)
    if status == 201 then
      last_id = tonumber(body:match('^{"id":(%d+)')) or last_id
    end
  end
end

function request()
  step = step % 5 + 1
  if step == 1 then
    return wrk.format("GET", "/health")
  elseif step == 2 then
    return wrk.format("GET", string.format("/urls?user_id=%d&per_page=20", math.random(users)), auth)
  elseif step == 3 then
    n = n + 1
    local body = string.format('{"user_id":%d,"original_url":"%s%d","title":"wrk mixed"}',
      math.random(users), prefix, n)
    return wrk.format("POST", "/urls", json, body)
  end
  return wrk.format("GET", "/urls/" .. last_id, auth)
end
