#!/usr/bin/env bash
# postgres-down: stop PostgreSQL for 30 s while clients follow a cached short code.
# Proves the contract's database-outage behaviour: redirects of cached codes all answer 302;
# writes and cache misses answer 503 JSON with Retry-After; readiness is 503 on both replicas;
# once PostgreSQL is back everything recovers without a restart, and every click made during the
# outage is in the click log, table clicks (the 302s the load got for the code = the new redirect events).
. "$(dirname "$0")/../lib/common.sh" "$@"

OUTAGE=${OUTAGE:-30}
CONNECTIONS=${CONNECTIONS:-20}
PAUSE_MS=${PAUSE_MS:-5}   # bounds the rate: the outage's clicks must fit the click queues
DRAIN=${DRAIN:-2}

require_healthy
user_id=$(seed 3 urls)
code=$(jq -r '.[0].short_code' "$RUN_DIR/urls.json")
url_id=$(jq -r '.[0].id' "$RUN_DIR/urls.json")
second_id=$(jq -r '.[1].id' "$RUN_DIR/urls.json")
uncached=$(jq -r '.[2].short_code' "$RUN_DIR/urls.json")   # never requested before the outage
printf '/%s\n' "$code" >"$RUN_DIR/code.paths"

# Cache the code on both replicas and in Redis, then let every click of the warm-up be written.
load_start warm 3 16 "$RUN_DIR/code.paths" 302 && load_wait warm >/dev/null
wait_until 30 clicks_flushed || abort "click queues not empty before the outage"
count_events() {
  db_query "SELECT count(*) FROM clicks WHERE url_id = $url_id"
}
events_before=$(count_events)
dropped_before=$(($(metric 1 shortener_clicks_dropped_total) + $(metric 2 shortener_clicks_dropped_total)))
instances_before="$(replica_instance 1) $(replica_instance 2)"

log "stopping postgres for ${OUTAGE}s"
t_stop=$(now)
fault_stop postgres || abort "could not stop postgres"
load_start during $((OUTAGE - 4)) "$CONNECTIONS" "$RUN_DIR/code.paths" 302 GET "$DRAIN" "$PAUSE_MS"

# Readiness of both replicas turns 503 (each probe asks PostgreSQL).
not_ready() { [ "$(replica_status "$1" /health/ready)" = 503 ]; }
for n in 1 2; do
  if wait_until 10 not_ready "$n"; then ready_503+="app$n "; fi
done
log "readiness 503 on: ${ready_503:-none}"

# Writes and a cache miss, through nginx: 503, a JSON error, Retry-After.
# probe NAME METHOD PATH [BODY]: records "NAME status retry-after json-error" in writes.txt.
probe() {
  local name=$1 method=$2 path=$3 body=${4:-} headers out status
  headers=$RUN_DIR/$name.headers
  out=$(curl -s -m 10 -D "$headers" -X "$method" -H "X-API-Key: $API_KEY" -H 'Content-Type: application/json' \
    ${body:+--data-binary "$body"} -w '\n%{http_code}' "$BASE_URL$path")
  status=${out##*$'\n'}
  printf '%s %s retry-after=%s json=%s\n' "$name" "$status" \
    "$(tr -d '\r' <"$headers" | sed -n 's/^[Rr]etry-[Aa]fter: //p' | head -n 1)" \
    "$(printf '%s' "${out%$'\n'*}" | jq -e '.error | type == "string"' >/dev/null 2>&1 && echo yes || echo no)" \
    >>"$RUN_DIR/writes.txt"
}
: >"$RUN_DIR/writes.txt"
sleep 2
probe post_user POST /users "{\"username\":\"pgdown-$RANDOM$RANDOM\",\"email\":\"pgdown-$RANDOM@example.com\"}"
probe post_url POST /urls "{\"user_id\":$user_id,\"original_url\":\"https://example.com/pgdown\",\"title\":\"x\"}"
probe put_url PUT "/urls/$second_id" '{"title":"changed during the outage"}'
probe delete_url DELETE "/urls/$second_id"
probe post_event POST /events "{\"url_id\":$url_id,\"user_id\":$user_id,\"event_type\":\"chaos\"}"
probe cache_miss GET "/$uncached"
probe v1_post_url POST /v1/urls "{\"user_id\":$user_id,\"original_url\":\"https://example.com/pgdown\",\"title\":\"x\"}"
sed 's/^/    /' "$RUN_DIR/writes.txt"
nginx_ready=$(status_of /health/ready)

load_wait during
while le "$(elapsed "$t_stop")" "$OUTAGE"; do sleep 0.2; done
log "starting postgres after $(elapsed "$t_stop") s"
t_start=$(now)
fault_start postgres || abort "could not start postgres"

both_ready() { replica_ready 1 && replica_ready 2; }
recovery=""
if wait_until 60 both_ready; then recovery=$(elapsed "$t_start"); fi
flushed=""
if wait_until 60 clicks_flushed; then flushed=$(elapsed "$t_start"); fi
log "ready again after ${recovery:-never} s, click queues empty after ${flushed:-never} s"
events_after=$(count_events)
new_events=$((events_after - events_before))
got302=$(load_get during '.statuses["302"] // 0')
dropped=$(($(metric 1 shortener_clicks_dropped_total) + $(metric 2 shortener_clicks_dropped_total) - dropped_before))
instances_after="$(replica_instance 1) $(replica_instance 2)"
after_write=$(api POST /urls "{\"user_id\":$user_id,\"original_url\":\"https://example.com/pgdown/after\",\"title\":\"x\"}" | tail -n 1)
put_kept=$(api GET "/urls/$second_id" | head -n 1 | jq -r '.title // empty')

figure "302s=$got302"
figure "non302=$(load_get during .unexpected)"
figure "new_events=$new_events"
figure "writes_503=$(grep -c ' 503 retry-after=[0-9]* json=yes' "$RUN_DIR/writes.txt")/$(wc -l <"$RUN_DIR/writes.txt")"
figure "ready_again=${recovery:-never}s"
figure "clicks_flushed=${flushed:-never}s"
check "the load ran during the outage ($got302 redirects)" ge "$got302" 1
check "every redirect of the cached code a 302: $(load_get during .unexpected) others, $(load_get during .failed) failed" \
  eq "$(load_get during .unexpected)$(load_get during .failed)" 00
unavailable() { [ "$1" = 503 ] && [ -n "$2" ] && [ "$3" = yes ]; }
while read -r name status retry json; do
  retry=${retry#retry-after=} json=${json#json=}
  check "$name during the outage: status $status, Retry-After '$retry', JSON error $json" \
    unavailable "$status" "$retry" "$json"
done <"$RUN_DIR/writes.txt"
check "readiness 503 on both replicas during the outage (${ready_503:-none})" eq "${ready_503:-}" "app1 app2 "
check "readiness through nginx 503 during the outage ($nginx_ready)" eq "$nginx_ready" 503
check "both replicas ready again without a restart (${recovery:-never} s; instances $instances_before -> $instances_after)" \
  eq "${recovery:+yes} $instances_after" "yes $instances_before"
check "no click dropped ($dropped)" eq "$dropped" 0
check "every click of the outage written: $new_events new redirect events for $got302 302s" eq "$new_events" "$got302"
check "writes work again after the recovery (POST /urls: $after_write)" eq "$after_write" 201
check "the PUT and DELETE refused during the outage changed nothing (title: $put_kept)" eq "$put_kept" "chaos 1"
finish
