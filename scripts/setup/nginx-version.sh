#!/usr/bin/env bash
# Makes sure an nginx image of one version line (1.22, 1.26 or 1.30) exists and prints its name
# on stdout; progress goes to stderr. Order: the official nginx:<line> already present > a local
# equivalent already built > nginx:<line> pulled > a local equivalent built offline from the
# Debian suite that ships that line (bookworm 1.22.1, trixie 1.26.3, sid 1.30.6): a minbase rootfs
# by debootstrap with Debian's nginx, imported as badgateway-local/nginx:<suite> and reused.
# Exit 2: a line no Debian suite ships; 3: the image could not be had.
set -euo pipefail
shopt -s inherit_errexit

line="${1:-}"
log() { printf 'nginx %s: %s\n' "$line" "$*" >&2; }
fail() { log "$*"; exit 3; }

case "$line" in
  1.22) suite=bookworm ;;
  1.26) suite=trixie ;;
  1.30) suite=sid ;;
  *) printf 'nginx-version.sh: no Debian suite ships nginx %s offline (1.22, 1.26, 1.30); use the official nginx:%s image where a registry answers\n' "$line" "$line" >&2; exit 2 ;;
esac

OFFICIAL="nginx:$line"
LOCAL="badgateway-local/nginx:$suite"
CACHE_DIR="${BADGATEWAY_CACHE_DIR:-/var/cache/badgateway}"

present() { docker image inspect "$1" >/dev/null 2>&1; }
if present "$OFFICIAL"; then echo "$OFFICIAL"; exit 0; fi
if present "$LOCAL"; then echo "$LOCAL"; exit 0; fi
if timeout 120 docker pull -q "$OFFICIAL" >/dev/null 2>&1; then echo "$OFFICIAL"; exit 0; fi

command -v debootstrap >/dev/null 2>&1 || {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || fail "no registry answers and debootstrap is missing; install debootstrap, or make $OFFICIAL available"
  log "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
}
[ -f "/usr/share/debootstrap/scripts/$suite" ] || fail "this debootstrap cannot build Debian $suite (no /usr/share/debootstrap/scripts/$suite); make $OFFICIAL available instead"

started=$SECONDS
mkdir -p "$CACHE_DIR"
rootfs="$CACHE_DIR/rootfs-nginx-$suite"
build_log="$CACHE_DIR/debootstrap-$suite.log"
rm -rf "$rootfs"
trap 'rm -rf "$rootfs"' EXIT
log "$OFFICIAL cannot be pulled here: building $LOCAL offline from Debian $suite (about 30-60 s on an idle machine, once)"
debootstrap --variant=minbase --include=nginx,ca-certificates,procps "$suite" "$rootfs" http://deb.debian.org/debian >"$build_log" 2>&1 \
  || { tail -n 20 "$build_log" >&2; fail "debootstrap failed (log above, full log $build_log)"; }
# As the official image runs it: no default site, the error log on stderr, nginx in the foreground.
rm -f "$rootfs/etc/nginx/sites-enabled/default"
ln -sf /dev/stderr "$rootfs/var/log/nginx/error.log"
rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
tar -C "$rootfs" -c . | docker import --change 'CMD ["nginx", "-g", "daemon off;"]' - "$LOCAL" >/dev/null \
  || fail "docker import of $LOCAL failed"
log "built $LOCAL ($(chroot "$rootfs" nginx -v 2>&1 | sed 's/.*nginx\///' || true)) in $((SECONDS - started)) s"
echo "$LOCAL"
