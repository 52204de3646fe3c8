#!/usr/bin/env bash
# redis-down: stop Redis for 30 s under a redirect load.
# Proves: no request fails while the cache is gone (zero 5xx, zero socket errors: the circuit
# breaker falls through to PostgreSQL), throughput during the outage is at least half of the
# throughput before it, and everything comes back by itself once Redis is back: readiness reports
# the cache up, the breaker closes, Redis refills and the near cache is trusted again.
. "$(dirname "$0")/../lib/common.sh" "$@"

OUTAGE=${OUTAGE:-30}
CONNECTIONS=${CONNECTIONS:-256}
BASELINE=${BASELINE:-10}
MIN_RATIO=${MIN_RATIO:-0.5}

require_healthy
seed 200 urls >/dev/null
paths=$RUN_DIR/urls.paths

# Warm every tier, then the baseline.
load_start warm 3 64 "$paths" 302 && load_wait warm >/dev/null
load_start before "$BASELINE" "$CONNECTIONS" "$paths" 302
load_wait before

log "stopping redis for ${OUTAGE}s"
t_stop=$(now)
fault_stop redis || abort "could not stop redis"
load_start during $((OUTAGE - 4)) "$CONNECTIONS" "$paths" 302
sleep 2
breaker_open() { [ "$(metric "$1" 'shortener_circuit_breaker_state{breaker="redis",state="open"}')" = 1 ]; }
breaker_open_seen=""
for n in 1 2; do
  if wait_until 10 breaker_open "$n"; then breaker_open_seen+="app$n "; fi
done
load_wait during
while le "$(elapsed "$t_stop")" "$OUTAGE"; do sleep 0.2; done
log "starting redis after $(elapsed "$t_stop") s"
t_start=$(now)
fault_start redis || abort "could not start redis"

# Recovery: readiness says cache up and the breaker is closed on both replicas.
recovered() {
  local n
  for n in 1 2; do
    replica_cache_up "$n" || return 1
    [ "$(metric "$n" 'shortener_circuit_breaker_state{breaker="redis",state="closed"}')" = 1 ] || return 1
  done
}
recovery=""
if wait_until 60 recovered; then recovery=$(elapsed "$t_start"); fi
log "recovered after ${recovery:-never} s"

near_hits() { metric "$1" 'shortener_cache_lookups_total{result="hit",tier="near"}'; }
near1=$(near_hits 1) near2=$(near_hits 2)
load_start after "$BASELINE" "$CONNECTIONS" "$paths" 302
load_wait after
keys=$(redis_cli --scan --pattern 'sc:*' | wc -l)
near_gain=$(($(near_hits 1) - near1 + $(near_hits 2) - near2))

fives() { load_get "$1" '[.statuses | to_entries[] | select(.key | startswith("5")) | .value] | add // 0'; }
errors() { load_get "$1" '.socket_errors | add'; }
rps_before=$(load_get before '.rps | floor')
rps_during=$(load_get during '.rps | floor')
ratio=$(awk -v a="$rps_during" -v b="$rps_before" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
figure "rps_before=$rps_before"
figure "rps_during=$rps_during"
figure "ratio=$ratio"
figure "5xx=$(($(fives before) + $(fives during) + $(fives after)))"
figure "recovery=${recovery:-never}s"
for phase in before during after; do
  check "$phase: zero 5xx ($(fives $phase)) and zero socket errors ($(errors $phase))" \
    eq "$(fives $phase)$(errors $phase)" 00
  check "$phase: every answer a 302 ($(load_get $phase .unexpected) others)" eq "$(load_get $phase .unexpected)" 0
done
check "the breaker opened during the outage on both replicas (${breaker_open_seen:-none})" \
  eq "$breaker_open_seen" "app1 app2 "
check "throughput during the outage >= ${MIN_RATIO} x before: $rps_during / $rps_before = $ratio" ge "$ratio" "$MIN_RATIO"
check "recovered by itself (cache up, breaker closed on both) within 60 s: ${recovery:-never}" test -n "$recovery"
check "Redis refilled after the outage: $keys short-code keys" ge "$keys" 1
check "near cache trusted again after the outage: $near_gain near-cache hits" ge "$near_gain" 1
finish
