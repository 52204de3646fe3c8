#!/usr/bin/env bash
# Validates the operations configs: Prometheus rules and their tests, Alertmanager routing,
# nginx, the compose file, the Kubernetes manifests, and the YAML/JSON of compose, workflows,
# Prometheus and Grafana.
# Installs promtool, amtool, nginx, kubectl and PyYAML from Debian/Ubuntu packages when missing.
# Prints one line per check and "N passed, M failed"; exits 1 if any check failed.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=ops/lib/apt.sh
source ops/lib/apt.sh

# ---- tools --------------------------------------------------------------------------------------
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
python=python3
packages=()
command -v promtool >/dev/null || packages+=(prometheus)
command -v amtool >/dev/null || packages+=(prometheus-alertmanager)
[ -x "$nginx_bin" ] || packages+=(nginx)
command -v kubectl >/dev/null || packages+=(kubernetes-client)
if ! python3 -c 'import yaml' 2>/dev/null; then
  # Debian's python3-yaml serves the system interpreter, whatever python3 is first on PATH.
  packages+=(python3-yaml)
  python=/usr/bin/python3
fi
apt_install "${packages[@]}"

# ---- checks -------------------------------------------------------------------------------------
passed=0
failed=0
check() {  # check NAME COMMAND...: one PASS/FAIL line; the command's output only on failure
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then
    echo "PASS $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    printf '%s\n' "$out" | head -n 20 | sed 's/^/    /'
    failed=$((failed + 1))
  fi
}

check "promtool check config prometheus/prometheus.yml" promtool check config prometheus/prometheus.yml
check "promtool check rules prometheus/alerts.yml" promtool check rules prometheus/alerts.yml
check "promtool test rules prometheus/alerts.test.yml" promtool test rules prometheus/alerts.test.yml
check "amtool check-config prometheus/alertmanager.yml" amtool check-config prometheus/alertmanager.yml
for severity in critical warning; do
  check "alertmanager routes severity=$severity to receiver $severity" \
    amtool config routes test --config.file=prometheus/alertmanager.yml \
    --verify.receivers="$severity" "severity=$severity" alertname=Test
done

# nginx -t on a temporary copy laid out like the container's /etc/nginx, with the upstream
# hostnames app1/app2 (which resolve only inside compose) replaced by loopback addresses and
# the public port by a high one. Nothing outside the copy is touched.
nginx_test() {
  local tmp rc=0
  tmp=$(mktemp -d)
  mkdir -p "$tmp/shortener"
  cp /etc/nginx/mime.types "$tmp/"
  cp compose/nginx/*.conf "$tmp/shortener/"
  sed -E 's/\bapp([0-9]+):8080/127.0.0.1:1808\1/' compose/nginx/upstream.conf >"$tmp/shortener/upstream.conf"
  sed -i 's/listen 80 default_server;/listen 127.0.0.1:18080 default_server;/' "$tmp/shortener/shortener.conf"
  sed -i "s|/etc/nginx/|$tmp/|g" "$tmp/shortener/nginx.conf"   # the container's paths, in the copy
  "$nginx_bin" -t -q -e stderr -p "$tmp/" -c "$tmp/shortener/nginx.conf" -g "pid $tmp/nginx.pid;" || rc=$?
  rm -rf "$tmp"
  return "$rc"
}
check "nginx -t compose/nginx (app1/app2 mapped to 127.0.0.1)" nginx_test
check "ops/deploy.sh writes the new tag only after a pull and restores it on failure" bash ops/test-deploy.sh

# Kubernetes: every kustomization renders offline, and the PrometheusRule is the one
# ops/k8s-prometheus-rule.sh makes from prometheus/alerts.yml. (K8sManifestsTest, in mvn verify,
# parses the rendered objects with the typed model.)
for dir in k8s/base k8s/overlays/*/; do
  check "kubectl kustomize ${dir%/}" kubectl kustomize "${dir%/}"
done
rule_is_current() {
  local tmp rc=0
  tmp=$(mktemp -d)
  mkdir -p "$tmp/ops" "$tmp/prometheus" "$tmp/k8s/base"
  cp ops/k8s-prometheus-rule.sh "$tmp/ops/"
  cp prometheus/alerts.yml "$tmp/prometheus/"
  bash "$tmp/ops/k8s-prometheus-rule.sh"
  diff -u k8s/base/prometheusrule.yaml "$tmp/k8s/base/prometheusrule.yaml" || rc=$?
  rm -rf "$tmp"
  return "$rc"
}
check "k8s/base/prometheusrule.yaml is generated from prometheus/alerts.yml" rule_is_current

# YAML and JSON syntax, one check per file.
parse() {  # parse yaml|json FILE: the parser's message, without a traceback, on error
  "$python" -c '
import json, sys, yaml
kind, path = sys.argv[1:]
try:
    (yaml.safe_load if kind == "yaml" else json.load)(open(path))
except Exception as e:
    sys.exit(str(e))' "$@"
}
shopt -s nullglob globstar
for f in compose/**/*.yml .github/workflows/*.yml prometheus/*.yml grafana/**/*.yml; do
  check "YAML $f" parse yaml "$f"
done
for f in grafana/dashboards/*.json; do
  check "JSON $f" parse json "$f"
done

# The dashboard may only name data sources that Grafana provisions.
dashboard_datasources() {
  "$python" - <<'PY'
import glob, json, sys, yaml
uids = {d["uid"] for f in glob.glob("grafana/provisioning/datasources/*.yml")
        for d in yaml.safe_load(open(f))["datasources"]}
bad = []
for f in glob.glob("grafana/dashboards/*.json"):
    def walk(o):
        if isinstance(o, dict):
            ds = o.get("datasource")
            if isinstance(ds, dict) and ds.get("uid") not in uids:
                bad.append(f"{f}: unknown datasource uid {ds.get('uid')!r}")
            for v in o.values(): walk(v)
        elif isinstance(o, list):
            for v in o: walk(v)
    walk(json.load(open(f)))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}
check "dashboard data sources are provisioned" dashboard_datasources

# House rules of the compose file that a schema does not know.
compose_rules() {
  "$python" - <<'PY'
import sys, yaml
c = yaml.safe_load(open("compose/docker-compose.yml"))
services, errors = c["services"], []
ui = {"grafana", "prometheus", "jaeger"}
for name, s in services.items():
    if "healthcheck" not in s:
        errors.append(f"{name}: no healthcheck")
    for dep, cond in (s.get("depends_on") or {}).items():
        if dep not in services:
            errors.append(f"{name}: depends on unknown service {dep}")
    for v in s.get("volumes", []):
        src = v.split(":")[0]
        if not src.startswith((".", "/")) and src not in (c.get("volumes") or {}):
            errors.append(f"{name}: undeclared volume {src}")
    for p in s.get("ports", []):
        if name not in ui | {"nginx"}:
            errors.append(f"{name}: must not publish ports ({p})")
        elif name in ui and not str(p).startswith("127.0.0.1:"):
            errors.append(f"{name}: UI port {p} must bind 127.0.0.1")
for app in ("app1", "app2"):
    if services[app].get("restart") != "unless-stopped":
        errors.append(f"{app}: restart must be unless-stopped")
print("\n".join(errors))
sys.exit(1 if errors else 0)
PY
}
check "compose: healthchecks, depends_on, volumes, published ports" compose_rules

# Every service replica (a service of the app's image) sets the same PUBLIC_BASE_URL, and with
# compose/.env.example's values it names the host port nginx publishes: short_url points at nginx.
compose_public_base_url() {
  "$python" - <<'PY'
import re, sys, yaml
from urllib.parse import urlsplit
env = {}
for line in open("compose/.env.example"):
    if re.match(r"^[A-Z_][A-Z0-9_]*=", line):
        k, v = line.rstrip("\n").split("=", 1)
        env[k] = v
def interpolate(text):  # ${VAR}, ${VAR:-default} (nested) and ${VAR:?error}, as compose does
    while True:
        m = re.search(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)([^${}]*))?\}", text)
        if not m:
            return text
        name, op, arg = m.groups()
        value = env.get(name, "")
        if not value and op == ":-":
            value = arg
        text = text[:m.start()] + value + text[m.end():]
services = yaml.safe_load(open("compose/docker-compose.yml"))["services"]
app_image = services["app1"]["image"]
apps = {n: s for n, s in services.items() if s.get("image") == app_image}
errors, values = [], {}
for name, s in apps.items():
    environment = s.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(e.split("=", 1) for e in environment)
    if not environment.get("PUBLIC_BASE_URL"):
        errors.append(f"{name}: no PUBLIC_BASE_URL (each replica would answer short_url with its own address)")
    else:
        values[name] = environment["PUBLIC_BASE_URL"]
if len(set(values.values())) > 1:
    errors.append(f"the replicas disagree on PUBLIC_BASE_URL: {values}")
published = [interpolate(str(p)).split(":")[-2] for p in services["nginx"]["ports"]]
for name, raw in values.items():
    url = urlsplit(interpolate(raw))
    port = url.port or {"http": 80, "https": 443}.get(url.scheme)
    if url.scheme not in ("http", "https") or str(port) not in published:
        errors.append(f"{name}: PUBLIC_BASE_URL {raw} = {url.geturl()} is not nginx's published port {published}")
if len(apps) < 2:
    errors.append(f"expected at least two service replicas of image {app_image}, found {sorted(apps)}")
print("\n".join(errors))
sys.exit(1 if errors else 0)
PY
}
check "compose: every service replica has the same PUBLIC_BASE_URL, nginx's published address" compose_public_base_url

# Full schema and interpolation check where the Compose v2 plugin exists (GitHub runners).
if docker compose version >/dev/null 2>&1; then
  check "docker compose config" docker compose -f compose/docker-compose.yml \
    --env-file compose/.env.example config -q
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
