-- Create URL: POST /urls with a valid body for a random seeded user (1..USERS, default 1,000;
-- second script argument), a unique original_url per request. Expected: 201.
-- Usage: wrk -c500 -d20s -s k6/wrk/create.lua http://127.0.0.1:8080 [-- CODES_FILE USERS API_KEY]
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local headers = { ["Content-Type"] = "application/json" }
local users, prefix, n = 1000, "", 0

function init(args)
  common.count_errors(201)
  common.seed()
  common.auth(args, headers)
  users = tonumber(args[2] or "") or users
  prefix = string.format("https://example.com/wrk/%d-%d/", os.time(), math.random(1e9))
end

function request()
  n = n + 1
  local body = string.format('{"user_id":%d,"original_url":"%s%d","title":"wrk create"}',
    math.random(users), prefix, n)
  return wrk.format("POST", "/urls", headers, body)
end
