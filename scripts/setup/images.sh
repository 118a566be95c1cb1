#!/usr/bin/env bash
# Makes sure the nginx and Node images the harness runs exist, and records which ones in
# .badgateway/images.json (read by the CLI as its default; flags and env vars still win).
# Order: the configured image already present > pulled > a local equivalent built offline
# (Debian rootfs by debootstrap + the host's Node binary), reused when it exists.
# The network fault helper (iptables, tc) has no official image: it is built from Debian's
# packages on the local base (or on debian:bookworm-slim where a registry answers), once.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/../.."

log() { printf 'setup: %s\n' "$*" >&2; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 3; }

NGINX_IMAGE="${BADGATEWAY_NGINX_IMAGE:-nginx:1.27}"
NODE_IMAGE="${BADGATEWAY_NODE_IMAGE:-node:20-slim}"
LOCAL_BASE=badgateway-local/debian:bookworm
LOCAL_NGINX=badgateway-local/nginx:bookworm
LOCAL_NODE=badgateway-local/node:20
NETFAULT_IMAGE="${BADGATEWAY_NETFAULT_IMAGE:-badgateway-local/netfault:bookworm}"
CACHE_DIR=/var/cache/badgateway

present() { docker image inspect "$1" >/dev/null 2>&1; }
pullable() { timeout 120 docker pull -q "$1" >/dev/null 2>&1; }

build_local_base() {
  present "$LOCAL_BASE" && return 0
  command -v debootstrap >/dev/null 2>&1 || {
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || fail "no registry answers and debootstrap is missing; install debootstrap or make $NGINX_IMAGE and $NODE_IMAGE available."
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  }
  local rootfs="$CACHE_DIR/rootfs-bookworm"
  rm -rf "$rootfs" && mkdir -p "$CACHE_DIR"
  log "building $LOCAL_BASE offline from Debian packages (about 30 s, once)"
  debootstrap --variant=minbase --include=nginx,ca-certificates,procps bookworm "$rootfs" \
    http://deb.debian.org/debian >"$CACHE_DIR/debootstrap.log" 2>&1 \
    || { tail -n 20 "$CACHE_DIR/debootstrap.log" >&2; fail "debootstrap failed (log above, full log $CACHE_DIR/debootstrap.log)"; }
  tar -C "$rootfs" -c . | docker import - "$LOCAL_BASE" >/dev/null
  rm -rf "$rootfs"
}

build_local_from() { # image dockerfile [file-to-copy] [base]
  present "$1" && return 0
  local base="${4:-$LOCAL_BASE}"
  [ "$base" = "$LOCAL_BASE" ] && build_local_base
  local ctx; ctx=$(mktemp -d)
  cp "scripts/setup/local-images/$2" "$ctx/Dockerfile"
  [ -n "${3:-}" ] && cp "$3" "$ctx/"
  log "building $1"
  mkdir -p "$CACHE_DIR"
  docker build -q -t "$1" --build-arg "BASE=$base" "$ctx" >"$CACHE_DIR/build.log" 2>&1 || { cat "$CACHE_DIR/build.log" >&2; fail "building $1 failed (output above)"; }
  rm -rf "$ctx"
}

resolve() { # configured local dockerfile [file]
  if present "$1"; then echo "$1"; return; fi
  if present "$2"; then echo "$2"; return; fi
  if pullable "$1"; then echo "$1"; return; fi
  log "$1 cannot be pulled here: using a local equivalent, $2"
  build_local_from "$2" "$3" "${4:-}"
  echo "$2"
}

nginx=$(resolve "$NGINX_IMAGE" "$LOCAL_NGINX" nginx.Dockerfile)
node_bin=$(readlink -f "$(command -v node)")
node=$(resolve "$NODE_IMAGE" "$LOCAL_NODE" node.Dockerfile "$node_bin")

netfault_base() { # the local base where no registry answers, Debian's slim image where one does
  if present "$LOCAL_BASE" || ! pullable debian:bookworm-slim; then echo "$LOCAL_BASE"; else echo debian:bookworm-slim; fi
}
if ! present "$NETFAULT_IMAGE"; then
  started=$SECONDS
  build_local_from "$NETFAULT_IMAGE" netfault.Dockerfile "" "$(netfault_base)"
  log "built $NETFAULT_IMAGE in $((SECONDS - started)) s"
fi

mkdir -p .badgateway
printf '{ "nginx": "%s", "node": "%s", "netfault": "%s" }\n' "$nginx" "$node" "$NETFAULT_IMAGE" > .badgateway/images.json
log "images: nginx=$nginx node=$node netfault=$NETFAULT_IMAGE"
