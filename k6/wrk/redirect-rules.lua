-- Redirect of a link with three targeting rules (device mobile, language fr, country DE; bench.sh
-- seeds it as bkrules): a desktop Chrome that prefers English matches none of them, so every request
-- parses (cached) its user agent, evaluates all three rules and gets the original URL. Such a link
-- leaves the fast lane (only plain links take it): this is the routed path plus the rules.
-- Expected: 302. Usage: wrk -c500 -d20s -s k6/wrk/redirect-rules.lua http://127.0.0.1:8080
local common = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

function init(args)
  common.count_errors(302)
  wrk.path = "/bkrules"
  wrk.headers["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    .. "Chrome/126.0.0.0 Safari/537.36"
  wrk.headers["Accept-Language"] = "en-US,en;q=0.9"
end
