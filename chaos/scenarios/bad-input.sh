#!/usr/bin/env bash
# bad-input: over a thousand malformed requests (bad-input.py holds the table: bodies that are not
# JSON objects, wrong types, missing and overlong fields, non-ASCII, injection strings, oversize
# bodies, malformed CSV imports, bad paging and filters, malformed ids, wrong methods, impossible
# short codes) against every route, at the root and under /v1, through nginx.
# Proves: no 5xx; every answer a JSON error with the contract's 4xx; nothing written (row counts
# of users, urls and events unchanged, and the fixture rows the requests aimed at unchanged).
. "$(dirname "$0")/../lib/common.sh" "$@"

require_healthy
user_id=$(seed 1 fixture)
url_id=$(jq -r '.[0].id' "$RUN_DIR/fixture.json")
code=$(jq -r '.[0].short_code' "$RUN_DIR/fixture.json")
event_id=$(api GET "/events?url_id=$url_id" | head -n 1 | jq -r '.[0].id')
[ -n "$event_id" ] && [ "$event_id" != null ] || abort "no created event for the fixture URL"

rows() { db_query "SELECT (SELECT count(*) FROM users) || ' ' || (SELECT count(*) FROM urls) || ' ' || (SELECT count(*) FROM events)"; }
fixture() { for p in "/users/$user_id" "/urls/$url_id" "/events/$event_id"; do api GET "$p" | head -n 1; done; }
wait_until 30 clicks_flushed || abort "click queues not empty before the run"
rows_before=$(rows)
fixture_before=$(fixture)

python3 "$CHAOS_DIR/scenarios/bad-input.py" "$BASE_URL" "$user_id" "$url_id" "$code" "$event_id" \
  "$RUN_DIR/bad-input.json" | tee "$RUN_DIR/bad-input.out" | tail -n 40
wait_until 30 clicks_flushed || log "click queues not empty after the run"
rows_after=$(rows)
fixture_after=$(fixture)

requests=$(jq .requests "$RUN_DIR/bad-input.json")
failed=$(jq .failed "$RUN_DIR/bad-input.json")
fivexx=$(jq '."5xx"' "$RUN_DIR/bad-input.json")
figure "requests=$requests"
figure "5xx=$fivexx"
figure "not_json_error=$failed"
figure "statuses=$(jq -c .statuses "$RUN_DIR/bad-input.json")"
check "at least 500 malformed requests: $requests" ge "$requests" 500
check "zero 5xx: $fivexx" eq "$fivexx" 0
check "every answer a JSON error with the contract's status: $failed cases not" eq "$failed" 0
check "row counts unchanged (users urls events): $rows_before -> $rows_after" eq "$rows_after" "$rows_before"
[ "$fixture_after" = "$fixture_before" ] || diff <(echo "$fixture_before") <(echo "$fixture_after") | sed "s/^/  fixture diff: /"
check "the fixture user, URL and event unchanged" eq "$fixture_after" "$fixture_before"
if [ "$failed" != 0 ]; then
  log "failed cases by status and cause (details in $RUN_DIR/bad-input.json):"
  jq -r '.failures[] | "\(.status) \(.problems // [.error] | join("; ") | .[0:60])"' "$RUN_DIR/bad-input.json" \
    | sort | uniq -c | sort -rn | sed 's/^/    /'
fi
finish
