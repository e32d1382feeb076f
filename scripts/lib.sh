#!/usr/bin/env bash
# Shared helpers for the scripts in this folder. Source it; it does nothing on its own.
# shellcheck shell=bash

# The prefix that runs a command as root: nothing when we are root, else sudo keeping the
# environment (the RabbitMQ scripts read their settings from it). Usable after `timeout`.
if [[ ${EUID:-$(id -u)} -eq 0 ]]; then
  FLEET_ROOT=()
else
  FLEET_ROOT=(sudo -E)
fi
fleet_as_root() { "${FLEET_ROOT[@]}" "$@"; }

# fleet_apt_install PKG...: installs Debian packages. Runs `apt-get update` at most once per
# script tree (FLEET_APT_UPDATED is exported so child scripts skip it too).
fleet_apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: apt-get not found; install these packages by hand: $*" >&2
    return 1
  fi
  if [[ -z ${FLEET_APT_UPDATED:-} ]]; then
    echo "apt-get update" >&2
    fleet_as_root apt-get update -qq >&2
    export FLEET_APT_UPDATED=1
  fi
  echo "apt-get install -y $*" >&2
  fleet_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# fleet_need CMD PKG: installs PKG when CMD is not on PATH (nor in /usr/sbin, where Debian
# puts rabbitmq-server and which a non-root PATH may lack).
fleet_need() {
  local cmd=$1 pkg=$2
  if command -v "$cmd" >/dev/null 2>&1 || [[ -x /usr/sbin/$cmd ]]; then
    return 0
  fi
  fleet_apt_install "$pkg"
}

# fleet_tcp_open HOST PORT: exit 0 when something accepts a TCP connection there (bash /dev/tcp).
fleet_tcp_open() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}
