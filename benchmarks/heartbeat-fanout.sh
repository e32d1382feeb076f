#!/usr/bin/env bash
# What hearing 1,000 peers costs idle workers: their CPU and the heartbeats delivered to them.
#
# usage: benchmarks/heartbeat-fanout.sh BUILD_DIR with|without-balancer [WORKERS]
#   BUILD_DIR  a Release build of the CLI (the folder holding fleet.dll)
#   WORKERS    idle workers started (default 1)
# needs FLEET_RABBITMQ (amqp://user:pass@host:port/) and FLEET_RABBITMQ_MANAGEMENT
# (http://user:pass@host:port/); works in a vhost of its own, deleted at the end.
# Prints one JSON line: worker_cpu_percent (mean per worker) and control_messages_per_s: what their
# control queues delivered, heartbeats heard plus the balancer's orders and announcements.
set -euo pipefail
build=$1
balancer=$2
count=${3:-1}
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
workers=()
for i in $(seq 1 "$count"); do
  FLEET_RABBITMQ=$broker setsid dotnet "$build/fleet.dll" worker --id "hb$i" --slots 4 >/dev/null 2>&1 &
  workers+=($!)
  groups+=($!)
done
sleep 6

/usr/bin/python3 "$here/heartbeat-load.py" "$broker" 1000 40 &
load=$!
echo "heartbeat-fanout: 1,000 simulated peers beating; measuring 30 s from 8 s in" >&2
sleep 8
cpu_ticks() {
  local sum=0 pid
  for pid in "${workers[@]}"; do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo "$sum"
}
delivered() {
  local sum=0 i
  for i in $(seq 1 "$count"); do
    sum=$((sum + $(curl -sf "$api/queues/$vhost/fleet.ctl.hb$i" |
      /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin).get("message_stats", {}).get("deliver_get", 0))')))
  done
  echo "$sum"
}
ticks0=$(cpu_ticks)
delivered0=$(delivered)
sleep 30
ticks1=$(cpu_ticks)
delivered1=$(delivered)
wait "$load"
hz=$(getconf CLK_TCK)
awk -v b="$balancer" -v n="$count" -v t=$((ticks1 - ticks0)) -v hz="$hz" -v d=$((delivered1 - delivered0)) \
  'BEGIN { printf "{\"balancer\": \"%s\", \"workers\": %d, \"worker_cpu_percent\": %.1f, \"control_messages_per_s\": %.0f}\n", b, n, t * 100 / hz / 30 / n, d / 30 }'
