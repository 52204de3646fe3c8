-- Shared by the wrk scenarios (loaded with dofile from each one).
--
-- Errors: wrk itself only counts socket errors and responses with a status above 399. Every scenario
-- here also defines response(), which counts as an error any status outside 2xx/3xx (so 404, 410,
-- 429, 5xx count and a 302 does not) and, where the scenario sends a single kind of request, any
-- status other than the one it expects (a redirect answered 200 is an error too).
--
-- done() prints one machine-readable line that k6/bench.sh parses:
--   RESULT requests=N duration_s=S rps=R p50_ms=A p99_ms=B errors_http=E errors_socket=S
local common = {}

local threads = {}

-- Main Lua state: keep every thread, to add up their counters in done().
function setup(thread)
  table.insert(threads, thread)
end

-- Codes the bench seeds: bk00001 .. bk10000 (see bench.sh). A file of "code<TAB>url" lines, given
-- as the first script argument (wrk ... -- FILE), replaces them.
function common.codes(args)
  local codes = {}
  local file = args and args[1]
  if file and file ~= "" then
    for line in io.lines(file) do
      local code = line:match("^([^\t]+)")
      if code then table.insert(codes, code) end
    end
  else
    for i = 1, 10000 do table.insert(codes, string.format("bk%05d", i)) end
  end
  return codes
end

-- The API key (third script argument: wrk ... -- CODES_FILE USERS KEY), added to `headers`; the
-- service runs in AUTH_MODE=keys in the bench. Returns `headers`.
function common.auth(args, headers)
  local key = args and args[3]
  if key and key ~= "" then headers["X-API-Key"] = key end
  return headers
end

-- A per-thread random generator, seeded differently in every thread (wrk's threads share no state).
function common.seed()
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

-- Installs a response() that counts unexpected statuses into the thread global `errors`.
-- expected: a status the scenario must see, or nil for "any 2xx/3xx".
function common.count_errors(expected)
  errors = 0
  if expected then
    response = function(status, headers, body)
      if status ~= expected then errors = errors + 1 end
    end
  else
    response = function(status, headers, body)
      if status < 200 or status > 399 then errors = errors + 1 end
    end
  end
end

function done(summary, latency, requests)
  local http_errors = 0
  for _, thread in ipairs(threads) do
    http_errors = http_errors + (thread:get("errors") or 0)
  end
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f errors_http=%d errors_socket=%d "
      .. "wrk_status_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, http_errors, socket_errors, e.status))
end

return common
