#!/usr/bin/env bash
# long-location: a link whose Location header is at the cap (2,048 bytes once the host is punycode
# and the path percent-encoded) is clicked through nginx, then a plain link is (long-location.py).
# Proves: a target past the cap (2,000 CJK characters, 18 KB as a header) is a 400 on original_url;
# every click of the capped link is a 302 with the whole 2,048-byte Location, so nginx's proxy
# buffers hold a legal answer; no 5xx afterwards (an "upstream sent too big header" would count
# against max_fails and eject the replicas); nginx logged no such error.
. "$(dirname "$0")/../lib/common.sh" "$@"

CLICKS=${CLICKS:-200}

too_big() { grep -c "too big header" "$CHAOS_STATE/logs/nginx-error.log" 2>/dev/null || true; }
require_healthy
big_before=0
[ "$CHAOS_MODE" = local ] && big_before=$(too_big)
user_id=$(seed 1 fixture)
plain=$(jq -r '.[0].short_code' "$RUN_DIR/fixture.json")
python3 "$CHAOS_DIR/scenarios/long-location.py" "$BASE_URL" "$user_id" "$plain" "$CLICKS" "$RUN_DIR/result.json" \
  || abort "long-location.py failed"

too_long=$(jq .too_long_status "$RUN_DIR/result.json")
field=$(jq -r '.too_long_field | join(",")' "$RUN_DIR/result.json")
fivexx=$(jq .fivexx "$RUN_DIR/result.json")
ok=$(jq '.statuses["302"] // 0' "$RUN_DIR/result.json")
lmin=$(jq .location_min "$RUN_DIR/result.json")
lmax=$(jq .location_max "$RUN_DIR/result.json")
big_header=0
[ "$CHAOS_MODE" = local ] && big_header=$(( $(too_big) - big_before ))
figure "clicks=$((2 * CLICKS))"
figure "302=$ok"
figure "5xx=$fivexx"
figure "location_bytes=$lmin-$lmax"
figure "over_cap=$too_long"
check "a target over the cap is a 400 on original_url: $too_long $field" eq "$too_long:$field" "400:original_url"
check "every click a 302: $ok of $((2 * CLICKS))" eq "$ok" "$((2 * CLICKS))"
check "zero 5xx: $fivexx" eq "$fivexx" 0
check "the whole 2,048-byte Location reached the client: $lmin..$lmax" eq "$lmin:$lmax" "2048:2048"
check "nginx logged no 'upstream sent too big header': ${big_header:-0}" eq "${big_header:-0}" 0
finish
