# Settings shared by chaos/stack.sh, the local backend and the scenarios. Every value can be
# overridden from the environment; the ports are deliberately not the services' defaults, so the
# stack runs beside a developer's own PostgreSQL/Redis/nginx/Prometheus.
# shellcheck shell=bash

CHAOS_DIR=${CHAOS_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
REPO_DIR=${REPO_DIR:-$(cd "$CHAOS_DIR/.." && pwd)}
# Everything the local stack creates lives here: data directories, generated configs, sockets,
# pid files, logs. `stack.sh up` wipes it, `stack.sh down` leaves the logs for a post-mortem.
CHAOS_STATE=${CHAOS_STATE:-/tmp/shortener-chaos}

CHAOS_PG_PORT=${CHAOS_PG_PORT:-25432}
CHAOS_REDIS_PORT=${CHAOS_REDIS_PORT:-26379}
CHAOS_APP1_PORT=${CHAOS_APP1_PORT:-28081}
CHAOS_APP2_PORT=${CHAOS_APP2_PORT:-28082}
CHAOS_NGINX_PORT=${CHAOS_NGINX_PORT:-28080}
CHAOS_PROMETHEUS_PORT=${CHAOS_PROMETHEUS_PORT:-29090}
CHAOS_ALERTMANAGER_PORT=${CHAOS_ALERTMANAGER_PORT:-29093}
CHAOS_WEBHOOK_PORT=${CHAOS_WEBHOOK_PORT:-29099}

CHAOS_PG_USER=${CHAOS_PG_USER:-chaos}
CHAOS_PG_PASSWORD=${CHAOS_PG_PASSWORD:-chaos}
CHAOS_PG_DB=${CHAOS_PG_DB:-shortener}

# The replicas' JVM: a fixed heap, exit on OOM like the container image (the supervisor restarts it).
CHAOS_JAVA_OPTS=${CHAOS_JAVA_OPTS:--Xms256m -Xmx768m -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError}
