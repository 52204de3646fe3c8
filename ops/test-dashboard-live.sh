#!/usr/bin/env bash
# Starts the built jar in dev mode (embedded PostgreSQL and Redis, throwaway data dir, free ports),
# drives some traffic through every kind of route, then runs ops/test-dashboard-queries.sh against
# it, so every Grafana panel query is evaluated on real /metrics. Stops everything it started.
#
#   ops/test-dashboard-live.sh          (needs target/url-shortener.jar)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar=$root/target/url-shortener.jar
[ -f "$jar" ] || { echo "build first: mvn -DskipTests package" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http_port=$(free_port)
work=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# keys mode, as in production: the traffic below carries an admin key, so the API-key and rate-limit
# code runs and its series exist
key=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
(cd "$work" && HTTP_PORT=$http_port SHORTENER_DEV_DATA_DIR="$work/data" \
  AUTH_MODE=keys API_KEYS="$(printf %s "$key" | sha256sum | cut -d' ' -f1)" \
  SHORTENER_DEV_POSTGRES_PORT=$(free_port) SHORTENER_DEV_REDIS_PORT=$(free_port) \
  ACCESS_LOG_LEVEL=OFF exec java -Xmx256m -jar "$jar" dev >"$work/service.log" 2>&1) &
pid=$!
base=http://127.0.0.1:$http_port
for _ in $(seq 1 120); do
  curl -fs "$base/health/ready" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/service.log"; exit 1; }
  sleep 0.5
done
curl -fs "$base/health/ready" >/dev/null || { echo "service did not become ready" >&2; cat "$work/service.log"; exit 1; }

# traffic: creates, reads, lists, redirects (hits and misses), errors, so every series exists
auth=(-H "X-API-Key: $key")
user=$(curl -fs "${auth[@]}" -H 'Content-Type: application/json' -d '{"username":"dash","email":"dash@example.com"}' "$base/users" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for i in $(seq 1 20); do
  code=$(curl -fs "${auth[@]}" -H 'Content-Type: application/json' \
    -d "{\"user_id\":$user,\"original_url\":\"https://example.com/$i\",\"title\":\"t\"}" "$base/urls" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["short_code"])')
  for _ in 1 2 3; do curl -s -o /dev/null "$base/$code"; done
  curl -s -o /dev/null "${auth[@]}" "$base/urls?user_id=$user"
  curl -s -o /dev/null "$base/nosuchcode$i"
  curl -s -o /dev/null "${auth[@]}" "$base/users/999999"
  curl -s -o /dev/null "$base/users" # 401
done
curl -s -o /dev/null "${auth[@]}" "$base/events"

"$root/ops/test-dashboard-queries.sh" "127.0.0.1:$http_port"
