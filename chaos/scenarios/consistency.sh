#!/usr/bin/env bash
# consistency: 1,000 times deactivate a URL and immediately follow it through nginx (consistency.py),
# with both replicas serving the redirects.
# Proves: once PUT /urls/{id} {"is_active": false} has answered, no replica serves the old redirect
# (zero stale 302s): the write invalidated the near caches of both replicas and Redis before it
# answered. Re-activations are checked the same way (a 410 after re-activation is counted).
. "$(dirname "$0")/../lib/common.sh" "$@"

ITERATIONS=${ITERATIONS:-1000}

require_healthy
seed 50 urls >/dev/null
route_count() {  # redirects (302 and 410) replica N has answered
  local a b
  a=$(metric "$1" 'vertx_http_server_requests_total{code="302",method="GET",route="/:code"}')
  b=$(metric "$1" 'vertx_http_server_requests_total{code="410",method="GET",route="/:code"}')
  echo $((${a:-0} + ${b:-0}))
}
r1=$(route_count 1) r2=$(route_count 2)
t0=$(now)
python3 "$CHAOS_DIR/scenarios/consistency.py" "$BASE_URL" "$RUN_DIR/urls.json" "$ITERATIONS" "$RUN_DIR/result.json" \
  || abort "consistency.py failed"
took=$(elapsed "$t0")
served1=$(($(route_count 1) - r1)) served2=$(($(route_count 2) - r2))

stale=$(jq .stale_302 "$RUN_DIR/result.json")
stale410=$(jq .stale_410 "$RUN_DIR/result.json")
other=$(jq .other "$RUN_DIR/result.json")
figure "iterations=$ITERATIONS"
figure "stale302=$stale"
figure "stale410=$stale410"
figure "redirects_by_replica=$served1/$served2"
figure "seconds=$took"
check "zero stale 302s after a deactivation: $stale" eq "$stale" 0
check "zero stale 410s after a re-activation: $stale410" eq "$stale410" 0
check "no other status: $other" eq "$other" 0
check "both replicas served the redirects ($served1 and $served2)" eq "$([ "$served1" -gt 0 ] && [ "$served2" -gt 0 ] && echo yes)" yes
[ "$stale" = 0 ] || jq -c '.examples' "$RUN_DIR/result.json"
finish
