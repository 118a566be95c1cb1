#!/usr/bin/env bash
# What `npm run bench` needs beyond setup: wrk, to compare the load driver with.
set -euo pipefail
command -v wrk >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing wrk (for the load-driver comparison)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }
else
  echo "setup: wrk is missing; install it (e.g. apt-get install wrk) to run the benchmark" >&2
  exit 3
fi
