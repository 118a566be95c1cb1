#!/usr/bin/env bash
# The Docker Engine stopped, restarted or killed in the middle of a run: how the run ends (exit
# code, message), and what is left once the engine is back (before and after `badgateway clean`).
# It stops the engine every other user of this machine shares, so it is not part of `npm test`:
# run it alone, on an engine nothing else is using at the time:
#   bash bench/engine-faults.sh
# dockerd is brought back the way `npm run setup` starts it (scripts/setup/docker-engine.sh).
set -u
cd "$(dirname "$0")/.."
SCENARIO=test/fixtures/scenarios/cli/long-run.yaml
OUT=$(mktemp -d /tmp/badgateway-engine-faults.XXXXXX)

# Whatever happens to this script, the engine is brought back before it ends.
trap 'pgrep -x dockerd >/dev/null || bash scripts/setup/docker-engine.sh >/dev/null' EXIT

count_left() { docker ps -aq --filter label=io.badgateway.managed=true | wc -l; }
count_networks() { docker network ls -q --filter label=io.badgateway.managed=true | wc -l; }

one_fault() {
  local name=$1 how=$2
  echo "== $name"
  node bin/badgateway.js run "$SCENARIO" --out "$OUT/$name" >"$OUT/$name.stdout" 2>"$OUT/$name.stderr" &
  local run=$!
  # the run's nginx running: the load is on
  for _ in $(seq 1 300); do
    docker ps --filter label=io.badgateway.role=nginx --filter "label=io.badgateway.owner=$(hostname):$run" -q | grep -q . && break
    sleep 0.1
  done
  sleep 1
  local dockerd; dockerd=$(pgrep -x dockerd)
  case $how in
    stop) kill -TERM "$dockerd" ;;
    kill) kill -KILL "$dockerd" ;;
    restart) kill -TERM "$dockerd"; while kill -0 "$dockerd" 2>/dev/null; do sleep 0.2; done; bash scripts/setup/docker-engine.sh >/dev/null ;;
  esac
  wait "$run"; local code=$?
  # the engine back, as setup starts it
  while kill -0 "$dockerd" 2>/dev/null; do sleep 0.2; done
  bash scripts/setup/docker-engine.sh >/dev/null
  echo "exit: $code"
  echo "message: $(grep -E '^(error|hint|interrupted)' "$OUT/$name.stderr" | tr '\n' ' ')"
  echo "report: $(ls "$OUT/$name"/*/report.json 2>/dev/null || echo none) $(grep -o '"interrupted": *{[^}]*}' "$OUT/$name"/*/report.json 2>/dev/null | tr -s ' ')"
  # the crash reaper may still be finishing: give it its bound
  for _ in $(seq 1 60); do [ "$(count_left)" = 0 ] && [ "$(count_networks)" = 0 ] && break; sleep 1; done
  echo "left once the engine is back: $(count_left) container(s), $(count_networks) network(s)"
  node bin/badgateway.js clean | sed 's/^/clean: /'
  echo "left after clean: $(count_left) container(s), $(count_networks) network(s)"
}

one_fault engine-restarted restart
one_fault engine-stopped stop
one_fault engine-killed kill
rm -rf "$OUT"
