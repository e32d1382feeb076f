#!/usr/bin/env bash
# What hearing 1,000 peers costs an idle worker: its CPU and the heartbeats delivered to it.
#
# usage: benchmarks/heartbeat-fanout.sh BUILD_DIR with|without-balancer
#   BUILD_DIR  a Release build of the CLI (the folder holding fleet.dll)
# needs FLEET_RABBITMQ (amqp://user:pass@host:port/) and FLEET_RABBITMQ_MANAGEMENT
# (http://user:pass@host:port/); works in a vhost of its own, deleted at the end.
# Prints one JSON line: worker_cpu_percent, heartbeats_delivered_per_s.
set -euo pipefail
build=$1
balancer=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
api=${FLEET_RABBITMQ_MANAGEMENT%/}/api
vhost=hbfanout$$
curl -sf -X PUT "$api/vhosts/$vhost" >/dev/null
user=$(sed -E 's#^amqps?://([^:@/]+).*#\1#' <<<"$FLEET_RABBITMQ")
curl -sf -X PUT -H 'content-type: application/json' -d '{"configure":".*","write":".*","read":".*"}' \
  "$api/permissions/$vhost/$user" >/dev/null
broker=${FLEET_RABBITMQ%/}/$vhost
groups=()
cleanup() {
  for group in "${groups[@]}"; do kill -TERM -- "-$group" 2>/dev/null || true; done
  sleep 3
  for group in "${groups[@]}"; do kill -KILL -- "-$group" 2>/dev/null || true; done
  curl -sf -X DELETE "$api/vhosts/$vhost" >/dev/null || true
}
trap cleanup EXIT

if [[ $balancer == with-balancer ]]; then
  FLEET_RABBITMQ=$broker setsid dotnet "$build/fleet.dll" balancer --strategy steal >/dev/null 2>&1 &
  groups+=($!)
fi
FLEET_RABBITMQ=$broker setsid dotnet "$build/fleet.dll" worker --id hb1 --slots 4 >/dev/null 2>&1 &
worker=$!
groups+=("$worker")
sleep 6

/usr/bin/python3 "$here/heartbeat-load.py" "$broker" 1000 40 &
load=$!
echo "heartbeat-fanout: 1,000 simulated peers beating; measuring 30 s from 8 s in" >&2
sleep 8
cpu_ticks() { awk '{print $14 + $15}' "/proc/$worker/stat"; }
delivered() {
  curl -sf "$api/queues/$vhost/fleet.ctl.hb1" |
    /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin).get("message_stats", {}).get("deliver_get", 0))'
}
ticks0=$(cpu_ticks)
delivered0=$(delivered)
sleep 30
ticks1=$(cpu_ticks)
delivered1=$(delivered)
wait "$load"
hz=$(getconf CLK_TCK)
awk -v b="$balancer" -v t=$((ticks1 - ticks0)) -v hz="$hz" -v d=$((delivered1 - delivered0)) \
  'BEGIN { printf "{\"balancer\": \"%s\", \"worker_cpu_percent\": %.1f, \"heartbeats_delivered_per_s\": %.0f}\n", b, t * 100 / hz / 30, d / 30 }'
