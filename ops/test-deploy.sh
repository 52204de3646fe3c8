#!/usr/bin/env bash
# Tests ops/deploy.sh against a fake `docker` (no engine needed): the image tag in compose/.env
# changes only after a successful pull, a deploy that fails at any step restores the previous
# tag, and a successful one keeps the new tag. Exit 0 when every case passes.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/stack/compose"

# The fake docker: FAIL_AT names the compose sub-command that fails ("pull", "up", "exec"...).
# `exec ... /health/ready` prints a 200 status line, like a ready replica.
cat >"$work/bin/docker" <<'FAKE'
#!/usr/bin/env bash
args=" $* "
[ -n "${FAIL_AT:-}" ] && [[ "$args" == *" compose "*" $FAIL_AT "* ]] && { echo "fake docker: $FAIL_AT failed" >&2; exit 1; }
[[ "$args" == *" pull "* ]] && echo "pulled APP_IMAGE=${APP_IMAGE:-}" >>"$DOCKER_LOG"
[[ "$args" == *" exec "* ]] && echo "HTTP/1.1 200 OK"
exit 0
FAKE
chmod +x "$work/bin/docker"

failed=0
run_case() {  # NAME FAIL_AT EXPECTED_RC EXPECTED_IMAGE
  printf 'APP_IMAGE=registry/app:old\nPOSTGRES_PASSWORD=x\nAPI_KEYS=%064d\n' 0 >"$work/stack/compose/.env"
  : >"$work/docker.log"
  PATH="$work/bin:$PATH" DOCKER_LOG="$work/docker.log" FAIL_AT="$2" NGINX_FAIL_TIMEOUT=0 HEALTH_TRIES=1 \
    bash "$repo/ops/deploy.sh" "$work/stack" registry/app:new >"$work/out.log" 2>&1
  local rc=$? image
  image=$(sed -n 's/^APP_IMAGE=//p' "$work/stack/compose/.env")
  if [ "$rc" = "$3" ] && [ "$image" = "$4" ]; then
    echo "ok   $1 (exit $rc, APP_IMAGE=$image)"
  else
    echo "FAIL $1: exit $rc (want $3), APP_IMAGE=$image (want $4)"; sed 's/^/     /' "$work/out.log"
    failed=$((failed + 1))
  fi
}
run_case "a failed pull leaves the old tag" pull 1 registry/app:old
run_case "a failed start restores the old tag" up 1 registry/app:old
run_case "a replica never ready restores the old tag" exec 1 registry/app:old
run_case "a successful deploy keeps the new tag" "" 0 registry/app:new
grep -q "pulled APP_IMAGE=registry/app:new" "$work/docker.log" \
  || { echo "FAIL the pull did not ask for the new tag"; failed=$((failed + 1)); }
[ "$failed" -eq 0 ]
