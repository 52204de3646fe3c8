#!/usr/bin/env bash
# One-command benchmark of the service against its own local PostgreSQL and Redis, with wrk.
#
#   k6/bench.sh [--duration S] [--warmup S] [--connections N] [--threads N] [--scenarios "a b"]
#               [--tool wrk|k6] [--rebuild] [--no-access-log] [--no-open-run] [--wait-quiet S] [--out FILE] [--keep]
#               [--jvm-options FILE] [--pg-statements]
#
# Installs what is missing (postgresql, redis-server, wrk) from Debian packages, starts a private
# PostgreSQL cluster and redis-server on free non-default ports in a temp dir, builds the jar if the
# sources are newer, starts the service with the shipped JVM flags (conf/jvm.options, as sized in a
# pod) and ACCESS_LOG_LEVEL=OFF, seeds 1,000 users and 10,000 URLs,
# runs the bare Vert.x baseline (src/test/java/dev/shortener/bench/BareRedirectServer.java) and then
# each scenario (k6/wrk/*.lua, or their twins k6/bench-*.js with --tool k6) at 500 connections:
# warm-up, then a measured run. Prints a table
# (req/s, p50, p99, errors, ratio to the baseline, target, PASS/FAIL) and the service's peak RSS,
# writes it to k6/results/latest.txt, and exits 1 when a target is missed. Traffic goes to
# 127.0.0.1 only; everything started here is stopped on exit. See k6/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=ops/lib/apt.sh
source "$ROOT/ops/lib/apt.sh"
WRK_DIR=$ROOT/k6/wrk

DURATION=20        # measured seconds per scenario
WARMUP=10          # unmeasured seconds before each measured run (JIT, caches, connection pools)
CONNECTIONS=500
THREADS=2          # wrk threads: one per core of the 2-core reference machine
TOOL=wrk           # or k6 (not in Debian's archive: install it yourself)
SCENARIOS="redirect-hit redirect-spread redirect-rules create mixed url-get"
ACCESS_LOG_RUN=1   # also measure redirect-hit once with the JSON access log on
OPEN_RUN=1         # with url-get: measure it once more in AUTH_MODE=open without rate limit (the "before")
# The service runs in AUTH_MODE=keys (the production default) with an admin key made here, and the
# rate limiter on at a limit no run reaches (each API request still runs its Redis script).
BENCH_RATE_LIMIT=${BENCH_RATE_LIMIT:-1000000000}
REBUILD=0
KEEP=0
PG_STATEMENTS=0    # --pg-statements: load pg_stat_statements, print each scenario's costliest statements
WAIT_QUIET=0       # seconds to wait at most for an idle machine before measuring
OUT=$ROOT/k6/results/latest.txt
USERS=1000
URLS=10000
# The JVM flags are the ones the image ships (conf/jvm.options, the one definition), for the service
# and for the bare ceiling alike, with the heap sized for the base Deployment's memory limit as in a
# pod (-XX:MaxRAM). --jvm-options FILE measures another set (e.g. another collector); JVM_OPTS adds
# flags after the file's (both processes).
JVM_OPTIONS_FILE=$ROOT/conf/jvm.options
POD_MEMORY=$(awk '/limits:/ {l = 1} l && $1 == "memory:" {print $2; exit}' "$ROOT/k8s/base/deployment.yaml")
JVM_OPTS=${JVM_OPTS:-}

# BENCH_PG_SHARED_BUFFERS (default 128MB) and BENCH_PG_OPTS ("-c name=value ...") set PostgreSQL's
# server settings; the defaults are PostgreSQL's own (fsync and synchronous_commit on).
# --pg-statements loads pg_stat_statements into the private PostgreSQL and logs, after each scenario,
# its eight costliest statements and their execution time per written click (where PostgreSQL's share
# of a click goes; it costs a little, so figures for the table come from runs without it).
#
# Targets, as ratios of the bare baseline's req/s (the issue's numbers).
# Issue 17: both redirect scenarios at 0.6 of the ceiling with p99 under 25 ms, no error and no click
# dropped; creates at 0.25; peak RSS under 300 MB.
TARGET_REDIRECT=0.60
TARGET_REDIRECT_P99_MS=25
TARGET_MIXED=0.15
TARGET_CREATE=0.25
TARGET_RSS_MB=300

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --tool) TOOL=$2; shift 2 ;;
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --rebuild) REBUILD=1; shift ;;
    --no-access-log) ACCESS_LOG_RUN=0; shift ;;
    --no-open-run) OPEN_RUN=0; shift ;;
    --wait-quiet) WAIT_QUIET=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --jvm-options) JVM_OPTIONS_FILE=$(realpath "$2"); shift 2 ;;
    --keep) KEEP=1; shift ;;
    --pg-statements) PG_STATEMENTS=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown option: $1" >&2; usage 2 >&2 ;;
  esac
done
for n in "$DURATION" "$WARMUP" "$CONNECTIONS" "$THREADS" "$WAIT_QUIET"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "not a number: $n" >&2; exit 2; }
done
[[ $TOOL == wrk || $TOOL == k6 ]] || { echo "--tool is wrk or k6" >&2; exit 2; }
[[ -f $JVM_OPTIONS_FILE ]] || { echo "no JVM options file: $JVM_OPTIONS_FILE" >&2; exit 2; }
[[ $POD_MEMORY =~ ^([0-9]+)Mi$ ]] || { echo "k8s/base/deployment.yaml: memory limit '$POD_MEMORY' is not in Mi" >&2; exit 2; }
# what the service and the bare ceiling both run with: the shipped flags, sized as in a pod
JAVA_FLAGS="@$JVM_OPTIONS_FILE -XX:MaxRAM=${BASH_REMATCH[1]}m $JVM_OPTS"
# the file's flags on one line, for the report
JVM_FLAGS_TEXT="$(grep -v '^#' "$JVM_OPTIONS_FILE" | grep . | tr '\n' ' ')-XX:MaxRAM=${BASH_REMATCH[1]}m $JVM_OPTS"
for s in $SCENARIOS; do
  [[ -f $WRK_DIR/$s.lua && -f $ROOT/k6/bench-$s.js ]] || { echo "unknown scenario: $s (k6/wrk/$s.lua)" >&2; exit 2; }
done

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Cleanup: everything this script started, by pid, and the temp dir.
WORK=""
PIDS=()                 # background processes to stop (service, bare server, redis, samplers)
PG_STARTED=0
PG_BIN=""
COMPLETED=0             # set once the report is written: an exit before that keeps the logs

stop_pid() {            # stop_pid PID [SECONDS]: TERM, wait, then KILL
  local pid=$1 wait=${2:-15} i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < wait * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[i]}"; done
  if [[ $PG_STARTED == 1 ]]; then as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1; fi
  if [[ -n $WORK && -d $WORK ]]; then
    if [[ $KEEP == 1 || $COMPLETED == 0 ]]; then log "logs kept in $WORK"; else rm -rf "$WORK"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Packages: install only what is missing; keep package scripts from starting system daemons.
install_missing() {
  local pkgs=()
  [[ $TOOL == k6 ]] && { command -v k6 >/dev/null || die "k6 is not installed (it is not a Debian package): see k6/README.md"; }
  command -v wrk >/dev/null || pkgs+=(wrk)
  command -v redis-server >/dev/null || pkgs+=(redis-server)
  compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null && command -v psql >/dev/null || pkgs+=(postgresql)
  command -v curl >/dev/null || pkgs+=(curl)
  command -v java >/dev/null || pkgs+=(default-jdk-headless)
  command -v mvn >/dev/null || pkgs+=(maven)
  [[ ${#pkgs[@]} == 0 ]] && return
  [[ $(id -u) == 0 ]] || die "missing ${pkgs[*]}: run as root or install them (apt-get install ${pkgs[*]})"
  apt_install "${pkgs[@]}" || die "could not install ${pkgs[*]}"
}

# PostgreSQL refuses to run as root: run its tools as the postgres user then.
as_pg() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {           # free_port BASE: the first port from BASE that nothing listens on
  local p
  for ((p = $1; p < $1 + 200; p++)); do port_in_use "$p" || { echo "$p"; return; }; done
  die "no free port near $1"
}

wait_for() {            # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2 i
  shift 2
  for ((i = 0; i < limit * 10; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "$what did not come up within ${limit}s"
}

# True when PID (or one of its threads' sockets) listens on 127.0.0.1:PORT: the machine is shared, so
# a health answer on our port is only trusted from our own process.
owns_port() { ss -Hltnp "sport = :$2" 2>/dev/null | grep -q "pid=$1,"; }

http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1"; }
# shellcheck disable=SC2317 # called through wait_for
is_ready() { [[ $(http_status "$1") == "$2" ]]; }

# Busy share of all CPUs over one second, from /proc/stat, as a percentage.
cpu_busy() {
  local a b
  read -ra a < <(head -1 /proc/stat)
  sleep 1
  read -ra b < <(head -1 /proc/stat)
  local idle=$(((b[4] + b[5]) - (a[4] + a[5]))) total=0 i
  for ((i = 1; i < ${#a[@]}; i++)); do total=$((total + b[i] - a[i])); done
  echo $((total > 0 ? 100 * (total - idle) / total : 0))
}

# Until the machine is idle: 1-minute load average under LOAD_MAX (default 0.5) and under 10% CPU
# for 5 s in a row, or the budget (--wait-quiet S) is spent.
wait_quiet() {
  local deadline=$((SECONDS + WAIT_QUIET)) quiet=0 busy=0 load
  [[ $WAIT_QUIET -gt 0 ]] || return 0
  log "waiting up to ${WAIT_QUIET}s for an idle machine (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  while ((SECONDS < deadline)); do
    busy=$(cpu_busy)
    load=$(cut -d' ' -f1 /proc/loadavg)
    if ((busy < 10)) && awk -v l="$load" -v m="${LOAD_MAX:-0.5}" 'BEGIN {exit !(l < m)}'; then
      ((++quiet >= 5)) && { log "machine idle (load $(cut -d' ' -f1-3 /proc/loadavg))"; return 0; }
    else
      quiet=0
    fi
  done
  log "machine still busy (${busy}% CPU, load $(cut -d' ' -f1-3 /proc/loadavg)) after ${WAIT_QUIET}s; measuring anyway"
}

rss_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# Samples VmRSS of PID every 0.2 s into FILE until stopped; its pid in SAMPLER_PID.
SAMPLER_PID=""
start_rss_sampler() {
  local pid=$1 file=$2
  ( while kill -0 "$pid" 2>/dev/null; do rss_kb "$pid" VmRSS >>"$file"; sleep 0.2; done ) </dev/null >/dev/null 2>&1 &
  SAMPLER_PID=$!
  PIDS+=("$SAMPLER_PID")
}
max_mb() { sort -n "$1" 2>/dev/null | tail -1 | awk '{printf "%d", $1 / 1024}'; }

# CPU ticks (user + system) of the given processes, all their threads included, and of their
# children that have exited (PostgreSQL backends, reaped by the postmaster); and of the machine.
proc_ticks() {
  local t=0 p v
  for p in "$@"; do
    v=$(awk '{sub(/^.*\) /, ""); print $12 + $13 + $14 + $15}' "/proc/$p/stat" 2>/dev/null) && t=$((t + v))
  done
  echo "$t"
}
busy_ticks() { awk 'NR == 1 {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
CLK_TCK=$(getconf CLK_TCK)
# "service PG redis machine" ticks now, for the CPU split of a run (PostgreSQL: postmaster and its children).
cpu_snapshot() {
  # shellcheck disable=SC2046
  echo "$(proc_ticks "$1") $(proc_ticks "$PG_PID" $(pgrep -P "$PG_PID")) $(proc_ticks "$REDIS_PID") $(busy_ticks)"
}
cpu_split() {           # cpu_split "BEFORE" "AFTER" SECONDS: cores used by each over the run
  awk -v a="$1" -v b="$2" -v s="$3" -v hz="$CLK_TCK" 'BEGIN {
    split(a, x); split(b, y); for (i = 1; i <= 4; i++) c[i] = (y[i] - x[i]) / hz / s
    printf "server %.2f, postgres %.2f, redis %.2f, rest (wrk) %.2f", c[1], c[2], c[3], c[4] - c[1] - c[2] - c[3] }'
}

# ---------------------------------------------------------------------------------------------
install_missing
WORK=$(mktemp -d /tmp/shortener-bench.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$(dirname "$OUT")"
PG_BIN=$(dirname "$(compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' | sort -V | tail -1)")

# Unusual bases below the kernel's ephemeral range (32768+, where any outgoing connection may hold
# the port), as the machine is shared; every process started below is then checked to own its port.
PG_PORT=$(free_port 17432)
REDIS_PORT=$(free_port 17379)
SVC_PORT=$(free_port 17080)
BARE_PORT=$(free_port $((SVC_PORT + 1)))
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# PostgreSQL: a private cluster, defaults kept (fsync and synchronous_commit on, as in production).
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PG_PORT"
mkdir -p "$WORK/pg"
[[ $(id -u) == 0 ]] && chown postgres: "$WORK/pg"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U bench -A trust -E UTF8 --no-sync >"$WORK/initdb.log" 2>&1 \
  || die "initdb failed: $(tail -5 "$WORK/initdb.log")"
PG_STARTED=1
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w -t 60 \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK/pg -c max_connections=100 -c shared_buffers=${BENCH_PG_SHARED_BUFFERS:-128MB} ${BENCH_PG_OPTS:-}$(
    [[ $PG_STATEMENTS == 1 ]] && echo " -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top")" \
  start >/dev/null || die "PostgreSQL did not start: $(tail -5 "$WORK/pg/server.log")"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U bench)
PG_PID=$(head -1 "$WORK/pg/postmaster.pid")
owns_port "$PG_PID" "$PG_PORT" || die "port $PG_PORT is not our PostgreSQL's"
"${PSQL[@]}" -d postgres -c 'CREATE DATABASE shortener'
[[ $PG_STATEMENTS == 0 ]] || "${PSQL[@]}" -d shortener -c 'CREATE EXTENSION pg_stat_statements'

# Redis: no persistence.
log "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on port $REDIS_PORT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" \
  --logfile "$WORK/redis.log" --daemonize no &
REDIS_PID=$!
PIDS+=("$REDIS_PID")
wait_for 10 "redis-server" redis-cli -p "$REDIS_PORT" ping
owns_port "${PIDS[-1]}" "$REDIS_PORT" || die "port $REDIS_PORT is not our redis-server's"

# Build: the service jar when the sources are newer (or --rebuild); the baseline's test classes.
JAR=$ROOT/target/url-shortener.jar
BARE_CLASS=$ROOT/target/test-classes/dev/shortener/bench/BareRedirectServer.class
if [[ $REBUILD == 1 || ! -f $JAR || -n $(find "$ROOT/src/main" "$ROOT/pom.xml" "$ROOT/conf" -newer "$JAR" -type f | head -1) ]]; then
  log "building the jar (mvn -B -q -DskipTests package)"
  (cd "$ROOT" && mvn -B -q -DskipTests package) || die "build failed"
fi
if [[ ! -f $BARE_CLASS || $ROOT/src/test/java/dev/shortener/bench/BareRedirectServer.java -nt $BARE_CLASS ]]; then
  log "compiling the baseline (mvn -B -q test-compile)"
  (cd "$ROOT" && mvn -B -q test-compile) || die "test-compile failed"
fi

# The service, as in production, JSON access log off unless asked (ACCESS_LOG_LEVEL).
SVC_PID=""
API_KEY=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
API_KEY_DIGEST=$(printf %s "$API_KEY" | sha256sum | cut -d' ' -f1)
# The click journal (on, as shipped) in this run's directory: never a journal of an earlier run
# replayed into this run's fresh database. CLICK_JOURNAL_DIR= (empty) runs with it off, to measure it.
start_service() {       # start_service ACCESS_LOG_LEVEL LOGFILE [keys|open]
  local mode=${3:-keys} limit=$BENCH_RATE_LIMIT
  [[ $mode == open ]] && limit=0
  log "service on port $SVC_PORT (ACCESS_LOG_LEVEL=$1, AUTH_MODE=$mode, RATE_LIMIT_API=$limit; java $JAVA_FLAGS)"
  # shellcheck disable=SC2086
  (cd "$ROOT" && exec env DATABASE_URL="postgresql://bench:bench@127.0.0.1:$PG_PORT/shortener" \
    REDIS_URL="redis://127.0.0.1:$REDIS_PORT" HTTP_PORT="$SVC_PORT" SHORTENER_HTTP_HOST=127.0.0.1 ACCESS_LOG_LEVEL="$1" \
    AUTH_MODE="$mode" API_KEYS="$API_KEY_DIGEST" RATE_LIMIT_API="$limit" \
    CLICK_JOURNAL_DIR="${CLICK_JOURNAL_DIR-$WORK/click-journal}" \
    java $JAVA_FLAGS -jar "$JAR") >"$2" 2>&1 &
  SVC_PID=$!
  PIDS+=("$SVC_PID")
  wait_for 90 "the service (log: $2)" is_ready "http://127.0.0.1:$SVC_PORT/health/ready" 200
  owns_port "$SVC_PID" "$SVC_PORT" || die "port $SVC_PORT answers, but not from our service (log: $2)"
}
stop_service() { stop_pid "$SVC_PID" 20; }

start_service OFF "$WORK/service.log"

# Seed: 1,000 users, 10,000 URLs with codes bk00001..bk10000 (what k6/wrk/common.lua generates).
log "seeding $USERS users and $URLS URLs"
"${PSQL[@]}" -d shortener >/dev/null <<SQL
BEGIN;
INSERT INTO users (id, username, email)
  SELECT i, 'bench' || i, 'bench' || i || '@example.com' FROM generate_series(1, $USERS) i;
INSERT INTO urls (id, user_id, short_code, original_url, title)
  SELECT i, 1 + (i - 1) % $USERS, 'bk' || lpad(i::text, 5, '0'), 'https://example.com/bench/' || i, 'bench ' || i
  FROM generate_series(1, $URLS) i;
SELECT setval(pg_get_serial_sequence('users', 'id'), $USERS);
SELECT setval(pg_get_serial_sequence('urls', 'id'), $URLS);
COMMIT;
ANALYZE;
SQL

CODES=$WORK/codes.tsv
"${PSQL[@]}" -d shortener -At -F $'\t' -c 'SELECT short_code, original_url FROM urls ORDER BY id' >"$CODES"
[[ $(wc -l <"$CODES") == "$URLS" ]] || die "seeding failed"
[[ $(http_status "http://127.0.0.1:$SVC_PORT/bk00001") == 302 ]] || die "seeded code does not redirect"
# One link with three targeting rules for redirect-rules (outside the codes file: the other scenarios
# keep their 10,000 plain links).
"${PSQL[@]}" -d shortener >/dev/null <<SQL
INSERT INTO urls (id, user_id, short_code, original_url, title, rules) VALUES ($((URLS + 1)), 1, 'bkrules',
  'https://example.com/bench/rules', 'three rules', '[
    {"target": "https://m.example.com/", "conditions": [{"type": "device", "value": "mobile"}]},
    {"target": "https://fr.example.com/", "conditions": [{"type": "language", "value": "fr"}]},
    {"target": "https://de.example.com/", "conditions": [{"type": "country", "value": "DE"}]}]');
SELECT setval(pg_get_serial_sequence('urls', 'id'), $((URLS + 1)));
SQL

# ---------------------------------------------------------------------------------------------
# Runs: warm-up (discarded), then the measured run; RSS sampled meanwhile.
declare -A RPS P50 P99 ERR RSS CPU
run_load() {            # run_load NAME SCENARIO BASE_URL PID: fills RPS/P50/P99/ERR/RSS/CPU[NAME]
  local name=$1 scenario=$2 url=$3 pid=$4 out=$WORK/$TOOL-$1.txt line before
  : >"$WORK/rss-$name.txt"
  if [[ $TOOL == wrk ]]; then
    local args=(-t"$THREADS" -c"$CONNECTIONS" --timeout 5s -s "$WRK_DIR/$scenario.lua" "$url" -- "$CODES" "$USERS" "$API_KEY")
    log "$name: warm-up ${WARMUP}s"
    wrk -d"${WARMUP}s" "${args[@]}" >"$WORK/wrk-$name-warmup.txt" 2>&1 || die "wrk failed: $(cat "$WORK/wrk-$name-warmup.txt")"
    start_rss_sampler "$pid" "$WORK/rss-$name.txt"
    log "$name: measuring ${DURATION}s at $CONNECTIONS connections"
    before=$(cpu_snapshot "$pid")
    wrk -d"${DURATION}s" --latency "${args[@]}" >"$out" 2>&1 || die "wrk failed: $(cat "$out")"
    CPU[$name]=$(cpu_split "$before" "$(cpu_snapshot "$pid")" "$DURATION")
  else
    # one k6 run: the first WARMUP seconds are tagged warm-up and left out of the figures (bench-lib.js)
    start_rss_sampler "$pid" "$WORK/rss-$name.txt"
    log "$name: k6, ${WARMUP}s warm-up + ${DURATION}s measured at $CONNECTIONS VUs"
    before=$(cpu_snapshot "$pid")
    k6 run -q --no-color -e BASE_URL="$url" -e CODES_FILE="$CODES" -e USERS="$USERS" -e VUS="$CONNECTIONS" -e API_KEY="$API_KEY" \
      -e WARMUP="$WARMUP" -e DURATION="$DURATION" "$ROOT/k6/bench-$scenario.js" >"$out" 2>&1 \
      || [[ $? == 99 ]] || die "k6 failed: $(tail -20 "$out")" # 99: a threshold crossed, reported below
    CPU[$name]=$(cpu_split "$before" "$(cpu_snapshot "$pid")" "$((WARMUP + DURATION))")
  fi
  stop_pid "$SAMPLER_PID" 2
  line=$(grep '^RESULT ' "$out") || die "no RESULT line from $TOOL: $(tail -20 "$out")"
  local -A kv=()
  local pair
  for pair in ${line#RESULT }; do kv[${pair%%=*}]=${pair#*=}; done
  RPS[$name]=${kv[rps]}
  P50[$name]=${kv[p50_ms]}
  P99[$name]=${kv[p99_ms]}
  ERR[$name]=$((kv[errors_http] + kv[errors_socket]))
  RSS[$name]=$(max_mb "$WORK/rss-$name.txt")
  log "$name: ${RPS[$name]} req/s, p50 ${P50[$name]} ms, p99 ${P99[$name]} ms, errors ${ERR[$name]}, RSS ${RSS[$name]} MB"
  log "$name: CPU in cores: ${CPU[$name]}"
}

# Waits (bounded) until the click writer has written what the redirects queued, so one scenario's
# clicks do not land in the next one's measurement.
metric() { curl -s --max-time 5 "http://127.0.0.1:$SVC_PORT/metrics" | awk -v m="$1" '$1 == m {printf "%d", $2}'; }
drain_clicks() {
  local i depth
  for ((i = 0; i < 60; i++)); do
    depth=$(metric shortener_click_queue_depth)
    [[ ${depth:-0} == 0 ]] && return
    sleep 1
  done
  log "click queue still at $depth after 60s"
}

wait_quiet
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# The bare baseline first, alone (the service idles meanwhile).
log "bare baseline on port $BARE_PORT (java $JAVA_FLAGS)"
# shellcheck disable=SC2086
java $JAVA_FLAGS -cp "$ROOT/target/test-classes:$JAR" dev.shortener.bench.BareRedirectServer "$BARE_PORT" "$CODES" \
  >"$WORK/bare.log" 2>&1 &
BARE_PID=$!
PIDS+=("$BARE_PID")
wait_for 30 "the bare server" is_ready "http://127.0.0.1:$BARE_PORT/bk00001" 302
owns_port "$BARE_PID" "$BARE_PORT" || die "port $BARE_PORT answers, but not from our bare server"
run_load bare redirect-hit "http://127.0.0.1:$BARE_PORT" "$BARE_PID"
BARE_HWM=$(($(rss_kb "$BARE_PID" VmHWM) / 1024))
stop_pid "$BARE_PID"

# Clicks written and dropped (queue full) during each scenario, its warm-up and its drain included,
# and the WAL PostgreSQL wrote meanwhile (everything: click rows, rollups, batch ids, checkpoints'
# full-page images; for the redirect scenarios that is what each click costs in WAL).
declare -A CLICKS WAL
wal_lsn() { "${PSQL[@]}" -d shortener -At -c 'SELECT pg_current_wal_lsn()'; }
for s in $SCENARIOS; do
  written=$(metric shortener_clicks_written_total); written=${written:-0}
  dropped=$(metric shortener_clicks_dropped_total); dropped=${dropped:-0}
  lsn=$(wal_lsn)
  [[ $PG_STATEMENTS == 0 ]] || "${PSQL[@]}" -d shortener -At -c 'SELECT pg_stat_statements_reset()' >/dev/null
  run_load "$s" "$s" "http://127.0.0.1:$SVC_PORT" "$SVC_PID"
  drain_clicks
  if [[ $PG_STATEMENTS == 1 ]]; then
    # where PostgreSQL's time went in this scenario (warm-up, run and drain): execution time only,
    # per statement and per written click; parse, plan and commit are not in it
    log "$s: PostgreSQL's costliest statements (ms in all, calls, rows, µs per click written):"
    "${PSQL[@]}" -d shortener -At -F ' | ' -c "SELECT round(total_exec_time), calls, rows,
        round((1000 * total_exec_time / greatest($(metric shortener_clicks_written_total) - $written, 1))::numeric, 2),
        left(regexp_replace(query, '\s+', ' ', 'g'), 110)
      FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8" >&2
  fi
  now_written=$(metric shortener_clicks_written_total); now_dropped=$(metric shortener_clicks_dropped_total)
  CLICKS[$s]="$((${now_written:-0} - written))/$((${now_dropped:-0} - dropped))"
  WAL[$s]=$("${PSQL[@]}" -d shortener -At -c "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$lsn')")
done
# What the clicks of all scenarios take on disk, tables and indexes: the day-partitioned log, the
# rollups (which grow with link-hours, not clicks) and the batch ids kept for de-duplication.
STORAGE=$("${PSQL[@]}" -d shortener -At -F ' ' -c "SELECT
  (SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_partition_tree('clicks')),
  pg_total_relation_size('click_hourly') + pg_total_relation_size('click_dimensions')
    + pg_total_relation_size('click_dimensions_daily') + pg_total_relation_size('click_visitors'),
  pg_total_relation_size('click_batches'), (SELECT count(*) FROM clicks)")
SVC_HWM=$(($(rss_kb "$SVC_PID" VmHWM) / 1024))
CLICKS_WRITTEN=$(metric shortener_clicks_written_total)
CLICKS_DROPPED=$(metric shortener_clicks_dropped_total)
stop_service

# The same redirect-hit run with the JSON access log on (production default), its lines to a file.
if [[ $ACCESS_LOG_RUN == 1 ]]; then
  start_service INFO "$WORK/service-access-log.log"
  run_load "redirect-hit+log" redirect-hit "http://127.0.0.1:$SVC_PORT" "$SVC_PID"
  ACCESS_LINES=$(grep -c '"logger_name":"access"' "$WORK/service-access-log.log" || true)
  stop_service
fi

# The authenticated read once more without the key check and the limiter: what they cost.
if [[ $OPEN_RUN == 1 && " $SCENARIOS " == *" url-get "* ]]; then
  start_service OFF "$WORK/service-open.log" open
  run_load "url-get-open" url-get "http://127.0.0.1:$SVC_PORT" "$SVC_PID"
  stop_service
fi

# ---------------------------------------------------------------------------------------------
# Report.
ratio() { awk -v a="$1" -v b="${RPS[bare]}" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a >= b)}'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a < b)}'; }

target_of() {
  case $1 in
    redirect-hit|redirect-spread) echo ">= $TARGET_REDIRECT x, p99 < $TARGET_REDIRECT_P99_MS ms, 0 err/drop" ;;
    create) echo ">= $TARGET_CREATE x, 0 err" ;;
    mixed) echo ">= $TARGET_MIXED x, 0 err" ;;
    url-get) echo "0 err (keys + limiter; ratio: info)" ;;
    *) echo "0 err (ratio: info)" ;;
  esac
}
check_of() {
  local r
  r=$(ratio "${RPS[$1]}")
  case $1 in
    redirect-hit|redirect-spread) ge "$r" "$TARGET_REDIRECT" && lt "${P99[$1]}" "$TARGET_REDIRECT_P99_MS" \
      && ((ERR[$1] == 0)) && [[ ${CLICKS[$1]#*/} == 0 ]] ;;
    create) ge "$r" "$TARGET_CREATE" && ((ERR[$1] == 0)) ;;
    mixed) ge "$r" "$TARGET_MIXED" && ((ERR[$1] == 0)) ;;
    *) ((ERR[$1] == 0)) ;;
  esac
}

FAILED=0
declare -A VERDICT
for s in $SCENARIOS; do
  if check_of "$s"; then VERDICT[$s]=PASS; else VERDICT[$s]=FAIL; FAILED=1; fi
done
if lt "$SVC_HWM" "$TARGET_RSS_MB"; then RSS_VERDICT=PASS; else RSS_VERDICT=FAIL; FAILED=1; fi

row() { printf '%-18s %10s %9s %9s %8s %7s  %-36s %s\n' "$@"; }
measured() {            # measured NAME LABEL TARGET RESULT
  row "$2" "$(printf %.0f "${RPS[$1]}")" "$(printf %.2f "${P50[$1]}")" "$(printf %.2f "${P99[$1]}")" "${ERR[$1]}" \
    "$(ratio "${RPS[$1]}")" "$3" "$4"
}
{
  echo "# k6/bench.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "# $(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2 / 1048576}' /proc/meminfo), load before: $LOAD_BEFORE;" \
    "$TOOL on the same box ($( [[ $TOOL == wrk ]] && echo "-t$THREADS ")-c$CONNECTIONS), ${WARMUP}s warm-up + ${DURATION}s measured per row"
  echo "# java $(java -version 2>&1 | awk -F'"' 'NR == 1 {print $2}'), service and baseline: $JVM_FLAGS_TEXT;" \
    "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2)"
  row scenario req/s p50_ms p99_ms errors ratio target result
  measured bare bare-baseline "(baseline; peak RSS $BARE_HWM MB)" "$( ((ERR[bare] == 0)) && echo OK || echo ERRORS)"
  for s in $SCENARIOS; do
    measured "$s" "$s" "$(target_of "$s")" "${VERDICT[$s]}"
  done
  if [[ $ACCESS_LOG_RUN == 1 ]]; then
    measured "redirect-hit+log" "redirect-hit+log" "(access log on: info)" \
      "$(awk -v a="${RPS[redirect-hit+log]}" -v b="${RPS[redirect-hit]:-0}" 'BEGIN {if (b > 0) printf "%+.1f%% vs off", 100 * (a - b) / b}')"
  fi
  if [[ -n ${RPS[url-get-open]:-} ]]; then
    measured "url-get-open" "url-get-open" "(open mode, no limiter: info)" \
      "$(awk -v a="${RPS[url-get]}" -v b="${RPS[url-get-open]}" 'BEGIN {if (b > 0) printf "keys+limit %+.1f%%", 100 * (a - b) / b}')"
  fi
  row service-peak-rss "${SVC_HWM} MB" "" "" "" "" "< $TARGET_RSS_MB MB (VmHWM)" "$RSS_VERDICT"
  echo "# per-scenario peak RSS (MB):$(for s in $SCENARIOS; do printf ' %s=%s' "$s" "${RSS[$s]}"; done)"
  echo "# CPU in cores (of $(nproc)) during each measured run:"
  for s in bare $SCENARIOS $( [[ $ACCESS_LOG_RUN == 1 ]] && echo "redirect-hit+log") $( [[ -n ${RPS[url-get-open]:-} ]] && echo url-get-open); do
    echo "#   $s: ${CPU[$s]}"
  done
  echo "# click events written/dropped per scenario:$(for s in $SCENARIOS; do printf ' %s=%s' "$s" "${CLICKS[$s]}"; done);" \
    "total written ${CLICKS_WRITTEN:-?}, dropped ${CLICKS_DROPPED:-?}"
  echo "# WAL per scenario (its warm-up and drain included):$(for s in $SCENARIOS; do
    printf ' %s=%s MB' "$s" "$(awk -v b="${WAL[$s]}" 'BEGIN {printf "%.0f", b / 1048576}')"
    [[ ${CLICKS[$s]%/*} -gt 1000 ]] && printf ' (%s B/click)' "$(awk -v b="${WAL[$s]}" -v c="${CLICKS[$s]%/*}" 'BEGIN {printf "%.0f", b / c}')"
  done)"
  read -r clicks_bytes rollup_bytes batch_bytes click_rows <<<"$STORAGE"
  echo "# storage after the runs: $click_rows click rows, clicks log $((clicks_bytes / 1048576)) MB" \
    "($(awk -v b="$clicks_bytes" -v c="$click_rows" 'BEGIN {printf "%.0f", (c > 0 ? b / c : 0)}') B/click with its indexes)," \
    "rollups $((rollup_bytes / 1048576)) MB, click_batches $((batch_bytes / 1048576)) MB"
  if [[ $ACCESS_LOG_RUN == 1 ]]; then
    echo "# access log run: $ACCESS_LINES access lines in the log for about" \
      "$(awk -v r="${RPS[redirect-hit+log]}" -v d="$((DURATION + WARMUP))" 'BEGIN {printf "%d", r * d}') requests"
  fi
} | tee "$OUT"
log "written to $OUT"
COMPLETED=1
exit "$FAILED"
