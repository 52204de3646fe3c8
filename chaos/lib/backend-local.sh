# Fault injection and probes for the local stack of chaos/stack.sh (supervisord, 127.0.0.1).
# The compose twin is backend-compose.sh; both define the same functions:
#
#   BASE_URL                      nginx
#   backend_check                 the stack runs (else exit 2)
#   replica_status N PATH         HTTP status of a GET on replica N itself (000: no answer)
#   replica_get N PATH            body of a GET on replica N itself
#   replica_instance N            changes when replica N is restarted (pid, container start)
#   fault_kill_replica N          SIGKILL, as a crash: the process manager must restart it
#   fault_restart_replica N       graceful restart (SIGTERM, drain, start); returns once started
#   fault_stop_replica N / fault_start_replica N
#   fault_stop redis|postgres / fault_start redis|postgres
#   db_query SQL                  psql -tA output
#   redis_cli ARGS...             redis-cli against the stack's Redis
#   alerts_dump                   every notification the webhook got, one JSON object a line
#                                 ({"notification": <Alertmanager payload>, ...})
#   prom_query PROMQL             Prometheus /api/v1/query JSON
# shellcheck shell=bash

BASE_URL=${BASE_URL:-http://127.0.0.1:$CHAOS_NGINX_PORT}
# the admin key stack.sh made for this stack (AUTH_MODE=keys)
API_KEY=${API_KEY:-$(cat "$CHAOS_API_KEY_FILE" 2>/dev/null)}

sctl() { supervisorctl -c "$CHAOS_STATE/supervisord.conf" "$@"; }

replica_url() {
  case "$1" in
    1) echo "http://127.0.0.1:$CHAOS_APP1_PORT" ;;
    2) echo "http://127.0.0.1:$CHAOS_APP2_PORT" ;;
    *) echo "no replica $1" >&2; return 1 ;;
  esac
}

backend_check() {
  local pidfile=$CHAOS_STATE/supervisord.pid
  if ! { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }; then
    echo "the local chaos stack is not running: chaos/stack.sh up" >&2
    exit 2
  fi
}

replica_status() { curl -s -m 2 -o /dev/null -w '%{http_code}' "$(replica_url "$1")$2"; }
replica_get() { curl -s -m 5 "$(replica_url "$1")$2"; }

replica_instance() { sctl pid "app$1"; }

fault_kill_replica() {
  local pid
  pid=$(sctl pid "app$1")
  [ "${pid:-0}" -gt 0 ] || { echo "app$1 has no pid" >&2; return 1; }
  kill -KILL "$pid" || return 1
  echo "$pid"
}
fault_restart_replica() { sctl restart "app$1" >/dev/null; }
fault_stop_replica() { sctl stop "app$1" >/dev/null; }
fault_start_replica() { sctl start "app$1" >/dev/null; }

# PostgreSQL stops with a fast shutdown (open connections are closed), Redis with SIGTERM.
fault_stop() { sctl stop "$1" >/dev/null; }
fault_start() { sctl start "$1" >/dev/null; }

redis_cli() { redis-cli -p "$CHAOS_REDIS_PORT" "$@"; }

db_query() {
  PGPASSWORD=$CHAOS_PG_PASSWORD psql -h 127.0.0.1 -p "$CHAOS_PG_PORT" -U "$CHAOS_PG_USER" -d "$CHAOS_PG_DB" \
    -X -q -tA -v ON_ERROR_STOP=1 -c "$1"
}

alerts_dump() { cat "$CHAOS_STATE/alerts.jsonl" 2>/dev/null; }

prom_query() {
  curl -s -m 5 "http://127.0.0.1:$CHAOS_PROMETHEUS_PORT/api/v1/query" --data-urlencode "query=$1"
}

backend_check
