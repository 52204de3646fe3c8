-- Status-code accounting for wrk, shared by every load of the chaos scenarios.
--
--   [CHAOS_PAUSE_MS=N] wrk -s chaos/lib/count.lua URL -- PATHS_FILE [EXPECT] [METHOD] [DURATION DRAIN]
--
-- PATHS_FILE: one request path per line (e.g. /aB3dE9); each thread walks the list from its own
-- starting point. EXPECT: the one status every answer should have (e.g. 302), 0 for "any 2xx/3xx".
-- METHOD: GET by default.
-- DURATION DRAIN (seconds): for the last DRAIN seconds of a DURATION-second run, ask GET /health
-- instead (counted apart, as "drain"). wrk abandons the requests in flight when it stops; with a
-- drain those are health checks, so every redirect the service answered reached wrk and was
-- counted here: the number of 302s can be compared with the redirect events written.
-- CHAOS_PAUSE_MS (environment): pause of each connection between two requests, to bound the
-- request rate (e.g. so that the clicks buffered during a database outage stay below the click
-- queue's capacity). An environment variable because wrk decides from the script's top level
-- whether delay() exists, before any argument is seen; without it no delay() and no cost.
--
-- At the end prints one line "CHAOS_RESULT {json}" with the exact counts: requests, status codes,
-- socket errors by kind, answers that were not EXPECT, and per second (wall clock) the number of
-- answers and of bad ones (not EXPECT, or >= 400 when EXPECT is 0), which shows when a fault hit.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("no paths in " .. tostring(args[1])) end
  expect = tonumber(args[2] or "0") or 0
  method = args[3] or "GET"
  local duration, drain = tonumber(args[4] or ""), tonumber(args[5] or "")
  drain_at = nil
  if duration and drain and drain > 0 then drain_at = os.time() + duration - drain end
  draining = false
  drain_answers = 0
  drain_bad = 0
  drain_request = wrk.format("GET", "/health")
  -- spread the threads over the list
  index = math.floor((id - 1) * #paths / 2) % #paths
  statuses = {}
  unexpected = 0
  -- answers and bad answers per wall-clock second; two flat tables, because wrk's thread:get
  -- crashes (segfault, wrk 4.1) on copying nested tables
  sec_all = {}
  sec_bad = {}
end

function request()
  if drain_at and not draining and os.time() >= drain_at then draining = true end
  if draining then return drain_request end
  index = index % #paths + 1
  return wrk.format(method, paths[index])
end

local pause = tonumber(os.getenv("CHAOS_PAUSE_MS") or "")
if pause and pause > 0 then
  function delay()
    return pause
  end
end

function response(status, headers, body)
  -- a drain answer is a 200 from /health; a 302 is always the answer to a redirect request
  if draining and status ~= 302 then
    drain_answers = drain_answers + 1
    if status ~= 200 then drain_bad = drain_bad + 1 end
    return
  end
  statuses[status] = (statuses[status] or 0) + 1
  local bad
  if expect > 0 then bad = status ~= expect else bad = status >= 400 end
  local now = os.time()
  sec_all[now] = (sec_all[now] or 0) + 1
  if bad then
    unexpected = unexpected + 1
    sec_bad[now] = (sec_bad[now] or 0) + 1
  end
end

local function json_map(t, fmt)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = string.format(fmt, tostring(k), t[k]) end
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests)
  local all_statuses, all, bad, all_unexpected, drain_answers, drain_bad = {}, {}, {}, 0, 0, 0
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      all_statuses[status] = (all_statuses[status] or 0) + n
    end
    for second, n in pairs(thread:get("sec_all")) do all[second] = (all[second] or 0) + n end
    for second, n in pairs(thread:get("sec_bad")) do bad[second] = (bad[second] or 0) + n end
    all_unexpected = all_unexpected + thread:get("unexpected")
    drain_answers = drain_answers + thread:get("drain_answers")
    drain_bad = drain_bad + thread:get("drain_bad")
  end
  local per_second = {}
  for second, n in pairs(all) do per_second[second] = string.format("[%d,%d]", n, bad[second] or 0) end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'CHAOS_RESULT {"requests":%d,"duration_s":%.3f,"rps":%.1f,"expect":%d,"unexpected":%d,' ..
    '"status_errors":%d,"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},' ..
    '"failed":%d,"statuses":%s,"drain":{"answers":%d,"bad":%d},' ..
    '"latency_ms":{"p50":%.2f,"p99":%.2f,"max":%.2f},"per_second":%s}\n',
    summary.requests, seconds, summary.requests / seconds, threads[1]:get("expect"), all_unexpected + drain_bad,
    e.status, e.connect, e.read, e.write, e.timeout,
    e.status + e.connect + e.read + e.write + e.timeout,
    json_map(all_statuses, '"%s":%d'), drain_answers, drain_bad,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    json_map(per_second, '"%s":%s')))
end
