#!/usr/bin/env bash
# Runs every chaos scenario in sequence and prints a table of scenario, figures and verdict.
#
#   chaos/run-all.sh [--compose] [--keep] [SCENARIO...]
#
# Local mode (default): brings the local stack up once (chaos/stack.sh up), runs the scenarios,
# and takes the stack down at the end, also when a scenario or the `up` failed (--keep leaves it
# running). --compose: runs them against the compose stack, which must be up already (see
# chaos/README.md); nothing is started or stopped then but the faults themselves.
# Exit status: 0 when every scenario passed, 1 otherwise.
set -uo pipefail
CHAOS_DIR=$(cd "$(dirname "$0")" && pwd)
. "$CHAOS_DIR/lib/config.sh"

mode=local keep=false scenarios=()
for arg in "$@"; do
  case "$arg" in
    --compose) mode=compose ;;
    --local) mode=local ;;
    --keep) keep=true ;;
    -*) echo "usage: $0 [--compose] [--keep] [SCENARIO...]" >&2; exit 2 ;;
    *) scenarios+=("$arg") ;;
  esac
done
# Order: the quick correctness checks first, then the faults; alert-latency last, so it also
# measures alerts that fire again soon after an earlier episode (redis-down and postgres-down
# usually fire RedisDown and PostgresDown once).
[ ${#scenarios[@]} -gt 0 ] || scenarios=(bad-input long-location consistency replica-kill rolling-restart redis-down postgres-down alert-latency)

stamp=$(date +%Y%m%d-%H%M%S)
export CHAOS_MODE=$mode
export CHAOS_RUN_DIR=$CHAOS_STATE/runs/$stamp
export CHAOS_RESULTS=$CHAOS_RUN_DIR/results.tsv
start=$SECONDS

stack_down() {
  if [ "$mode" = local ] && ! $keep; then "$CHAOS_DIR/stack.sh" down; fi
}

if [ "$mode" = local ]; then
  trap stack_down EXIT
  if ! "$CHAOS_DIR/stack.sh" up; then
    echo "stack up failed; see $CHAOS_STATE/logs" >&2
    exit 1
  fi
fi
mkdir -p "$CHAOS_RUN_DIR"
: >"$CHAOS_RESULTS"

declare -A took
for s in "${scenarios[@]}"; do
  script=$CHAOS_DIR/scenarios/$s.sh
  [ -x "$script" ] || { printf '%s\tFAIL\tno such scenario\n' "$s" >>"$CHAOS_RESULTS"; continue; }
  echo "==== $s ($(date +%T))"
  t=$SECONDS
  lines=$(wc -l <"$CHAOS_RESULTS")
  "$script" 2>&1 | tee "$CHAOS_RUN_DIR/$s.log"
  rc=${PIPESTATUS[0]}
  took[$s]=$((SECONDS - t))
  # A scenario that died before its own verdict still gets a line.
  if [ "$(wc -l <"$CHAOS_RESULTS")" -eq "$lines" ]; then
    printf '%s\tFAIL\texited %s before a verdict\n' "$s" "$rc" >>"$CHAOS_RESULTS"
  fi
done

echo
echo "==== chaos results ($mode stack, $(( (SECONDS - start) / 60 )) min $(( (SECONDS - start) % 60 )) s; logs in $CHAOS_RUN_DIR)"
printf '%-16s %-5s %5s  %s\n' scenario result secs figures
failed=0
while IFS=$'\t' read -r name verdict figures; do
  printf '%-16s %-5s %5s  %s\n' "$name" "$verdict" "${took[$name]:-}" "$figures"
  [ "$verdict" = PASS ] || failed=$((failed + 1))
done <"$CHAOS_RESULTS"
echo "$(( $(wc -l <"$CHAOS_RESULTS") - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
