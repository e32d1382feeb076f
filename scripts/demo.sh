#!/usr/bin/env bash
# The fleet in two minutes on a fresh machine:
#   scripts/demo.sh            (DEMO_TASKS=3000 DEMO_WORKERS=3 DEMO_SLOTS=4 to change the size)
# Starts a local RabbitMQ unless FLEET_RABBITMQ names one, starts a balancer (strategy adaptive;
# DEMO_STRATEGY to change it) and a few workers, publishes a mixed
# workload (four levels, three tenants, one hot affinity key), shows progress while it runs, and
# prints what the workers recorded: completed per level, wait percentiles per level, per-worker
# counts. Everything it starts it stops again (by PID), also on Ctrl-C.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"

tasks=${DEMO_TASKS:-3000}
workers=${DEMO_WORKERS:-3}
slots=${DEMO_SLOTS:-4}
strategy=${DEMO_STRATEGY:-adaptive}
work=$(mktemp -d /tmp/fleet-demo.XXXXXX)
worker_pids=()
broker_started=""

say() { echo "demo: $*" >&2; }

cleanup() {
  local pid
  for pid in "${worker_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${worker_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n $broker_started ]]; then
    # Without the exported address: with FLEET_RABBITMQ set, broker.sh takes the broker for an
    # external one and leaves it running.
    env -u FLEET_RABBITMQ -u FLEET_RABBITMQ_MANAGEMENT scripts/broker.sh stop || say "warning: could not stop the broker"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fleet_need curl curl
if [[ -z ${FLEET_RABBITMQ:-} ]]; then
  if ! scripts/broker.sh status >/dev/null 2>&1; then
    broker_started=1
  fi
  scripts/broker.sh start
  eval "$(scripts/broker.sh env)"
fi
export FLEET_RABBITMQ
say "broker: $FLEET_RABBITMQ"

scripts/fleet topology >/dev/null
scripts/fleet workload --scenario mixed --count "$tasks" --out "$work/workload.json" >/dev/null

mkdir -p "$work/journal"
scripts/fleet balancer --strategy "$strategy" --heartbeat-interval-ms 250 --balance-interval-ms 500 \
  >"$work/balancer.log" 2>&1 &
worker_pids+=("$!")
for n in $(seq 1 "$workers"); do
  Worker__HeartbeatInterval=00:00:00.250 scripts/fleet worker --id "demo-$n" --slots "$slots" --journal "$work/journal/demo-$n.jsonl" \
    >"$work/worker-$n.log" 2>&1 &
  worker_pids+=("$!")
done

say "waiting for $workers workers to join"
for _ in $(seq 1 60); do
  joined=$(grep -l "consuming with" "$work"/worker-*.log 2>/dev/null | wc -l || true)
  [[ $joined -ge $workers ]] && break
  sleep 1
done
[[ $joined -ge $workers ]] || { cat "$work"/worker-*.log >&2; say "workers did not start"; exit 1; }

say "submitting $tasks tasks (critical/high/normal/low, tenants acme/globex/initech, hot key 'hot')"
scripts/fleet submit --workload "$work/workload.json"

say "running; progress below"
scripts/fleet report --journal-dir "$work/journal" --expect "$tasks" --timeout-s 600
echo
scripts/fleet status --listen-ms 1500
