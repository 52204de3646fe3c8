#!/usr/bin/env bash
# Stats latency with a big link: 1,000,000 clicks for one link, spread over the last 30 days, then
# GET /urls/{id}/stats measured with wrk (p50/p95/p99).
#
#   k6/stats-bench.sh [--clicks N] [--duration S] [--connections N] [--out FILE]
#
# Starts the built jar in dev mode (embedded PostgreSQL and Redis in a temp dir, free ports), makes
# a user and a link through the API, appends N raw clicks straight into the click log with SQL
# (browsers, systems, devices, countries, referrers and visitors drawn from small sets, 15 % bots),
# and builds the rollups from them with the same definitions the click writer maintains (the
# rollups-equal-raw test holds the writer to them). Then measures, one after another: the default
# call (30 day buckets), 720 hour buckets, week buckets, and the user's stats, at --connections
# (default 1: latency, not queueing), and prints the server-side execution time of the two queries. Stats read rollups
# only, so the figure depends on the link's hours with clicks, not on N. Not a CPU-heavy run: the
# seeding takes about a minute, each measurement --duration seconds at --connections connections.
# The API rate limit is off for the run (RATE_LIMIT_API=0): at 1,200 requests a minute per address it
# would answer most of a run's requests 429 and the figures would be those of the refusals.
# Needs target/url-shortener.jar, wrk and psql (installed through ops/lib/apt.sh when missing).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=ops/lib/apt.sh
source "$ROOT/ops/lib/apt.sh"
CLICKS=1000000
DURATION=15
CONNECTIONS=1
OUT=$ROOT/k6/results/stats-latest.txt
while [[ $# -gt 0 ]]; do
  case $1 in
    --clicks) CLICKS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
for n in "$CLICKS" "$DURATION" "$CONNECTIONS"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "not a number: $n" >&2; exit 2; }
done
jar=$ROOT/target/url-shortener.jar
[[ -f $jar ]] || { echo "build first: mvn -DskipTests package" >&2; exit 1; }
command -v wrk >/dev/null || apt_install wrk
command -v psql >/dev/null || apt_install postgresql-client
log() { printf '[stats-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
http_port=$(free_port)
pg_port=$(free_port)
work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$work" && HTTP_PORT=$http_port SHORTENER_DEV_DATA_DIR="$work/data" \
  SHORTENER_DEV_POSTGRES_PORT=$pg_port SHORTENER_DEV_REDIS_PORT=$(free_port) \
  ACCESS_LOG_LEVEL=OFF RATE_LIMIT_API=0 exec java -Xms64m -Xmx256m -XX:+UseSerialGC -jar "$jar" dev >"$work/service.log" 2>&1) &
pid=$!
base=http://127.0.0.1:$http_port
for _ in $(seq 1 240); do
  curl -fs "$base/health/ready" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/service.log"; exit 1; }
  sleep 0.5
done
curl -fs "$base/health/ready" >/dev/null || { echo "service did not become ready" >&2; exit 1; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }
user=$(curl -fs -H 'Content-Type: application/json' -d '{"username":"stats","email":"stats@example.com"}' \
  "$base/users" | json id)
created=$(curl -fs -H 'Content-Type: application/json' \
  -d "{\"user_id\":$user,\"original_url\":\"https://example.com/big\",\"title\":\"big\"}" "$base/urls")
url=$(json id <<<"$created")
code=$(json short_code <<<"$created")

log "seeding $CLICKS clicks for link $url and building its rollups"
start=$(date +%s)
PGPASSWORD=postgres psql -q -o /dev/null -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres postgres <<SQL
SELECT clicks_partition(d::date)
FROM generate_series(current_date - 30, current_date, interval '1 day') AS d;
INSERT INTO clicks (id, at, url_id, user_id, short_code, referrer, user_agent, referrer_host, browser, os,
                    device, bot, country, visitor)
SELECT nextval('events_id_seq'), at, $url, $user, '$code', NULL, 'bench',
       (ARRAY[NULL, 'news.ycombinator.com', 't.co', 'www.reddit.com', 'www.google.com', 'l.facebook.com'])[1 + i % 6],
       CASE WHEN bot THEN 'Googlebot' ELSE (ARRAY['Chrome', 'Firefox', 'Safari', 'Mobile Safari', 'Edge', 'Chrome Mobile'])[1 + i % 6] END,
       (ARRAY['Windows', 'Mac OS X', 'iOS', 'Android', 'Linux'])[1 + i % 5],
       CASE WHEN bot THEN 'bot' ELSE (ARRAY['desktop', 'mobile', 'tablet'])[1 + i % 3] END,
       bot,
       (ARRAY['US', 'DE', 'FR', 'GB', 'NL', 'JP', 'BR', 'IN', 'CA', 'ES', 'IT', NULL])[1 + i % 12],
       lpad(to_hex(i % 50000), 16, '0')
FROM (SELECT i, (now() AT TIME ZONE 'utc') - (i::bigint * 2592000 / $CLICKS) * interval '1 second' AS at,
             i % 20 < 3 AS bot
      FROM generate_series(1, $CLICKS) i) g;
-- the rollups, as the click writer keeps them
INSERT INTO click_visitors (url_id, day, visitor)
SELECT DISTINCT url_id, at::date, ('x' || visitor)::bit(64)::bigint FROM clicks WHERE url_id = $url;
INSERT INTO click_hourly (url_id, hour, clicks, humans, bots, visitors)
SELECT c.url_id, c.hour, c.clicks, c.humans, c.bots, coalesce(v.visitors, 0)
FROM (SELECT url_id, date_trunc('hour', at) AS hour, count(*) AS clicks, count(*) FILTER (WHERE NOT bot) AS humans,
             count(*) FILTER (WHERE bot) AS bots FROM clicks WHERE url_id = $url GROUP BY 1, 2) c
LEFT JOIN (SELECT url_id, first_hour AS hour, count(*) AS visitors
           FROM (SELECT url_id, visitor, min(date_trunc('hour', at)) AS first_hour
                 FROM clicks WHERE url_id = $url GROUP BY url_id, at::date, visitor) f
           GROUP BY 1, 2) v USING (url_id, hour);
INSERT INTO click_dimensions (url_id, hour, dimension, value, humans)
SELECT url_id, date_trunc('hour', at), d.code, d.value, count(*)
FROM clicks c
CROSS JOIN LATERAL (VALUES (1::smallint, coalesce(c.referrer_host, '(direct)')), (2, coalesce(c.country, '(unknown)')),
                           (3, coalesce(c.browser, '(unknown)')), (4, coalesce(c.os, '(unknown)')), (5, c.device))
     AS d(code, value)
WHERE c.url_id = $url AND NOT c.bot
GROUP BY 1, 2, 3, 4;
INSERT INTO click_dimensions_daily (url_id, day, dimension, value, humans)
SELECT url_id, hour::date, dimension, value, sum(humans) FROM click_dimensions WHERE url_id = $url GROUP BY 1, 2, 3, 4;
ANALYZE;
SQL
log "seeded in $(( $(date +%s) - start )) s"

rows=$(PGPASSWORD=postgres psql -tA -h 127.0.0.1 -p "$pg_port" -U postgres postgres \
  -c "SELECT (SELECT count(*) FROM clicks WHERE url_id = $url) || ' clicks, ' || (SELECT count(*) FROM click_hourly WHERE url_id = $url) || ' hourly rows, ' || (SELECT count(*) FROM click_dimensions WHERE url_id = $url) || ' dimension rows'")
total=$(curl -fs "$base/urls/$url/stats?from=$(date -u -d '31 days ago' +%F)" | python3 -c 'import json,sys; print(json.load(sys.stdin)["totals"]["clicks"])')
[[ $total == "$CLICKS" ]] || { echo "stats count $total clicks, expected $CLICKS" >&2; exit 1; }
log "$rows; stats total $total"

mkdir -p "$(dirname "$OUT")"
{
  echo "stats-bench $(date -u +%FT%TZ): $rows; wrk $CONNECTIONS connections, ${DURATION}s each, after a 3 s warm-up"
  for path in "/urls/$url/stats" "/urls/$url/stats?interval=hour&from=$(date -u -d '29 days ago' +%F)" \
              "/urls/$url/stats?interval=week&from=$(date -u -d '180 days ago' +%F)" "/users/$user/stats"; do
    wrk -t1 -c "$CONNECTIONS" -d 3 -s "$ROOT/k6/wrk/stats.lua" "$base" -- "$path" >/dev/null
    line=$(wrk -t1 -c "$CONNECTIONS" -d "$DURATION" -s "$ROOT/k6/wrk/stats.lua" "$base" -- "$path" | grep '^STATS')
    echo "$path ${line#STATS }"
  done
  # where the time goes: the server side of the two statements of the default call
  PGPASSWORD=postgres psql -tA -h 127.0.0.1 -p "$pg_port" -U postgres postgres <<SQL | grep -E 'Execution Time' | sed 's/^/  server: /'
EXPLAIN ANALYZE SELECT date_trunc('day', hour) AS start, sum(clicks), sum(humans), sum(bots), sum(visitors)
FROM click_hourly WHERE url_id = $url AND hour >= current_date - 29 AND hour < now() AT TIME ZONE 'utc' GROUP BY 1;
EXPLAIN ANALYZE SELECT dimension, value, clicks FROM (
  SELECT dimension, value, sum(humans) AS clicks,
         row_number() OVER (PARTITION BY dimension ORDER BY sum(humans) DESC, value) AS rank
  FROM (SELECT dimension, value, humans FROM click_dimensions_daily WHERE url_id = $url AND day >= current_date - 29 AND day < current_date
        UNION ALL
        SELECT dimension, value, humans FROM click_dimensions WHERE url_id = $url AND hour >= current_date AND hour < now() AT TIME ZONE 'utc') c
  GROUP BY dimension, value) ranked
WHERE rank <= 10 ORDER BY dimension, rank;
SQL
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
} | tee "$OUT"
