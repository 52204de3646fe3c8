# shellcheck shell=bash
# Sourced by the ops scripts: install Debian packages without letting them start their daemons.
#
#   apt_install PACKAGE...
#
# A policy-rc.d that refuses keeps e.g. nginx (:80) and prometheus (:9090) from starting while
# they install; it is removed again right after (an existing one is left alone).
apt_install() {
  [ $# -gt 0 ] || return 0
  local sudo="" policy=/usr/sbin/policy-rc.d own_policy=false
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "installing: $*"
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    own_policy=true
  fi
  # removed again however the install ends (the caller may run under set -e)
  local rc=0
  $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq || rc=$?
  if [ "$rc" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
      --no-install-recommends "$@" >/dev/null || rc=$?
  fi
  if $own_policy; then $sudo rm -f "$policy"; fi
  return "$rc"
}
