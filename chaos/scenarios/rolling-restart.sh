#!/usr/bin/env bash
# rolling-restart: restart replica 1 gracefully under load (SIGTERM through the process manager:
# readiness 503, listener closed, in-flight requests finished, clicks flushed), wait until it is
# ready and nginx sends it traffic again, then the same for replica 2. One 25 s redirect load at
# 500 connections per restart, back to back (a restart takes 8-15 s here; two do not fit in one
# load of at most 30 s).
# Proves: a deploy-style restart of every replica costs no request (zero failed, every answer a
# 302), and no click: the redirect events written equal the 302s the loads got.
#
# Why wait for traffic, not only readiness: nginx (max_fails=3 fail_timeout=10s) takes a replica
# that refused connections out for 10 s, and open-source nginx has only passive checks. Stopping
# the second replica inside that window leaves nginx with no live upstream: measured 128,907
# answers 503 in ~5 s at 500 connections ("no live upstreams" in nginx's error log).
# GAP=ready runs the readiness-only variant (what ops/deploy.sh does) to show it.
. "$(dirname "$0")/../lib/common.sh" "$@"

DURATION=${DURATION:-25}
CONNECTIONS=${CONNECTIONS:-500}
DRAIN=${DRAIN:-2}
GAP=${GAP:-traffic}

require_healthy
seed 200 urls >/dev/null
ids=$(jq -r 'map(.id) | join(",")' "$RUN_DIR/urls.json")
events_before=$(db_query "SELECT count(*) FROM events WHERE event_type = 'redirect' AND url_id IN ($ids)")

requests=0 failed=0 unexpected=0 got302=0 timeline=()
for n in 1 2; do
  t0=$(now)
  load_start "load$n" "$DURATION" "$CONNECTIONS" "$RUN_DIR/urls.paths" 302 GET "$DRAIN"
  sleep 2
  log "graceful restart of replica $n"
  t=$(now)
  fault_restart_replica "$n" || abort "restart of replica $n failed"
  log "replica $n restarted by the process manager after $(elapsed "$t") s; waiting for readiness"
  wait_until 30 replica_ready "$n" || abort "replica $n not ready 30 s after its restart"
  log "replica $n ready again after $(elapsed "$t") s"
  if [ "$GAP" = traffic ] && [ "$n" = 1 ]; then
    wait_until 20 receives_traffic "$n" || abort "nginx sends replica $n no traffic 20 s after it is ready"
    log "replica $n serves traffic again after $(elapsed "$t") s"
  fi
  done_at=$(elapsed "$t0")
  timeline+=("app$n:${done_at}s")
  check "restart of replica $n complete while load$n ran (+${done_at}s of ${DURATION}s)" \
    le "$done_at" "$((DURATION - DRAIN))"
  load_wait "load$n"
  load_timeline "load$n" >"$RUN_DIR/timeline$n.txt"
  requests=$((requests + $(load_get "load$n" .requests)))
  failed=$((failed + $(load_get "load$n" .failed)))
  unexpected=$((unexpected + $(load_get "load$n" .unexpected)))
  got302=$((got302 + $(load_get "load$n" '.statuses["302"] // 0')))
done

# Every click of the loads is written, including those buffered in the replicas that stopped.
wait_until 30 clicks_flushed || log "click queues not empty after 30 s"
events_after=$(db_query "SELECT count(*) FROM events WHERE event_type = 'redirect' AND url_id IN ($ids)")
written=$((events_after - events_before))

figure "requests=$requests"
figure "failed=$failed"
figure "non302=$unexpected"
figure "restart_done=${timeline[*]}"
figure "clicks=$written/$got302"
check "zero failed requests (non-2xx/3xx or socket errors): $failed" eq "$failed" 0
check "every answer a 302: $unexpected others" eq "$unexpected" 0
check "every 302 recorded as a redirect event: $written events for $got302 redirects" eq "$written" "$got302"
if [ "$failed" != 0 ] || [ "$unexpected" != 0 ]; then
  log "per second (answers, bad):"
  cat "$RUN_DIR"/timeline?.txt
fi
finish
