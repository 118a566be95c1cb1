#!/usr/bin/env bash
# What the HTML report test needs: a headless Chromium at /usr/bin/chromium (Debian's package).
# Quiet and fast when it is already there.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing chromium (for the HTML report test)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; }
else
  echo "setup: chromium is missing; install it (e.g. apt-get install chromium) to run the HTML report test" >&2
  exit 3
fi
