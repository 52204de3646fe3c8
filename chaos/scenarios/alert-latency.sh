#!/usr/bin/env bash
# alert-latency: stop replica 1, then Redis, then PostgreSQL (each until its alert fires, then
# back), and watch what reaches the Alertmanager webhook.
# Proves: ServiceDown, RedisDown and PostgresDown each reach the webhook within 60 s of the fault,
# and each is resolved (a "resolved" notification of the same alert) after the recovery. Prints
# the seconds of both. The next fault starts as soon as the previous alert fired and its
# component is healthy again; the resolutions are awaited together at the end.
. "$(dirname "$0")/../lib/common.sh" "$@"

FIRE_BUDGET=${FIRE_BUDGET:-60}
RESOLVE_BUDGET=${RESOLVE_BUDGET:-90}
ALERTS='ServiceDown|RedisDown|PostgresDown'

require_healthy

# The notifications as TSV: received_at (empty when the receiver does not stamp it), status of
# the alert, alertname, startsAt as epoch seconds.
notifications() {
  alerts_dump | jq -r '
    def epoch: sub("\\.[0-9]+"; "") | fromdateiso8601;
    .received_at as $r | .notification.alerts[]?
    | [($r // "" | tostring), .status, .labels.alertname, (.startsAt | epoch | tostring)] | @tsv'
}
# first_seen NAME STATUS SINCE: when a notification of alert NAME in STATUS, of an episode that
# started after SINCE (epoch), arrived; empty if none yet. The receiver's own stamp when it has
# one, else the moment this poll saw it.
first_seen() {
  local line
  line=$(notifications | awk -F'\t' -v n="$1" -v s="$2" -v t="$3" \
    '$2 == s && $3 == n && $4 + 0 >= t - 2 { print; exit }')
  [ -n "$line" ] || return 0
  local received=${line%%$'\t'*}
  echo "${received:-$(now)}"
}

# Precondition: no episode of these alerts still open, in Prometheus or at the webhook (an
# Alertmanager group that has not sent its "resolved" yet would hold a new firing back by up to
# group_interval).
quiet() {
  prom_query "ALERTS{alertname=~\"$ALERTS\"}" | jq -e '.status == "success" and (.data.result | length == 0)' >/dev/null \
    || return 1
  notifications | awk -F'\t' -v re="^($ALERTS)\$" '$3 ~ re { last[$3] = $2 } END { for (a in last) if (last[a] != "resolved") exit 1 }'
}
log "waiting until no $ALERTS alert is open"
wait_until 150 quiet || abort "an earlier $ALERTS episode is still open after 150 s"

declare -A t_fault t_recover fired resolved
fault() {  # fault NAME: inject the fault of that alert
  case "$1" in
    ServiceDown) fault_stop_replica 1 ;;
    RedisDown) fault_stop redis ;;
    PostgresDown) fault_stop postgres ;;
  esac
}
heal() {  # heal NAME: undo it and wait until the component is healthy again
  case "$1" in
    ServiceDown) fault_start_replica 1 ;;
    RedisDown) fault_start redis ;;
    PostgresDown) fault_start postgres ;;
  esac
}
healthy() { replica_cache_up 1 && replica_cache_up 2; }

# await_notification ALERT STATE SINCE FROM BUDGET: polls the webhook's record for the first STATE
# (firing|resolved) notification of ALERT received after SINCE; prints the seconds from FROM to
# it, or nothing when none came within BUDGET seconds of FROM.
await_notification() {
  local seen
  while le "$(elapsed "$4")" "$5"; do
    seen=$(first_seen "$1" "$2" "$3")
    if [ -n "$seen" ]; then
      elapsed "$4" "$seen"
      return
    fi
    sleep 1
  done
}

for name in ServiceDown RedisDown PostgresDown; do
  log "$name: injecting the fault"
  fault "$name" || abort "could not inject the fault of $name"
  t_fault[$name]=$(now)
  fired[$name]=$(await_notification "$name" firing "${t_fault[$name]}" "${t_fault[$name]}" "$((FIRE_BUDGET + 30))")
  log "$name: firing notification after ${fired[$name]:-never} s; recovering"
  heal "$name" || abort "could not undo the fault of $name"
  t_recover[$name]=$(now)
  wait_until 90 healthy || abort "the stack is not healthy 90 s after undoing the fault of $name"
done

log "waiting for the resolved notifications"
for name in ServiceDown RedisDown PostgresDown; do
  resolved[$name]=$(await_notification "$name" resolved "${t_fault[$name]}" "${t_recover[$name]}" "$((RESOLVE_BUDGET + 10))")
  log "$name: resolved notification ${resolved[$name]:-never} s after the recovery"
done

for name in ServiceDown RedisDown PostgresDown; do
  figure "$name=${fired[$name]:-never}s/${resolved[$name]:-never}s"
  check "$name reached the webhook within ${FIRE_BUDGET}s of the fault: ${fired[$name]:-never} s" \
    le "${fired[$name]:-999}" "$FIRE_BUDGET"
  check "$name resolved within ${RESOLVE_BUDGET}s of the recovery: ${resolved[$name]:-never} s" \
    le "${resolved[$name]:-999}" "$RESOLVE_BUDGET"
done
finish
