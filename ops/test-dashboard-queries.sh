#!/usr/bin/env bash
# Evaluates every Prometheus query of the Grafana dashboard against a running replica.
#
#   ops/test-dashboard-queries.sh HOST:PORT     e.g. ops/test-dashboard-queries.sh 127.0.0.1:8080
#
# Starts a throwaway Prometheus on 127.0.0.1 that scrapes HOST:PORT/metrics every second
# (job "shortener"), waits for samples, then runs each panel's `expr` through /api/v1/query.
# A query that errors or returns no series fails. Loki targets are skipped. Generate some
# traffic first (redirects, API calls), or series that only appear on use will be missing.
# Env: DASHBOARD (default grafana/dashboards/shortener.json), WAIT_SECONDS (default 15).
set -euo pipefail

target=${1:?usage: $0 HOST:PORT}
root=$(cd "$(dirname "$0")/.." && pwd)
dashboard=${DASHBOARD:-$root/grafana/dashboards/shortener.json}
wait_seconds=${WAIT_SECONDS:-15}

# shellcheck source=ops/lib/apt.sh
source "$root/ops/lib/apt.sh"
command -v prometheus >/dev/null || apt_install prometheus

# First free port from 19090 up: never the default 9090, never a port in use.
port=$(python3 -c '
import socket
for p in range(19090, 19190):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Prometheus (Go) does
    try:
        s.bind(("127.0.0.1", p)); print(p); break
    except OSError: pass
    finally: s.close()')

tmp=$(mktemp -d)
prom_pid=""
cleanup() {
  if [ -n "$prom_pid" ]; then kill "$prom_pid" 2>/dev/null || true; wait "$prom_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap "exit 130" INT
trap "exit 143" TERM

cat > "$tmp/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: shortener
    static_configs:
      - targets: ['$target']
YAML

prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/data" \
  --web.listen-address="127.0.0.1:$port" >"$tmp/prometheus.log" 2>&1 &
prom_pid=$!

python3 - "$dashboard" "http://127.0.0.1:$port" "$wait_seconds" "$tmp/prometheus.log" <<'PY'
import json, sys, time, urllib.error, urllib.parse, urllib.request

dashboard, base, wait_seconds, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

def get(path):
    with urllib.request.urlopen(base + path, timeout=5) as r:
        return json.load(r) if path.startswith("/api/") else r.read()

deadline = time.time() + 30
while True:
    try:
        get("/-/ready"); break
    except Exception:
        if time.time() > deadline:
            sys.exit("prometheus did not start:\n" + open(log).read()[-2000:])
        time.sleep(0.5)
# Targets are applied a few seconds after start: wait for the first scrape, then collect.
deadline = time.time() + 30
while not get("/api/v1/query?query=up")["data"]["result"] and time.time() < deadline:
    time.sleep(0.5)
print(f"prometheus on {base}, collecting samples for {wait_seconds} s")
time.sleep(wait_seconds)

def panels(items):
    for p in items:
        yield p
        yield from panels(p.get("panels", []))

passed = failed = 0
up = get("/api/v1/query?query=" + urllib.parse.quote("up"))["data"]["result"]
if not any(r["value"][1] == "1" for r in up):
    print("FAIL target scrape: up != 1 (is the target serving /metrics?)")
    failed += 1

for p in panels(json.load(open(dashboard))["panels"]):
    for t in p.get("targets", []):
        ds = t.get("datasource") or p.get("datasource") or {}
        if ds.get("type") == "loki" or "expr" not in t:
            continue
        expr = t["expr"].replace("$__rate_interval", "1m")
        name = f'{p["title"]} [{t["refId"]}]'
        try:
            body = get("/api/v1/query?query=" + urllib.parse.quote(expr))
            n = len(body["data"]["result"])
            ok, detail = n > 0, f"{n} series" if n else "empty result"
        except urllib.error.HTTPError as e:
            ok, detail = False, json.load(e).get("error", str(e))
        except Exception as e:
            ok, detail = False, str(e)
        print(f'{"PASS" if ok else "FAIL"} {name}: {detail}')
        if not ok:
            print(f"     expr: {expr}")
        passed += ok
        failed += not ok

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
