# Sourced by every scenario: mode (local or compose) and its backend, logging, checks, results.
#
#   . "$(dirname "$0")/../lib/common.sh" "$@"      # accepts --compose (or CHAOS_MODE=compose)
#
# A scenario states its checks with `check "what" CONDITION...`, prints its figures with `figure`,
# and ends with `finish`, which prints PASS/FAIL, appends one line to $CHAOS_RESULTS (run-all's
# table) and exits 1 when a check failed.
# shellcheck shell=bash
set -uo pipefail

# shellcheck source=config.sh
. "$(dirname "${BASH_SOURCE[0]}")/config.sh"

CHAOS_MODE=${CHAOS_MODE:-local}
for arg in "$@"; do
  case "$arg" in
    --compose) CHAOS_MODE=compose ;;
    --local) CHAOS_MODE=local ;;
  esac
done
export CHAOS_MODE

SCENARIO=${SCENARIO:-$(basename "$0" .sh)}
# Work files of this run of the scenario (load outputs, fixtures). Under the state dir, so that
# `stack.sh down` also finds a load generator left behind by an interrupted scenario.
RUN_DIR=${CHAOS_RUN_DIR:-$CHAOS_STATE/runs/$(date +%Y%m%d-%H%M%S)}/$SCENARIO
mkdir -p "$RUN_DIR"

for tool in curl jq wrk python3; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool (chaos/stack.sh up installs it)" >&2; exit 2; }
done

# shellcheck source=backend-local.sh
. "$CHAOS_DIR/lib/backend-$CHAOS_MODE.sh"
# shellcheck source=load.sh
. "$CHAOS_DIR/lib/load.sh"

CHECKS_FAILED=0
CHECKS_PASSED=0
FIGURES=()

log() { printf '[%s %s] %s\n' "$SCENARIO" "$(date +%T.%3N)" "$*"; }

now() { date +%s.%N; }
# elapsed START [END]: seconds between two `now` readings, one decimal
elapsed() { awk -v a="$1" -v b="${2:-$(now)}" 'BEGIN { printf "%.1f", b - a }'; }

# check "description" COMMAND...: runs the command; PASS/FAIL line; failures counted.
check() {
  local what=$1
  shift
  if "$@"; then
    printf '  PASS  %s\n' "$what"
    CHECKS_PASSED=$((CHECKS_PASSED + 1))
  else
    printf '  FAIL  %s\n' "$what"
    CHECKS_FAILED=$((CHECKS_FAILED + 1))
  fi
}
# Comparisons for check: numbers may be decimals.
eq() { [ "$1" = "$2" ]; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }

# figure "name=value": one of the figures shown in run-all's table for this scenario.
figure() {
  FIGURES+=("$1")
  log "figure: $1"
}

finish() {
  local verdict=PASS
  [ "$CHECKS_FAILED" -eq 0 ] && [ "$CHECKS_PASSED" -gt 0 ] || verdict=FAIL
  log "$verdict ($CHECKS_PASSED checks passed, $CHECKS_FAILED failed; work files in $RUN_DIR)"
  if [ -n "${CHAOS_RESULTS:-}" ]; then
    printf '%s\t%s\t%s\n' "$SCENARIO" "$verdict" "${FIGURES[*]:-}" >>"$CHAOS_RESULTS"
  fi
  [ "$verdict" = PASS ]
  exit $?
}

# abort "why": a precondition failed; the scenario stops here as FAIL.
abort() {
  log "ABORT: $*"
  CHECKS_FAILED=$((CHECKS_FAILED + 1))
  FIGURES+=("aborted: $*")
  finish
}

# wait_until SECONDS COMMAND...: polls every 0.5 s; 0 when the command succeeded in time.
wait_until() {
  local limit=$1 deadline
  shift
  deadline=$(awk -v n="$(now)" -v l="$limit" 'BEGIN { printf "%.3f", n + l }')
  until "$@" >/dev/null 2>&1; do
    awk -v n="$(now)" -v d="$deadline" 'BEGIN { exit !(n >= d) }' && return 1
    sleep 0.5
  done
}

# ---- HTTP ---------------------------------------------------------------------------------------
# The stack runs in AUTH_MODE=keys: API_KEY is an admin key (the backend sets it), sent on every
# request (redirects and health ignore it).
export API_KEY
# api METHOD PATH [JSON]: through nginx; prints the body, then a last line with the status.
api() {
  local method=$1 path=$2 body=${3:-}
  if [ -n "$body" ]; then
    curl -s -m 10 -X "$method" -H "X-API-Key: $API_KEY" -H 'Content-Type: application/json' --data-binary "$body" \
      -w '\n%{http_code}' "$BASE_URL$path"
  else
    curl -s -m 10 -X "$method" -H "X-API-Key: $API_KEY" -w '\n%{http_code}' "$BASE_URL$path"
  fi
}
status_of() { curl -s -m 10 -o /dev/null -H "X-API-Key: $API_KEY" -w '%{http_code}' "$BASE_URL$1"; }

replica_ready() { [ "$(replica_status "$1" /health/ready)" = 200 ]; }
replica_cache_up() { replica_get "$1" /health/ready | grep -q '"cache":"up"'; }

# Everything healthy before a scenario starts (the previous one may still be recovering).
require_healthy() {
  local n
  for n in 1 2; do
    wait_until 90 replica_cache_up "$n" || abort "replica $n not ready with cache up"
  done
  wait_until 30 eq "$(status_of /health/ready)" 200 || abort "nginx does not answer /health/ready"
}

# metric N NAME{labels}: a sample of replica N's /metrics (sum of the matching lines), e.g.
#   metric 1 'shortener_clicks_written_total'
metric() {
  replica_get "$1" /metrics | awk -v m="$2" '
    index($0, m) == 1 { rest = substr($0, length(m) + 1); if (rest ~ /^[ {]/) { sum += $NF; found = 1 } }
    END { if (found) printf "%.0f\n", sum; else print "" }'
}

# redirects_served N: the 302s replica N has answered so far (its own counter).
redirects_served() { metric "$1" 'vertx_http_server_requests_total{code="302",method="GET",route="/:code"}'; }

# receives_traffic N: nginx sends replica N redirects again (its 302 counter moves within 1 s).
receives_traffic() {
  local before after
  before=$(redirects_served "$1")
  sleep 1
  after=$(redirects_served "$1")
  [ -n "$after" ] && [ "${after:-0}" -gt "${before:-0}" ]
}

# Both replicas' click queues empty: every click accepted so far is in the events table.
clicks_flushed() {
  local n d
  for n in 1 2; do
    d=$(metric "$n" shortener_click_queue_depth)
    [ "$d" = 0 ] || return 1
  done
}

# seed N NAME: a user and N active URLs through the API; writes $RUN_DIR/NAME.paths (one /code a
# line, for wrk) and $RUN_DIR/NAME.json ([{"id":..,"short_code":..}]).
seed() {
  python3 "$CHAOS_DIR/lib/api.py" seed "$BASE_URL" "$1" "$RUN_DIR/$2" || abort "could not create $1 URLs"
}
