#!/usr/bin/env bash
# apt-install.sh PACKAGE WHY: installs a Debian package as root (apt-get update only if the first
# try fails), or says what to install and exits 3 where apt-get or root is missing. Without the
# packages' Recommends: chromium's pull in about 85 more (a desktop's printing, sound and perl
# libraries, udev, avahi), which doubled the install's time (measured 40.7 s against 21.5 s).
set -euo pipefail
package=$1 why=$2
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing $package ($why)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "$package" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "$package" >/dev/null; }
else
  echo "setup: $package is missing; install it (e.g. apt-get install $package) $why" >&2
  exit 3
fi
