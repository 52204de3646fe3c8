#!/usr/bin/env bash
# Rolls the two replicas to a new image behind nginx, one at a time, and rolls back when one
# does not become ready. Runs on the deploy host (the Deploy workflow calls it over SSH):
#
#   ops/deploy.sh STACK_DIR IMAGE     e.g. ops/deploy.sh /opt/shortener ghcr.io/acme/url-shortener:<sha>
#
# STACK_DIR holds compose/, prometheus/, grafana/ and compose/.env (the secrets). The deployed
# image is kept as APP_IMAGE in compose/.env, so a later plain `docker compose up -d` keeps it,
# and the value found there before the deploy is what a failed deploy returns to.
# While one replica is replaced, nginx sends traffic to the other (connections refused by the
# stopping replica are retried there), so the service stays up; see compose/nginx/shortener.conf.
# Exit 0: IMAGE is live on both replicas. Exit 1: rolled back (or nothing to roll back to).
set -euo pipefail

stack=${1:?usage: $0 STACK_DIR IMAGE}
image=${2:?usage: $0 STACK_DIR IMAGE}
tries=${HEALTH_TRIES:-30}   # readiness polls per replica, 2 s apart
cd "$stack"
env_file=compose/.env
[ -f "$env_file" ] || { echo "missing $stack/$env_file (copy compose/.env.example)" >&2; exit 1; }

compose() { docker compose -f compose/docker-compose.yml "$@"; }

set_image() {
  if grep -q '^APP_IMAGE=' "$env_file"; then
    sed -i "s|^APP_IMAGE=.*|APP_IMAGE=$1|" "$env_file"
  else
    echo "APP_IMAGE=$1" >>"$env_file"
  fi
}

# /health/ready of the replica, asked inside its container (replicas publish no port).
ready() {
  compose exec -T "$1" bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 &&
    printf "GET /health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" >&3 &&
    head -n 1 <&3' 2>/dev/null | grep -q ' 200 '
}

wait_ready() {
  local i
  for ((i = 1; i <= tries; i++)); do
    if ready "$1"; then echo "$1 ready"; return 0; fi
    sleep 2
  done
  echo "$1 not ready after $tries checks" >&2
  return 1
}

# nginx takes a replica that refused connections while restarting out of rotation for its
# fail_timeout (compose/nginx/upstream.conf), even once it is ready again. Restarting the other
# replica inside that window would leave nginx with no live upstream, so wait it out.
NGINX_FAIL_TIMEOUT=${NGINX_FAIL_TIMEOUT:-10}

# Recreate app1, wait until it is ready and back in nginx's rotation, then app2: never both out.
roll() {
  local svc
  for svc in app1 app2; do
    compose up -d --no-deps --no-build "$svc"
    wait_ready "$svc" || return 1
    sleep "$((NGINX_FAIL_TIMEOUT + 1))"
  done
}

previous=$(sed -n 's/^APP_IMAGE=//p' "$env_file" | tail -n 1)
echo "deploying $image (previous: ${previous:-none})"
set_image "$image"
compose pull --quiet app1 app2

# Gate: in AUTH_MODE=keys (the default) a replica with no admin key anywhere stops at start. Refuse
# before touching the running replicas rather than roll into a stack nobody can call.
env_value() { sed -n "s/^$1=//p" "$env_file" | tail -n 1; }
has_stored_admin_key() {
  compose run --rm --no-deps -T app1 api-key list 2>/dev/null \
    | awk -F'\t' 'NR > 1 && $3 == "admin" { found = 1 } END { exit !found }'
}
if [ "$(env_value AUTH_MODE)" != open ] && [ -z "$(env_value API_KEYS)" ] && ! has_stored_admin_key; then
  echo "AUTH_MODE=keys and no admin key: set API_KEYS in $env_file, or run" \
    "docker compose -f compose/docker-compose.yml run --rm --no-deps app1 api-key create --admin --name ops" >&2
  set_image "${previous:-$image}"
  exit 1
fi
# First deploy, or a stopped service: start what is not running. Running containers are not
# touched here; the replicas are replaced one by one below.
compose up -d --no-build --no-recreate

if roll; then
  # Apply the other services' changes, and reload the configs mounted from the shipped files.
  compose up -d --no-build --remove-orphans
  compose exec -T nginx nginx -s reload
  compose kill -s SIGHUP prometheus alertmanager
  echo "deployed $image"
  exit 0
fi

if [ -z "$previous" ] || [ "$previous" = "$image" ]; then
  echo "deploy of $image failed and there is no previous image to return to" >&2
  exit 1
fi
echo "deploy of $image failed: rolling back to $previous" >&2
set_image "$previous"
roll || echo "rollback: a replica is still not ready, look at: docker compose logs app1 app2" >&2
exit 1
