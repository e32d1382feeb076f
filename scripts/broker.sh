#!/usr/bin/env bash
# A local RabbitMQ node for development and tests.
#
#   scripts/broker.sh start|stop|status|env|ctl ARGS...|plugins ARGS...
#
# With FLEET_RABBITMQ set (amqp://user:pass@host:port/vhost), that broker is used: `start` only
# checks that it is reachable, `stop` does nothing.
# Otherwise a node `workerfleet@localhost` runs from Debian's rabbitmq-server (installed when
# missing) with its own state folder, so it never touches the packaged default node:
#   FLEET_BROKER_NODE  node name (default workerfleet@localhost; workerfleet-PORT@localhost
#                      when FLEET_BROKER_PORT is not 5672)
#   FLEET_BROKER_DIR   state: mnesia, logs, pid files, config (default /tmp/workerfleet-broker)
#   FLEET_BROKER_PORT  AMQP port (default 5672); Erlang distribution port = AMQP port + 20000
#   management HTTP API on 15672 and Prometheus metrics on 15692
#     (FLEET_BROKER_MANAGEMENT_PORT, FLEET_BROKER_PROMETHEUS_PORT override them)
#   FLEET_BROKER_START_TIMEOUT  seconds to wait for the node to boot (default 90)
#   FLEET_BROKER_FRESH=1  `start` of a stopped node first wipes its data (vhosts, queues,
#                         messages) and logs: scripts/test.sh uses it for repeatable runs
# Plugins: rabbitmq_consistent_hash_exchange, rabbitmq_management, rabbitmq_prometheus,
# rabbitmq_event_exchange (the balancer hears of a killed worker's consumers at once).
# Users: guest/guest (loopback only, which is all the tests need).
#
# `ctl` and `plugins` run rabbitmqctl / rabbitmq-plugins against this node, e.g.
#   scripts/broker.sh ctl list_queues name messages
#   scripts/broker.sh plugins list -e
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib.sh
source "$script_dir/lib.sh"

# Debian installs the RabbitMQ commands in /usr/sbin, which a non-root PATH may lack.
export PATH="$PATH:/usr/sbin:/sbin"

DIR=${FLEET_BROKER_DIR:-/tmp/workerfleet-broker}
PORT=${FLEET_BROKER_PORT:-5672}
# A second local broker on another port needs another node name (and FLEET_BROKER_DIR,
# FLEET_BROKER_MANAGEMENT_PORT, FLEET_BROKER_PROMETHEUS_PORT).
if [[ $PORT == 5672 ]]; then NODE=workerfleet@localhost; else NODE=workerfleet-$PORT@localhost; fi
NODE=${FLEET_BROKER_NODE:-$NODE}
DIST_PORT=$((PORT + 20000))
MGMT_PORT=${FLEET_BROKER_MANAGEMENT_PORT:-15672}
PROM_PORT=${FLEET_BROKER_PROMETHEUS_PORT:-15692}
START_TIMEOUT=${FLEET_BROKER_START_TIMEOUT:-90}
PGID_FILE=$DIR/server.pgid
SERVER_OUT=$DIR/log/server.out

say() { echo "broker: $*" >&2; }
die() {
  say "error: $*"
  exit 1
}

# ---------------------------------------------------------------------------------------------
# An external broker (FLEET_RABBITMQ set)

# Prints "host port" of the AMQP URL in FLEET_RABBITMQ.
external_host_port() {
  local url=$FLEET_RABBITMQ scheme rest hostport host port
  scheme=${url%%://*}
  [[ $scheme != "$url" ]] || die "FLEET_RABBITMQ is not a URL: $url"
  rest=${url#*://}
  rest=${rest%%/*}
  rest=${rest%%\?*}
  hostport=${rest##*@}
  if [[ $hostport == \[* ]]; then # [ipv6]:port
    host=${hostport%%]*}
    host=${host#[}
    port=${hostport#*]}
    port=${port#:}
  elif [[ $hostport == *:* ]]; then
    host=${hostport%%:*}
    port=${hostport##*:}
  else
    host=$hostport
    port=
  fi
  if [[ -z $port ]]; then
    if [[ $scheme == amqps ]]; then port=5671; else port=5672; fi
  fi
  [[ -n $host ]] || host=localhost
  echo "$host $port"
}

external_reachable() {
  local host port attempt
  read -r host port < <(external_host_port)
  for attempt in 1 2 3 4 5; do
    if fleet_tcp_open "$host" "$port"; then
      return 0
    fi
    say "FLEET_RABBITMQ $host:$port not reachable (attempt $attempt/5)"
    sleep 2
  done
  return 1
}

external_management_url() {
  if [[ -n ${FLEET_RABBITMQ_MANAGEMENT:-} ]]; then
    echo "$FLEET_RABBITMQ_MANAGEMENT"
    return
  fi
  local rest userinfo="" host
  rest=${FLEET_RABBITMQ#*://}
  rest=${rest%%/*}
  if [[ $rest == *@* ]]; then userinfo="${rest%@*}@"; fi
  read -r host _ < <(external_host_port)
  [[ $host == *:* ]] && host="[$host]"
  echo "http://${userinfo}${host}:15672/"
}

# ---------------------------------------------------------------------------------------------
# The local node

export RABBITMQ_NODENAME=$NODE
export RABBITMQ_NODE_PORT=$PORT
export RABBITMQ_DIST_PORT=$DIST_PORT
export RABBITMQ_MNESIA_BASE=$DIR/mnesia
export RABBITMQ_LOG_BASE=$DIR/log
export RABBITMQ_PID_FILE=$DIR/rabbitmq.pid
export RABBITMQ_ENABLED_PLUGINS_FILE=$DIR/enabled_plugins
export RABBITMQ_CONFIG_FILE=$DIR/rabbitmq.conf

# rabbitmqctl / rabbitmq-plugins against our node. Debian's wrapper runs them as user rabbitmq
# (root -> su rabbitmq) with HOME=/var/lib/rabbitmq, i.e. with the same Erlang cookie as the
# node, which the same wrapper also runs as user rabbitmq.
ctl() { fleet_as_root rabbitmqctl -n "$NODE" "$@"; }
plugins() { fleet_as_root rabbitmq-plugins -n "$NODE" "$@"; }

ensure_installed() {
  if command -v rabbitmq-server >/dev/null 2>&1; then
    return 0
  fi
  say "rabbitmq-server is missing: installing Debian's package"
  fleet_apt_install rabbitmq-server
  # Some images start the packaged default node (rabbit@host, port 5672) on install: stop it so
  # that it neither holds our ports nor wastes memory.
  if command -v service >/dev/null 2>&1; then
    fleet_as_root service rabbitmq-server stop >/dev/null 2>&1 || true
  fi
}

# One start or stop at a time (parallel test runs): an flock on fd 9, held until the script exits.
lock() {
  local file=$DIR/.lock
  fleet_as_root mkdir -p "$DIR"
  if [[ ! -w $file ]]; then
    fleet_as_root touch "$file"
    fleet_as_root chmod 0666 "$file"
  fi
  exec 9>>"$file"
  flock 9
}

recorded_pgid() {
  local pgid
  [[ -r $PGID_FILE ]] || return 1
  pgid=$(<"$PGID_FILE")
  [[ $pgid =~ ^[0-9]+$ ]] || return 1
  echo "$pgid"
}

# Whether any process of the recorded process group is alive.
group_alive() {
  local pgid
  pgid=$(recorded_pgid) || return 1
  fleet_as_root kill -0 -- "-$pgid" 2>/dev/null
}

port_open() { fleet_tcp_open 127.0.0.1 "$1"; }

node_up() { timeout 30 "${FLEET_ROOT[@]}" rabbitmqctl -n "$NODE" -q await_startup --timeout 5 >/dev/null 2>&1; }

running() { port_open "$PORT" && node_up; }

prepare_dir() {
  id rabbitmq >/dev/null 2>&1 || die "user rabbitmq does not exist (is rabbitmq-server installed?)"
  fleet_as_root mkdir -p "$DIR/mnesia" "$DIR/log"
  # Offline plugin enabling: the node reads this file at boot.
  echo '[rabbitmq_consistent_hash_exchange,rabbitmq_event_exchange,rabbitmq_management,rabbitmq_prometheus].' |
    fleet_as_root tee "$RABBITMQ_ENABLED_PLUGINS_FILE" >/dev/null
  fleet_as_root tee "$RABBITMQ_CONFIG_FILE" >/dev/null <<EOF
# Written by scripts/broker.sh; rewritten at every start.
listeners.tcp.default = $PORT
management.tcp.port = $MGMT_PORT
prometheus.tcp.port = $PROM_PORT
loopback_users.guest = true
log.console = false
log.file.level = info
EOF
  # Debian's wrapper runs the node as user rabbitmq even when root starts it: the whole state
  # folder must be that user's, or the node dies with eacces.
  fleet_as_root chown -R rabbitmq:rabbitmq "$DIR"
  fleet_as_root chmod 0755 "$DIR"
  if ! fleet_as_root su rabbitmq -s /bin/sh -c "test -w '$DIR/mnesia' && test -w '$DIR/log'"; then
    die "user rabbitmq cannot write $DIR (a parent folder is not searchable by it?); set FLEET_BROKER_DIR elsewhere"
  fi
}

# rabbitmqctl as root goes through `su rabbitmq` and so uses the rabbitmq user's cookie; a root
# process that calls Erlang's CLI directly uses /root/.erlang.cookie. Make the two match.
sync_cookie() {
  [[ ${EUID:-$(id -u)} -eq 0 ]] || return 0
  local src=/var/lib/rabbitmq/.erlang.cookie dst=${HOME:-/root}/.erlang.cookie
  if [[ -r $src && ! -e $dst ]]; then
    install -m 0400 "$src" "$dst"
    say "copied the rabbitmq user's Erlang cookie to $dst"
  fi
}

wait_started() {
  local start=$SECONDS elapsed=0 pgid
  pgid=$(recorded_pgid)
  while ((elapsed < START_TIMEOUT)); do
    if ! fleet_as_root kill -0 -- "-$pgid" 2>/dev/null; then
      say "the node exited while booting; last lines of its output and log:"
      tail -n 30 "$SERVER_OUT" >&2 2>/dev/null || true
      tail -n 30 "$DIR/log/$NODE.log" >&2 2>/dev/null || true
      return 1
    fi
    # await_startup fails at once while the Erlang node is not reachable yet: retry it.
    if timeout 30 "${FLEET_ROOT[@]}" rabbitmqctl -n "$NODE" -q await_startup --timeout 10 >/dev/null 2>&1 &&
      port_open "$PORT"; then
      say "node $NODE up after $((SECONDS - start))s"
      return 0
    fi
    sleep 1
    elapsed=$((SECONDS - start))
    say "waiting for $NODE to boot (${elapsed}s of ${START_TIMEOUT}s)"
  done
  say "node $NODE did not boot within ${START_TIMEOUT}s; see $DIR/log"
  tail -n 30 "$DIR/log/$NODE.log" >&2 2>/dev/null || true
  return 1
}

print_endpoints() {
  echo "RabbitMQ node $NODE running: amqp://guest:guest@127.0.0.1:$PORT/" \
    "management http://127.0.0.1:$MGMT_PORT/ metrics http://127.0.0.1:$PROM_PORT/metrics" \
    "state $DIR"
}

start_local() {
  ensure_installed
  lock
  if group_alive && running; then
    say "already running"
    print_endpoints
    return 0
  fi
  if group_alive; then
    say "a previous start is still booting or hung: waiting for it"
    if wait_started; then
      print_endpoints
      return 0
    fi
    die "the recorded node (process group $(recorded_pgid)) is not healthy; run '$0 stop' first"
  fi
  if port_open "$PORT"; then
    if node_up; then
      say "node $NODE already running (not started by this state folder)"
      print_endpoints
      return 0
    fi
    die "port $PORT is in use by another program; set FLEET_BROKER_PORT"
  fi
  if port_open "$DIST_PORT"; then die "Erlang distribution port $DIST_PORT is in use"; fi
  if port_open "$MGMT_PORT"; then die "management port $MGMT_PORT is in use"; fi
  if [[ ${FLEET_BROKER_FRESH:-} == 1 ]]; then
    say "FLEET_BROKER_FRESH=1: wiping $DIR/mnesia and $DIR/log"
    fleet_as_root rm -rf "$DIR/mnesia" "$DIR/log" "$RABBITMQ_PID_FILE"
  fi
  prepare_dir
  say "starting $NODE on port $PORT (state $DIR)"
  # setsid: the node gets its own process group, recorded so that `stop` can end all of it.
  # 9>&- keeps the start lock out of the long-lived node.
  setsid "${FLEET_ROOT[@]}" rabbitmq-server >"$SERVER_OUT" 2>&1 </dev/null 9>&- &
  # A background job of a non-interactive shell is no group leader, so setsid does not fork:
  # its pid is the new process group's id.
  echo "$!" | fleet_as_root tee "$PGID_FILE" >/dev/null
  if ! wait_started; then
    stop_local >/dev/null 2>&1 || true
    die "could not start RabbitMQ"
  fi
  sync_cookie
  print_endpoints
}

# The node's own pid (beam.smp), from the pid file it writes. Debian's wrapper starts it through
# `su`, which puts it in a session and process group of its own, apart from the recorded group.
node_pid() {
  local pid
  [[ -r $RABBITMQ_PID_FILE ]] || return 1
  pid=$(<"$RABBITMQ_PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  # Guard against a reused pid: it must still be an Erlang VM.
  [[ $(ps -o comm= -p "$pid" 2>/dev/null) == beam* ]] || return 1
  echo "$pid"
}

# end_group PGID: TERM, up to 10 s grace, then KILL.
end_group() {
  local pgid=$1 waited
  for waited in 1 2 3 4 5; do # the wrapper and su exit on their own once the node is gone
    fleet_as_root kill -0 -- "-$pgid" 2>/dev/null || return 0
    sleep 1
  done
  say "ending process group $pgid"
  fleet_as_root kill -TERM -- "-$pgid" 2>/dev/null || true
  for waited in 1 2 3 4 5 6 7 8 9 10; do
    fleet_as_root kill -0 -- "-$pgid" 2>/dev/null || return 0
    sleep 1
  done
  fleet_as_root kill -KILL -- "-$pgid" 2>/dev/null || true
}

# The node's VM starts epmd (Erlang's port mapper daemon) and leaves it running when it stops; ask
# it to exit once no other node on this machine is registered with it.
release_epmd() {
  local names
  command -v epmd >/dev/null 2>&1 || return 0
  names=$(epmd -names 2>/dev/null) || return 0 # not running
  if ! grep -q '^name ' <<<"$names"; then
    epmd -kill >/dev/null 2>&1 || true
  fi
}

stop_local() {
  local pgid="" pid="" node_pgid="" waited
  if [[ -d $DIR ]]; then lock; fi
  pgid=$(recorded_pgid) || pgid=""
  pid=$(node_pid) || pid=""
  if ! port_open "$PORT" && ! group_alive && [[ -z $pid ]]; then
    say "not running"
    fleet_as_root rm -f "$PGID_FILE"
    return 0
  fi
  say "stopping $NODE"
  [[ -n $pid ]] && node_pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')
  if [[ -r $RABBITMQ_PID_FILE ]]; then
    # With the pid file, rabbitmqctl stop also waits for the VM to exit.
    timeout 30 "${FLEET_ROOT[@]}" rabbitmqctl -n "$NODE" -q stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || true
  else
    timeout 30 "${FLEET_ROOT[@]}" rabbitmqctl -n "$NODE" -q stop >/dev/null 2>&1 || true
  fi
  # Whatever is left (a hung node, the wrapper and su): end the recorded groups.
  [[ -n $node_pgid ]] && end_group "$node_pgid"
  [[ -n $pgid ]] && end_group "$pgid"
  for waited in $(seq 1 30); do
    if ! port_open "$PORT"; then
      fleet_as_root rm -f "$PGID_FILE"
      release_epmd
      say "stopped"
      return 0
    fi
    ((waited % 5 == 0)) && say "waiting for port $PORT to be free (${waited}s)"
    sleep 1
  done
  die "port $PORT is still in use after stopping $NODE"
}

# ---------------------------------------------------------------------------------------------

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
  start)
    if [[ -n ${FLEET_RABBITMQ:-} ]]; then
      external_reachable || die "FLEET_RABBITMQ=$FLEET_RABBITMQ is not reachable"
      echo "using FLEET_RABBITMQ=$FLEET_RABBITMQ"
    else
      start_local
    fi
    ;;
  stop)
    if [[ -n ${FLEET_RABBITMQ:-} ]]; then
      say "FLEET_RABBITMQ is set: an external broker, nothing to stop"
    else
      stop_local
    fi
    ;;
  status)
    if [[ -n ${FLEET_RABBITMQ:-} ]]; then
      if external_reachable; then echo "reachable: $FLEET_RABBITMQ"; else
        echo "not reachable: $FLEET_RABBITMQ"
        exit 1
      fi
    elif command -v rabbitmqctl >/dev/null 2>&1 && running; then
      print_endpoints
    else
      echo "RabbitMQ node $NODE is not running"
      exit 1
    fi
    ;;
  env)
    if [[ -n ${FLEET_RABBITMQ:-} ]]; then
      printf 'export FLEET_RABBITMQ=%q\n' "$FLEET_RABBITMQ"
      printf 'export FLEET_RABBITMQ_MANAGEMENT=%q\n' "$(external_management_url)"
    else
      echo "export FLEET_RABBITMQ=amqp://guest:guest@127.0.0.1:$PORT/"
      echo "export FLEET_RABBITMQ_MANAGEMENT=http://guest:guest@127.0.0.1:$MGMT_PORT/"
    fi
    ;;
  ctl) ctl "$@" ;;
  plugins) plugins "$@" ;;
  *)
    echo "usage: $0 start|stop|status|env|ctl ARGS...|plugins ARGS..." >&2
    exit 2
    ;;
esac
