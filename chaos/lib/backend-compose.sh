# Fault injection and probes for the compose stack (compose/docker-compose.yml), the twin of
# backend-local.sh (same functions; see there). The stack must be up already:
#   docker compose -f compose/docker-compose.yml up -d --build --wait
# Needs the Docker CLI with the compose plugin, and root (or sudo) for the replica kill.
# shellcheck shell=bash

COMPOSE_FILE=${COMPOSE_FILE:-$REPO_DIR/compose/docker-compose.yml}
compose() { docker compose -f "$COMPOSE_FILE" "$@"; }

# POSTGRES_USER / POSTGRES_DB / HTTP_PUBLISH as compose sees them (compose/.env, then defaults).
env_value() {
  local value
  value=$(sed -n "s/^$1=//p" "$(dirname "$COMPOSE_FILE")/.env" 2>/dev/null | tail -n 1)
  value=${value%\"}
  echo "${!1:-${value#\"}}"
}
COMPOSE_PG_USER=$(env_value POSTGRES_USER)
COMPOSE_PG_USER=${COMPOSE_PG_USER:-shortener}
COMPOSE_PG_DB=$(env_value POSTGRES_DB)
COMPOSE_PG_DB=${COMPOSE_PG_DB:-shortener}
HTTP_PUBLISH=$(env_value HTTP_PUBLISH)
BASE_URL=${BASE_URL:-http://localhost:${HTTP_PUBLISH:-80}}
PROMETHEUS_URL=${PROMETHEUS_URL:-http://127.0.0.1:9090}
# An admin key of the compose stack (AUTH_MODE=keys): its SHA-256 in compose/.env API_KEYS, or a stored one.
API_KEY=${API_KEY:-}

backend_check() {
  command -v docker >/dev/null && docker compose version >/dev/null 2>&1 \
    || { echo "--compose needs the Docker CLI with the compose plugin" >&2; exit 2; }
  [ -n "$(compose ps -q app1 2>/dev/null)" ] \
    || { echo "the compose stack is not running: docker compose -f $COMPOSE_FILE up -d --build --wait" >&2; exit 2; }
  [ -n "$API_KEY" ] || { echo "export API_KEY=<an admin key of the compose stack> (AUTH_MODE=keys)" >&2; exit 2; }
}

# The replicas publish no port: ask inside the container, with bash's /dev/tcp as the healthcheck
# does (HTTP/1.0, so the answer ends with the connection).
replica_request() {
  compose exec -T "app$1" bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 &&
    printf "GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n" "$0" >&3 && cat <&3' "$2" 2>/dev/null
}
replica_status() {
  local line
  line=$(replica_request "$1" "$2" | head -n 1)
  set -- $line
  echo "${2:-000}"
}
replica_get() { replica_request "$1" "$2" | sed '1,/^\r\{0,1\}$/d'; }

# A crash as Docker sees it: SIGKILL to the container's main process from the host, so the
# `restart: unless-stopped` policy applies (`docker kill` counts as a manual stop and would not
# be restarted). Needs a Linux host where the container's pid is visible.
replica_instance() { docker inspect -f '{{.State.StartedAt}}' "$(compose ps -q "app$1")"; }

fault_kill_replica() {
  local id pid sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  id=$(compose ps -q "app$1")
  pid=$(docker inspect -f '{{.State.Pid}}' "$id")
  [ "${pid:-0}" -gt 0 ] || { echo "app$1 is not running" >&2; return 1; }
  $sudo kill -KILL "$pid" || return 1
  echo "$pid"
}
# SIGTERM, stop_grace_period (45 s) before a SIGKILL, then start again.
fault_restart_replica() { compose restart "app$1" >/dev/null 2>&1; }
fault_stop_replica() { compose stop "app$1" >/dev/null 2>&1; }
fault_start_replica() { compose start "app$1" >/dev/null 2>&1; }

fault_stop() { compose stop "$1" >/dev/null 2>&1; }
fault_start() { compose start "$1" >/dev/null 2>&1; }

redis_cli() { compose exec -T redis redis-cli "$@"; }

db_query() {
  compose exec -T postgres psql -U "$COMPOSE_PG_USER" -d "$COMPOSE_PG_DB" -X -q -tA -v ON_ERROR_STOP=1 -c "$1"
}

# The compose receiver prints each notification as one JSON line on its stdout.
alerts_dump() { compose logs --no-log-prefix --no-color alert-receiver 2>/dev/null | grep '^{'; }

prom_query() { curl -s -m 5 "$PROMETHEUS_URL/api/v1/query" --data-urlencode "query=$1"; }

backend_check
