#!/usr/bin/env bash
# Interrupts N short runs (default 50) at random moments (during start, load, collection, between
# variants, while writing the report; within the first MAX_DELAY_MS, default 9000, of each run)
# with SIGINT, SIGTERM or SIGKILL, and counts what each left:
# containers, networks and volumes on the engine (after the crash reaper's bound for SIGKILL),
# temporary files, and report.json files that claim a complete run. Not part of `npm test`: it
# starts containers for minutes; run it alone, on an engine nothing else is using at the time
# (it counts every labelled resource), e.g.
#   bash bench/interrupt-runs.sh 50 [MAX_DELAY_MS]
# A run that had already ended when its signal came (exit 0 or 1) is counted apart.
set -u
cd "$(dirname "$0")/.."
N=${1:-50}
MAX_DELAY_MS=${2:-9000}
SCENARIO=test/fixtures/scenarios/cli/quick.yaml
OUT=$(mktemp -d /tmp/badgateway-interrupts.XXXXXX)
SIGNALS=(INT TERM KILL)
left_total=0; bad_reports=0; tmp_files=0; finished=0
declare -A codes

managed() { echo $(( $(docker ps -aq --filter label=io.badgateway.managed=true | wc -l) + $(docker network ls -q --filter label=io.badgateway.managed=true | wc -l) + $(docker volume ls -q --filter label=io.badgateway.managed=true | wc -l) )); }

before=$(managed)
for i in $(seq 1 "$N"); do
  signal=${SIGNALS[$((RANDOM % 3))]}
  delay_ms=$(( (RANDOM * 32768 + RANDOM) % MAX_DELAY_MS ))
  node bin/badgateway.js run "$SCENARIO" --out "$OUT/$i" >/dev/null 2>"$OUT/$i.stderr" &
  run=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -s "$signal" "$run" 2>/dev/null
  wait "$run"; code=$?
  codes["$signal:$code"]=$(( ${codes["$signal:$code"]:-0} + 1 ))
  [ "$code" = 0 ] || [ "$code" = 1 ] && finished=$((finished + 1))
  # SIGKILL: the crash reaper polls every 0.5 s, then removes; give it up to 20 s
  for _ in $(seq 1 80); do [ "$(managed)" -le "$before" ] && break; sleep 0.25; done
  left=$(( $(managed) - before ))
  [ "$left" -gt 0 ] && echo "run $i ($signal after ${delay_ms} ms): $left resource(s) left" && docker ps -a --filter label=io.badgateway.managed=true --format '  {{.Names}} {{.Status}}'
  left_total=$((left_total + (left > 0 ? left : 0)))
  tmp=$(find "$OUT/$i" -name '*.tmp' 2>/dev/null | wc -l); tmp_files=$((tmp_files + tmp))
  for report in "$OUT/$i"/*/report.json; do
    [ -f "$report" ] || continue
    # a report of a run stopped part-way must say so
    if [ "$code" != 0 ] && [ "$code" != 1 ] && ! grep -q '"interrupted"' "$report"; then bad_reports=$((bad_reports + 1)); echo "run $i: $report claims a complete run (exit $code)"; fi
  done
  echo "run $i: $signal after ${delay_ms} ms -> exit $code, left $left"
done
echo
echo "runs: $N, of which $finished had ended before their signal came (exit 0 or 1): $((N - finished)) interrupted"
for key in "${!codes[@]}"; do echo "  signal:exit $key x${codes[$key]}"; done | sort
echo "resources left behind: $left_total"
echo "temporary files left: $tmp_files"
echo "reports claiming a complete run after an interruption: $bad_reports"
rm -rf "$OUT"
