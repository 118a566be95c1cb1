#!/usr/bin/env bash
# apt-install.sh PACKAGE WHY: installs a Debian package as root (apt-get update only if the first
# try fails), or says what to install and exits 3 where apt-get or root is missing.
set -euo pipefail
package=$1 why=$2
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing $package ($why)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "$package" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq "$package" >/dev/null; }
else
  echo "setup: $package is missing; install it (e.g. apt-get install $package) $why" >&2
  exit 3
fi
