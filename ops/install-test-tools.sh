#!/usr/bin/env bash
# Installs what the browser and scaling tests of `mvn verify` need and would otherwise skip, from Debian/Ubuntu
# packages, only where missing (idempotent and quick when everything is there):
#   chromium      the web UI's Selenium tests drive Debian's Chromium and chromedriver
#   kubectl       K8sManifestsTest renders k8s/ with `kubectl kustomize` (kubernetes-client; any kubectl will do)
#   redis-server  RedisHighAvailabilityTest: a Redis Cluster and a Sentinel setup (7.x: sharded pub/sub;
#                 the embedded-redis binary is 6.2)
#   postgresql    ReadReplicaTest: a streaming replica made with pg_basebackup -R (the embedded zonky
#                 bundle has no pg_basebackup)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=ops/lib/apt.sh
source ops/lib/apt.sh
tools=()
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || tools+=(chromium chromium-driver)
command -v kubectl >/dev/null || tools+=(kubernetes-client)
[ -x /usr/bin/redis-server ] || tools+=(redis-server)
ls /usr/lib/postgresql/*/bin/pg_basebackup >/dev/null 2>&1 || tools+=(postgresql)
apt_install "${tools[@]}"
