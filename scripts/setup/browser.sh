#!/usr/bin/env bash
# What the HTML report test needs: a headless Chromium at /usr/bin/chromium (Debian's package).
# Quiet and fast when it is already there.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
bash "$(dirname "$0")/apt-install.sh" chromium "for the HTML report test"
