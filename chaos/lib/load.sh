# wrk loads in the background, and their results. Sourced by common.sh.
#
#   load_start NAME SECONDS CONNECTIONS PATHS_FILE [EXPECT] [METHOD] [DRAIN] [DELAY_MS]
#   ... inject a fault ...
#   load_wait NAME                  # waits, then prints the summary line
#   load_get NAME .failed           # any field of the CHAOS_RESULT JSON (jq path)
#
# wrk runs at the lowest CPU priority (nice 19): on a 2-core machine the load generator would
# otherwise take the CPU the replicas need (a restarting JVM in particular), which measures the
# machine, not the service. Its timeout is 10 s (nginx's own retry budget), so a slow answer is a
# slow answer, and only a missing one counts as a socket error. DRAIN (seconds, default 0): the
# last seconds ask /health only, so no redirect is in flight when wrk stops (see count.lua) and
# the 302s counted equal the clicks the service recorded. DELAY_MS: each connection's pause
# between requests (rate bound).
# shellcheck shell=bash

WRK_THREADS=${WRK_THREADS:-2}
WRK_TIMEOUT=${WRK_TIMEOUT:-10s}
WRK_NICE=${WRK_NICE:-19}

load_start() {
  local name=$1 seconds=$2 connections=$3 paths=$4 expect=${5:-0} method=${6:-GET} drain=${7:-0} pause=${8:-0}
  [ "$seconds" -le 30 ] || { log "load $name: $seconds s is over the 30 s limit"; return 1; }
  CHAOS_PAUSE_MS=$pause nice -n "$WRK_NICE" wrk -t "$WRK_THREADS" -c "$connections" -d "${seconds}s" --timeout "$WRK_TIMEOUT" \
    -s "$CHAOS_DIR/lib/count.lua" "$BASE_URL" -- "$paths" "$expect" "$method" "$seconds" "$drain" \
    >"$RUN_DIR/$name.wrk" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
  log "load $name: ${seconds}s, $connections connections, $(wc -l <"$paths") paths, expecting ${expect/#0/2xx-3xx}, drain ${drain}s, pause ${pause}ms (pid $!)"
}

load_wait() {
  local name=$1 pid
  pid=$(cat "$RUN_DIR/$name.pid")
  wait "$pid" 2>/dev/null
  rm -f "$RUN_DIR/$name.pid"
  if ! grep -q '^CHAOS_RESULT ' "$RUN_DIR/$name.wrk"; then
    log "load $name: wrk printed no result:"
    sed 's/^/    /' "$RUN_DIR/$name.wrk" | tail -n 20
    echo '{"requests":0,"rps":0,"failed":-1,"unexpected":-1,"socket_errors":{},"statuses":{},"per_second":{}}' \
      >"$RUN_DIR/$name.json"
    return 1
  fi
  sed -n 's/^CHAOS_RESULT //p' "$RUN_DIR/$name.wrk" >"$RUN_DIR/$name.json"
  log "load $name: $(load_summary "$name")"
}

load_get() { jq -r "$2" "$RUN_DIR/$1.json"; }

load_summary() {
  jq -r '"\(.requests) requests, \(.rps | floor) req/s, statuses \(.statuses | tojson), drain \(.drain.answers)/\(.drain.bad) bad, socket errors \(.socket_errors | tojson), unexpected \(.unexpected), p99 \(.latency_ms.p99) ms"' \
    "$RUN_DIR/$1.json"
}

# load_timeline NAME: one line per second, "+S answers bad", relative to the first second.
load_timeline() {
  jq -r '.per_second | to_entries | sort_by(.key | tonumber) | (.[0].key | tonumber) as $t0
    | .[] | "  +\((.key | tonumber) - $t0)s \(.value[0]) answers, \(.value[1]) bad"' "$RUN_DIR/$1.json"
}

# load_costs_nothing NAME: the checks of a load that a fault must not touch: no failed request and
# every answer the expected status. On a miss the per-second timeline (also kept in the run
# directory) goes to the log.
load_costs_nothing() {
  local failed unexpected
  failed=$(load_get "$1" .failed)
  unexpected=$(load_get "$1" .unexpected)
  load_timeline "$1" >"$RUN_DIR/timeline.txt"
  check "zero failed requests (non-2xx/3xx or socket errors): $failed" eq "$failed" 0
  check "every answer a 302: $unexpected others" eq "$unexpected" 0
  if [ "$failed" != 0 ] || [ "$unexpected" != 0 ]; then
    log "per second (answers, bad):"
    cat "$RUN_DIR/timeline.txt"
  fi
}

# A load longer than one wrk run, for procedures whose length is not known in advance (a rolling
# restart takes 20 to 50 s on a busy 2-core machine): back-to-back wrk runs of SEGMENT seconds
# (each at most 30 s, each ending with a DRAIN, so the clicks still add up), until
# load_loop_stop, or MAX seconds at the latest.
#
#   load_loop_start NAME CONNECTIONS PATHS_FILE EXPECT DRAIN SEGMENT MAX
#   ... the procedure ...
#   load_loop_stop NAME             # lets the running segment finish, then NAME.json sums them
load_loop_start() {
  local name=$1 connections=$2 paths=$3 expect=$4 drain=$5 segment=$6 max=$7
  [ "$segment" -le 30 ] || { log "load $name: segments of $segment s are over the 30 s limit"; return 1; }
  rm -f "$RUN_DIR/$name".*
  (
    deadline=$((SECONDS + max)) i=0
    while [ ! -e "$RUN_DIR/$name.stop" ] && [ "$SECONDS" -lt "$deadline" ]; do
      i=$((i + 1))
      nice -n "$WRK_NICE" wrk -t "$WRK_THREADS" -c "$connections" -d "${segment}s" --timeout "$WRK_TIMEOUT" \
        -s "$CHAOS_DIR/lib/count.lua" "$BASE_URL" -- "$paths" "$expect" GET "$segment" "$drain" \
        >"$RUN_DIR/$name.seg$i.wrk" 2>&1 &
      echo $! >"$RUN_DIR/$name.wrkpid"
      wait $!
    done
    date +%s.%N >"$RUN_DIR/$name.ended"
  ) &
  echo $! >"$RUN_DIR/$name.pid"
  log "load $name: ${segment}s segments (last ${drain}s of each on /health) until stopped, $connections connections, $(wc -l <"$paths") paths, expecting $expect (pid $!)"
}

load_loop_stop() {
  local name=$1
  touch "$RUN_DIR/$name.stop"
  wait "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null
  rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.wrkpid"
  sed -n 's/^CHAOS_RESULT //p' "$RUN_DIR/$name".seg*.wrk | jq -s '
    def sum_maps: reduce .[] as $m ({}; reduce ($m | to_entries[]) as $e (.; .[$e.key] += $e.value));
    {segments: length, requests: (map(.requests) | add), duration_s: (map(.duration_s) | add),
     rps: ((map(.requests) | add) / (map(.duration_s) | add)), expect: .[0].expect,
     unexpected: (map(.unexpected) | add), status_errors: (map(.status_errors) | add),
     socket_errors: (map(.socket_errors) | sum_maps), failed: (map(.failed) | add),
     statuses: (map(.statuses) | sum_maps),
     drain: {answers: (map(.drain.answers) | add), bad: (map(.drain.bad) | add)},
     latency_ms: {p50: (map(.latency_ms.p50) | max), p99: (map(.latency_ms.p99) | max), max: (map(.latency_ms.max) | max)},
     per_second: (map(.per_second | map_values([.])) | reduce .[] as $m ({}; reduce ($m | to_entries[]) as $e (.;
       .[$e.key] = [((.[$e.key][0] // 0) + $e.value[0][0]), ((.[$e.key][1] // 0) + $e.value[0][1])])))}' \
    >"$RUN_DIR/$name.json"
  log "load $name: $(load_summary "$name") in $(load_get "$name" .segments) segments"
}

# Kill loads still running when a scenario exits early.
load_cleanup() {
  local f
  for f in "$RUN_DIR"/*.pid "$RUN_DIR"/*.wrkpid; do
    [ -e "$f" ] || continue
    kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
}
trap load_cleanup EXIT
