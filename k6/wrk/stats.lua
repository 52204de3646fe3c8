-- GET of one stats path (first script argument), for k6/stats-bench.sh. Any status but 200 is an
-- error. done() prints: STATS requests=N rps=R p50_ms=A p95_ms=B p99_ms=C max_ms=D errors=E
local threads = {}
local path = "/"

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  path = args[1]
  errors = 0
end

function request()
  return wrk.format("GET", path)
end

function response(status)
  if status ~= 200 then errors = errors + 1 end
end

function done(summary, latency, requests)
  local errs = summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout
  for _, t in ipairs(threads) do errs = errs + t:get("errors") end
  io.write(string.format("STATS requests=%d rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errs))
end
