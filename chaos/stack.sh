#!/usr/bin/env bash
# The local chaos stack: everything the compose stack runs that the chaos scenarios need, as plain
# processes on 127.0.0.1 under one supervisord of its own.
#
#   chaos/stack.sh up       install what is missing, (re)create the stack, wait until it is healthy
#   chaos/stack.sh down     stop everything it started (also after a failed or half-done `up`)
#   chaos/stack.sh status   what runs, and the health of each part
#   chaos/stack.sh env      the addresses, as shell assignments
#
# Processes (ports in chaos/lib/config.sh, all overridable):
#   postgres  its own data directory under $CHAOS_STATE, 127.0.0.1:25432
#   redis     127.0.0.1:26379, no persistence (a cache and invalidation bus, as in compose)
#   app1/app2 target/url-shortener.jar (a copy) on 127.0.0.1:28081/28082; supervisord restarts a
#             crashed replica at once, and `supervisorctl restart` is the graceful path (SIGTERM,
#             stopwaitsecs above the app's worst-case drain)
#   nginx     compose/nginx/shortener.conf (listen port changed by sed) with a generated upstream
#             file pointing at the two replicas and a generated top-level nginx.conf, 127.0.0.1:28080
#   prometheus    prometheus/alerts.yml, scraping the replicas every 2 s, evaluating every 2 s
#   alertmanager  prometheus/alertmanager.yml with the webhook port changed by sed
#   webhook   chaos/lib/webhook.py: appends every notification as one JSON line to alerts.jsonl
set -euo pipefail
# shellcheck source=lib/config.sh
. "$(dirname "$0")/lib/config.sh"
# shellcheck source=ops/lib/apt.sh
. "$REPO_DIR/ops/lib/apt.sh"

S=$CHAOS_STATE
SUPERVISOR_CONF=$S/supervisord.conf
supervisorctl_() { supervisorctl -c "$SUPERVISOR_CONF" "$@"; }
say() { printf '[stack %s] %s\n' "$(date +%T)" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo

# ---- packages -----------------------------------------------------------------------------------
pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

install_packages() {
  local packages=()
  [ -n "$(pg_bindir)" ] && [ -x "$(pg_bindir)/postgres" ] || packages+=(postgresql)
  command -v psql >/dev/null || packages+=(postgresql-client)
  command -v redis-server >/dev/null || packages+=(redis-server)
  [ -x /usr/sbin/nginx ] || packages+=(nginx)
  command -v supervisord >/dev/null || packages+=(supervisor)
  command -v prometheus >/dev/null || packages+=(prometheus)
  command -v prometheus-alertmanager >/dev/null || packages+=(prometheus-alertmanager)
  command -v wrk >/dev/null || packages+=(wrk)
  command -v jq >/dev/null || packages+=(jq)
  command -v curl >/dev/null || packages+=(curl)
  command -v java >/dev/null || packages+=(openjdk-17-jre-headless)
  [ ${#packages[@]} -eq 0 ] && return 0
  # keeps the packages' own daemons (postgresql@15-main, redis on 6379, nginx on 80, supervisord,
  # prometheus on 9090, alertmanager) from starting
  apt_install "${packages[@]}"
  # With systemd as init, policy-rc.d is honoured by deb-systemd-invoke too, but units stay
  # enabled for the next boot: disable the ones these packages brought.
  if [ -d /run/systemd/system ]; then
    local unit
    for unit in postgresql redis-server nginx supervisor prometheus prometheus-alertmanager; do
      $sudo systemctl disable --now "$unit" >/dev/null 2>&1 || true
    done
  fi
}

# ---- generated configuration --------------------------------------------------------------------
# The admin key of this stack: 32 random bytes, URL-safe, made once per `up`.
make_api_key() {
  head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$CHAOS_API_KEY_FILE"
  chmod 600 "$CHAOS_API_KEY_FILE"
}
api_key_digest() { printf %s "$(cat "$CHAOS_API_KEY_FILE")" | sha256sum | cut -d' ' -f1; }

write_configs() {
  local java_bin python_bin
  java_bin=$(command -v java)
  python_bin=$(command -v python3)
  mkdir -p "$S"/{logs,run,redis,app/conf,nginx/temp,prometheus/data,alertmanager/data}

  # The replicas run a copy of the jar and of conf/, so a rebuild during a run cannot pull the
  # classes from under a running JVM.
  cp "$REPO_DIR/target/url-shortener.jar" "$S/app/url-shortener.jar"
  cp "$REPO_DIR"/conf/* "$S/app/conf/"

  # nginx: the project's shortener.conf with only its listen line changed, a generated upstream
  # file with the compose upstream's rules and the two local ports, and a top-level nginx.conf
  # with its own pid, logs and temp paths.
  sed -E "s/^([[:space:]]*)listen 80 default_server;/\1listen 127.0.0.1:$CHAOS_NGINX_PORT default_server;/" \
    "$REPO_DIR/compose/nginx/shortener.conf" >"$S/nginx/shortener.conf"
  grep -q "listen 127.0.0.1:$CHAOS_NGINX_PORT default_server;" "$S/nginx/shortener.conf" \
    || die "compose/nginx/shortener.conf has no 'listen 80 default_server;' line to rewrite"
  sed -E -e "s/\bapp1:8080\b/127.0.0.1:$CHAOS_APP1_PORT/" -e "s/\bapp2:8080\b/127.0.0.1:$CHAOS_APP2_PORT/" \
    "$REPO_DIR/compose/nginx/upstream.conf" >"$S/nginx/upstream.conf"
  grep -q "127.0.0.1:$CHAOS_APP2_PORT" "$S/nginx/upstream.conf" \
    || die "compose/nginx/upstream.conf has no app1:8080/app2:8080 servers to rewrite"
  # Workers run as nobody: the temp directories (request bodies of CSV uploads) must be theirs.
  chown nobody "$S/nginx/temp" 2>/dev/null || chmod 1777 "$S/nginx/temp"
  cat >"$S/nginx/nginx.conf" <<EOF
# Generated by chaos/stack.sh: the compose stack's top-level settings with local paths.
daemon off;
worker_processes auto;
worker_rlimit_nofile $(n=$(ulimit -Hn); [ "$n" = unlimited ] || [ "$n" -gt 65535 ] && echo 65535 || echo "$n");
pid $S/nginx/nginx.pid;
error_log $S/logs/nginx-error.log warn;

events {
    worker_connections 8192;
}

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65s;

    client_body_temp_path $S/nginx/temp/client_body;
    proxy_temp_path $S/nginx/temp/proxy;
    fastcgi_temp_path $S/nginx/temp/fastcgi;
    uwsgi_temp_path $S/nginx/temp/uwsgi;
    scgi_temp_path $S/nginx/temp/scgi;

    # Only what a post-mortem needs: failed answers and requests nginx had to retry on the other
    # replica (upstream_status "502, 302" and the like); a full access log at tens of thousands of
    # requests per second would cost the shared CPU more than it tells.
    log_format json escape=json
        '{"@timestamp":"\$time_iso8601","request_id":"\$req_id","method":"\$request_method",'
        '"uri":"\$request_uri","status":\$status,"request_time":\$request_time,'
        '"upstream":"\$upstream_addr","upstream_status":"\$upstream_status",'
        '"upstream_time":"\$upstream_response_time"}';
    map "\$status:\$upstream_status" \$chaos_loggable {
        "~^[23]\d\d:[^,]*\$"  0;
        default             1;
    }
    access_log $S/logs/nginx-access.log json buffer=64k flush=1s if=\$chaos_loggable;

    include $S/nginx/upstream.conf;
    include $S/nginx/shortener.conf;
}
EOF

  # Prometheus: the project's alert rules, the two replicas as job "shortener" (the rules' job).
  cp "$REPO_DIR/prometheus/alerts.yml" "$S/prometheus/alerts.yml"
  cat >"$S/prometheus/prometheus.yml" <<EOF
# Generated by chaos/stack.sh. Faster than compose's 5 s so the alert-latency scenario measures
# the rules' own delays ('for: 20s') rather than the scrape cadence.
global:
  scrape_interval: 2s
  scrape_timeout: 2s
  evaluation_interval: 2s
rule_files:
  - alerts.yml
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:$CHAOS_ALERTMANAGER_PORT']
scrape_configs:
  - job_name: shortener
    metrics_path: /metrics
    static_configs:
      - targets: ['127.0.0.1:$CHAOS_APP1_PORT', '127.0.0.1:$CHAOS_APP2_PORT']
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:$CHAOS_PROMETHEUS_PORT']
  - job_name: alertmanager
    static_configs:
      - targets: ['127.0.0.1:$CHAOS_ALERTMANAGER_PORT']
EOF
  # Alertmanager: the project's routing, with the webhook's port changed (9099 is the compose
  # receiver's; a non-default one here).
  sed "s#http://127.0.0.1:9099/#http://127.0.0.1:$CHAOS_WEBHOOK_PORT/#" \
    "$REPO_DIR/prometheus/alertmanager.yml" >"$S/alertmanager/alertmanager.yml"
  grep -q "127.0.0.1:$CHAOS_WEBHOOK_PORT/" "$S/alertmanager/alertmanager.yml" \
    || die "prometheus/alertmanager.yml has no http://127.0.0.1:9099/ webhook to rewrite"

  local db_url="postgresql://$CHAOS_PG_USER:$CHAOS_PG_PASSWORD@127.0.0.1:$CHAOS_PG_PORT/$CHAOS_PG_DB"
  local app_env="DATABASE_URL=\"$db_url\",REDIS_URL=\"redis://127.0.0.1:$CHAOS_REDIS_PORT\",ACCESS_LOG_LEVEL=\"OFF\",SHORTENER_HTTP_HOST=\"127.0.0.1\""
  # keys mode as in production; nginx (127.0.0.1) is the one trusted proxy
  app_env+=",AUTH_MODE=\"keys\",API_KEYS=\"$(api_key_digest)\",TRUSTED_PROXIES=\"127.0.0.1/32\",RATE_LIMIT_API=\"$CHAOS_RATE_LIMIT_API\""
  # both replicas answer for nginx's address: short_url and QR codes must not name a replica's own port
  app_env+=",PUBLIC_BASE_URL=\"http://127.0.0.1:$CHAOS_NGINX_PORT\""
  cat >"$SUPERVISOR_CONF" <<EOF
; Generated by chaos/stack.sh: a supervisord of its own (socket, pid file, logs under $S).
[unix_http_server]
file=$S/supervisor.sock
chmod=0700

[supervisord]
logfile=$S/logs/supervisord.log
pidfile=$S/supervisord.pid
childlogdir=$S/logs
identifier=shortener-chaos
minfds=16384

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$S/supervisor.sock

; Fast shutdown (SIGINT): the default SIGTERM is PostgreSQL's "smart" mode, which waits for the
; replicas' pooled connections to go away and so would never finish.
[program:postgres]
command=$(pg_bindir)/postgres -D $S/pg/data -c listen_addresses=127.0.0.1 -p $CHAOS_PG_PORT
  -c unix_socket_directories=$S/pg -c max_connections=200 -c log_min_messages=warning
user=postgres
priority=10
autostart=true
autorestart=true
startsecs=2
stopsignal=INT
stopwaitsecs=30
redirect_stderr=true
stdout_logfile=$S/logs/postgres.log

[program:redis]
command=/usr/bin/redis-server --bind 127.0.0.1 --port $CHAOS_REDIS_PORT --dir $S/redis --save ""
  --appendonly no --maxmemory 256mb --maxmemory-policy allkeys-lru --daemonize no --loglevel warning
  --proc-title-template "{title} {listen-addr} $S/redis"
priority=10
autostart=true
autorestart=true
startsecs=1
redirect_stderr=true
stdout_logfile=$S/logs/redis.log

; The replicas start once PostgreSQL accepts connections (stack.sh starts them). A crash, kill -9
; or OOM exit of a RUNNING replica is restarted at once; startretries is high so a replica that
; cannot boot (e.g. PostgreSQL down for migrations) keeps trying. stopwaitsecs: SIGKILL only after
; the app's own worst case (1 s readiness delay, 10 s drain, 10 s click flush, 5 s, 10 s close).
EOF
  local n port
  for n in 1 2; do
    port=$([ "$n" = 1 ] && echo "$CHAOS_APP1_PORT" || echo "$CHAOS_APP2_PORT")
    cat >>"$SUPERVISOR_CONF" <<EOF
[program:app$n]
command=$java_bin @$S/app/conf/jvm.options -XX:MaxRAM=$CHAOS_MAX_RAM $CHAOS_JAVA_OPTS -XX:SharedArchiveFile=$S/app/app.jsa -jar $S/app/url-shortener.jar
directory=$S/app
environment=$app_env,HTTP_PORT="$port",CLICK_JOURNAL_DIR="$S/app/journal-app$n"
priority=20
autostart=false
autorestart=true
startsecs=1
startretries=1000
stopsignal=TERM
stopwaitsecs=45
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile=$S/logs/app$n.log
stdout_logfile_maxbytes=100MB

EOF
  done
  cat >>"$SUPERVISOR_CONF" <<EOF
[program:nginx]
command=/usr/sbin/nginx -p $S/nginx/ -c $S/nginx/nginx.conf
priority=30
autostart=true
autorestart=true
startsecs=1
stopsignal=QUIT
stopwaitsecs=10
redirect_stderr=true
stdout_logfile=$S/logs/nginx.log

[program:prometheus]
command=$(command -v prometheus) --config.file=$S/prometheus/prometheus.yml
  --storage.tsdb.path=$S/prometheus/data --storage.tsdb.retention.time=1d
  --web.listen-address=127.0.0.1:$CHAOS_PROMETHEUS_PORT --web.enable-lifecycle
priority=30
autostart=true
autorestart=true
startsecs=1
redirect_stderr=true
stdout_logfile=$S/logs/prometheus.log

[program:alertmanager]
command=$(command -v prometheus-alertmanager) --config.file=$S/alertmanager/alertmanager.yml
  --storage.path=$S/alertmanager/data --web.listen-address=127.0.0.1:$CHAOS_ALERTMANAGER_PORT
  --cluster.listen-address=
priority=30
autostart=true
autorestart=true
startsecs=1
redirect_stderr=true
stdout_logfile=$S/logs/alertmanager.log

; supervisord's main loop sleeps in poll() for up to 1 s, and Python resumes that poll after a
; SIGCHLD (PEP 475): a crashed replica is reaped up to 1 s late and respawned by the next loop, up
; to 1 s after that. Output on any child's pipe wakes the loop: this line every 100 ms keeps the
; crash-to-respawn time at ~0.1 s instead of up to 2 s (measured: 2.3 s without it).
[program:tick]
command=/bin/sh -c 'while :; do echo; sleep 0.1; done'
priority=1
autostart=true
autorestart=true
startsecs=0
stopasgroup=true
killasgroup=true
stdout_logfile=NONE
redirect_stderr=true

[program:webhook]
command=$python_bin -u $CHAOS_DIR/lib/webhook.py 127.0.0.1 $CHAOS_WEBHOOK_PORT $S/alerts.jsonl
priority=5
autostart=true
autorestart=true
startsecs=1
redirect_stderr=true
stdout_logfile=$S/logs/webhook.log
EOF
}

init_postgres() {
  local bin pwfile
  bin=$(pg_bindir)
  mkdir -p "$S/pg"
  pwfile=$S/pg/pwfile
  printf '%s\n' "$CHAOS_PG_PASSWORD" >"$pwfile"
  chown -R postgres: "$S/pg"
  chmod 700 "$S/pg"
  # The state dir's parents must let the postgres user through.
  chmod o+x "$S"
  runuser -u postgres -- "$bin/initdb" -D "$S/pg/data" -U "$CHAOS_PG_USER" --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$S/logs/initdb.log" 2>&1 \
    || { cat "$S/logs/initdb.log" >&2; die "initdb failed"; }
  rm -f "$pwfile"
}

# A class-data-sharing archive of the replica's classes (JDK 17: written at the exit of a training
# run). It roughly halves the JVM's start-up CPU, which is what decides how fast a killed replica
# answers again on a 2-core machine under load. Without it (training failed) the JVM just warns.
train_class_archive() {
  local port=$CHAOS_APP1_PORT base pid i key
  key=$(cat "$CHAOS_API_KEY_FILE")
  base=http://127.0.0.1:$port
  say "training the class-data-sharing archive"
  (cd "$S/app" && exec env DATABASE_URL="postgresql://$CHAOS_PG_USER:$CHAOS_PG_PASSWORD@127.0.0.1:$CHAOS_PG_PORT/$CHAOS_PG_DB" \
    REDIS_URL="redis://127.0.0.1:$CHAOS_REDIS_PORT" HTTP_PORT=$port SHORTENER_HTTP_HOST=127.0.0.1 ACCESS_LOG_LEVEL=OFF \
    AUTH_MODE=keys API_KEYS="$(api_key_digest)" \
    java @"$S/app/conf/jvm.options" -XX:MaxRAM="$CHAOS_MAX_RAM" $CHAOS_JAVA_OPTS -XX:ArchiveClassesAtExit="$S/app/app.jsa" -jar "$S/app/url-shortener.jar") \
    >"$S/logs/cds-training.log" 2>&1 &
  pid=$!
  for ((i = 0; i < 240; i++)); do
    curl -fs -m 1 -o /dev/null "$base/health/ready" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  # The paths a scenario takes: JSON bodies, errors, a redirect, metrics.
  curl -s -o /dev/null -H "X-API-Key: $key" -H 'Content-Type: application/json' -d '{"username":"cds-training","email":"cds@example.com"}' "$base/users" || true
  curl -s -o /dev/null -H "X-API-Key: $key" -H 'Content-Type: application/json' -d '{"user_id":1,"original_url":"https://example.com/cds","title":"t","short_code":"cdstraining"}' "$base/urls" || true
  for path in /cdstraining /users /urls /events?per_page=1 /metrics /nope /health; do curl -s -o /dev/null -H "X-API-Key: $key" "$base$path" || true; done
  curl -s -o /dev/null -H "X-API-Key: $key" -X PUT -H 'Content-Type: application/json' -d '{"is_active":false}' "$base/urls/1" || true
  curl -s -o /dev/null -H "X-API-Key: $key" -X DELETE "$base/users/1" || true
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" || true
  [ -s "$S/app/app.jsa" ] && say "class archive written ($(du -h "$S/app/app.jsa" | cut -f1))" \
    || say "no class archive (see $S/logs/cds-training.log); replicas start without it"
}

# ---- waiting ------------------------------------------------------------------------------------
wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...: polls every 0.5 s
  local limit=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      die "$what: not ready after ${limit}s (logs: $S/logs/)"
    fi
    sleep 0.5
  done
  say "$what ready"
}

pg_ok() { PGPASSWORD=$CHAOS_PG_PASSWORD psql -h 127.0.0.1 -p "$CHAOS_PG_PORT" -U "$CHAOS_PG_USER" -d postgres -tAc 'select 1'; }
http_ok() { curl -fsS -m 2 -o /dev/null "$1"; }
ready_ok() { curl -fsS -m 2 "$1" | grep -q '"cache":"up"'; }

# ---- commands -----------------------------------------------------------------------------------
supervisord_alive() {
  [ -f "$S/supervisord.pid" ] && kill -0 "$(cat "$S/supervisord.pid")" 2>/dev/null
}

# Processes of this stack: their command line names the state directory (every program above
# gets a path under it; Redis rewrites its process title, hence its proc-title-template). Matched by exact path, listed by pid, so nothing else is touched.
own_pids() {
  local pid cmd
  for pid in /proc/[0-9]*; do
    pid=${pid#/proc/}
    [ "$pid" = "$$" ] && continue
    cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || continue
    case "$cmd" in *"$S/"*) echo "$pid" ;; esac
  done
}

cmd_down() {
  if supervisord_alive; then
    say "stopping supervisord and its programs"
    local spid i
    spid=$(cat "$S/supervisord.pid")
    # The replicas first, while PostgreSQL is still there for their last click flush.
    supervisorctl_ stop app1 app2 >/dev/null 2>&1 || true
    supervisorctl_ shutdown >/dev/null 2>&1 || true
    # supervisord removes its pid file before it has stopped everything: wait for the process.
    for ((i = 0; i < 120; i++)); do
      kill -0 "$spid" 2>/dev/null || break
      sleep 0.5
    done
  fi
  # Load generators of scenarios that were interrupted, then anything else of ours that is left
  # (a supervisord that died, a postmaster orphaned by a failed `up`).
  local pids pid
  pids=$(own_pids)
  if [ -n "$pids" ]; then
    say "terminating leftover processes: $(echo $pids)"
    for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
    sleep 2
    for pid in $(own_pids); do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  if [ -f "$S/pg/data/postmaster.pid" ]; then
    pid=$(head -n 1 "$S/pg/data/postmaster.pid")
    if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$S/pg/data"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$S/supervisor.sock" "$S/supervisord.pid" "$S"/run/*.pid 2>/dev/null || true
  say "down (logs kept in $S/logs)"
}

cmd_up() {
  [ "$(id -u)" -eq 0 ] || die "run as root (PostgreSQL runs as the postgres user, started by runuser)"
  install_packages
  if [ ! -f "$REPO_DIR/target/url-shortener.jar" ]; then
    say "building target/url-shortener.jar"
    (cd "$REPO_DIR" && mvn -o -q -DskipTests package)
  fi
  cmd_down >/dev/null
  local port
  for port in "$CHAOS_PG_PORT" "$CHAOS_REDIS_PORT" "$CHAOS_APP1_PORT" "$CHAOS_APP2_PORT" "$CHAOS_NGINX_PORT" \
    "$CHAOS_PROMETHEUS_PORT" "$CHAOS_ALERTMANAGER_PORT" "$CHAOS_WEBHOOK_PORT"; do
    if ss -Hltn "sport = :$port" | grep -q .; then die "port $port is taken by another process"; fi
  done
  rm -rf "$S"
  mkdir -p "$S/logs"
  make_api_key
  init_postgres
  write_configs
  "$(command -v nginx || echo /usr/sbin/nginx)" -t -q -p "$S/nginx/" -c "$S/nginx/nginx.conf" \
    || die "nginx -t failed on the generated config"
  say "starting supervisord ($SUPERVISOR_CONF)"
  supervisord -c "$SUPERVISOR_CONF"
  wait_for 60 "postgres" pg_ok
  PGPASSWORD=$CHAOS_PG_PASSWORD psql -h 127.0.0.1 -p "$CHAOS_PG_PORT" -U "$CHAOS_PG_USER" -d postgres -q \
    -c "CREATE DATABASE $CHAOS_PG_DB" >/dev/null
  wait_for 30 "redis" redis-cli -p "$CHAOS_REDIS_PORT" ping
  train_class_archive
  # A fresh database for the replicas: nothing of the training run's rows is left.
  PGPASSWORD=$CHAOS_PG_PASSWORD psql -h 127.0.0.1 -p "$CHAOS_PG_PORT" -U "$CHAOS_PG_USER" -d postgres -q \
    -c "DROP DATABASE $CHAOS_PG_DB" -c "CREATE DATABASE $CHAOS_PG_DB" >/dev/null
  # One after the other: both would run the Flyway migration at once (safe, but slower on 2 cores).
  supervisorctl_ start app1 >/dev/null
  wait_for 120 "app1" ready_ok "http://127.0.0.1:$CHAOS_APP1_PORT/health/ready"
  supervisorctl_ start app2 >/dev/null
  wait_for 120 "app2" ready_ok "http://127.0.0.1:$CHAOS_APP2_PORT/health/ready"
  wait_for 30 "nginx" ready_ok "http://127.0.0.1:$CHAOS_NGINX_PORT/health/ready"
  wait_for 60 "prometheus" http_ok "http://127.0.0.1:$CHAOS_PROMETHEUS_PORT/-/ready"
  wait_for 60 "alertmanager" http_ok "http://127.0.0.1:$CHAOS_ALERTMANAGER_PORT/-/ready"
  wait_for 30 "webhook" http_ok "http://127.0.0.1:$CHAOS_WEBHOOK_PORT/"
  wait_for 60 "prometheus scrapes both replicas" targets_up
  say "up: http://127.0.0.1:$CHAOS_NGINX_PORT (state and logs in $S)"
}

targets_up() {
  curl -fsS "http://127.0.0.1:$CHAOS_PROMETHEUS_PORT/api/v1/query" --data-urlencode 'query=sum(up{job="shortener"})' \
    | jq -e '.data.result[0].value[1] == "2"'
}

cmd_status() {
  if ! supervisord_alive; then
    echo "stack is down (state dir $S)"
    return 3
  fi
  supervisorctl_ status || true
  local name url
  for name in app1:$CHAOS_APP1_PORT/health/ready app2:$CHAOS_APP2_PORT/health/ready nginx:$CHAOS_NGINX_PORT/health/ready \
    prometheus:$CHAOS_PROMETHEUS_PORT/-/ready alertmanager:$CHAOS_ALERTMANAGER_PORT/-/ready webhook:$CHAOS_WEBHOOK_PORT/; do
    url="http://127.0.0.1:${name#*:}"
    printf '%-13s %s %s\n' "${name%%:*}" "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$url")" "$url"
  done
}

cmd_env() {
  cat <<EOF
BASE_URL=http://127.0.0.1:$CHAOS_NGINX_PORT
APP1_URL=http://127.0.0.1:$CHAOS_APP1_PORT
APP2_URL=http://127.0.0.1:$CHAOS_APP2_PORT
PROMETHEUS_URL=http://127.0.0.1:$CHAOS_PROMETHEUS_PORT
ALERTMANAGER_URL=http://127.0.0.1:$CHAOS_ALERTMANAGER_PORT
DATABASE_URL=postgresql://$CHAOS_PG_USER:$CHAOS_PG_PASSWORD@127.0.0.1:$CHAOS_PG_PORT/$CHAOS_PG_DB
REDIS_URL=redis://127.0.0.1:$CHAOS_REDIS_PORT
SUPERVISOR_CONF=$SUPERVISOR_CONF
ALERTS_FILE=$S/alerts.jsonl
API_KEY=$(cat "$CHAOS_API_KEY_FILE" 2>/dev/null)
EOF
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac
