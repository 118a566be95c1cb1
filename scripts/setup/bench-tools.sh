#!/usr/bin/env bash
# What `npm run bench` needs beyond setup: wrk, to compare the load driver with.
set -euo pipefail
command -v wrk >/dev/null 2>&1 && exit 0
bash "$(dirname "$0")/apt-install.sh" wrk "for the load-driver comparison"
