#!/usr/bin/env bash
# Makes sure the images the harness runs exist (nginx, Node, and the real app servers: PHP-FPM,
# Python with Gunicorn and uvicorn), and records which ones in .badgateway/images.json (read by
# the CLI as its default; env vars still win).
# Order: the configured image already present > pulled (Python: the official python image with
# Gunicorn and uvicorn pip-installed) > a local equivalent built offline (Debian rootfs by
# debootstrap + the host's Node binary; Debian's php-fpm, gunicorn and python3-uvicorn installed
# with apt from Debian's archive), reused when it exists.
# The network fault helper (iptables, tc) has no official image: it is built from Debian's
# packages on the local base (or on debian:bookworm-slim where a registry answers), once.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/../.."

log() { printf 'setup: %s\n' "$*" >&2; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 3; }

NGINX_IMAGE="${BADGATEWAY_NGINX_IMAGE:-nginx:1.27}"
NODE_IMAGE="${BADGATEWAY_NODE_IMAGE:-node:20-slim}"
PHP_IMAGE="${BADGATEWAY_PHP_IMAGE:-php:8.2-fpm}"
PYTHON_IMAGE="${BADGATEWAY_PYTHON_IMAGE:-badgateway/python-appservers:3.11-slim}"
PYTHON_BASE=python:3.11-slim
LOCAL_BASE=badgateway-local/debian:bookworm
LOCAL_NGINX=badgateway-local/nginx:bookworm
LOCAL_NODE=badgateway-local/node:20
LOCAL_PHP=badgateway-local/php-fpm:8.2
LOCAL_PYTHON=badgateway-local/python-appservers:bookworm
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
  build_image "$1" "$ctx" "$base"
}

build_image() { # image context base
  local started=$SECONDS
  log "building $1"
  mkdir -p "$CACHE_DIR"
  docker build -q --force-rm -t "$1" --build-arg "BASE=$3" "$2" >"$CACHE_DIR/build.log" 2>&1 || { cat "$CACHE_DIR/build.log" >&2; fail "building $1 failed (output above)"; }
  rm -rf "$2"
  log "built $1 in $((SECONDS - started)) s"
}

# Gunicorn and uvicorn on the official Python image, where a registry (and PyPI) answers.
resolve_python() {
  if present "$PYTHON_IMAGE"; then echo "$PYTHON_IMAGE"; return; fi
  if present "$LOCAL_PYTHON"; then echo "$LOCAL_PYTHON"; return; fi
  if pullable "$PYTHON_BASE"; then
    local ctx; ctx=$(mktemp -d)
    cp scripts/setup/local-images/python-appservers-official.Dockerfile "$ctx/Dockerfile"
    if (build_image "$PYTHON_IMAGE" "$ctx" "$PYTHON_BASE") 2>/dev/null; then echo "$PYTHON_IMAGE"; return; fi
    log "pip could not install Gunicorn and uvicorn on $PYTHON_BASE: using a local equivalent"
  fi
  log "$PYTHON_IMAGE cannot be had here: using a local equivalent, $LOCAL_PYTHON"
  build_local_from "$LOCAL_PYTHON" python-appservers.Dockerfile
  echo "$LOCAL_PYTHON"
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

php=$(resolve "$PHP_IMAGE" "$LOCAL_PHP" php-fpm.Dockerfile)
python=$(resolve_python)

netfault_base() { # the local base where no registry answers, Debian's slim image where one does
  if present "$LOCAL_BASE" || ! pullable debian:bookworm-slim; then echo "$LOCAL_BASE"; else echo debian:bookworm-slim; fi
}
present "$NETFAULT_IMAGE" || build_local_from "$NETFAULT_IMAGE" netfault.Dockerfile "" "$(netfault_base)"

mkdir -p .badgateway
printf '{ "nginx": "%s", "node": "%s", "php": "%s", "python": "%s", "netfault": "%s" }\n' "$nginx" "$node" "$php" "$python" "$NETFAULT_IMAGE" > .badgateway/images.json
log "images: nginx=$nginx node=$node php=$php python=$python netfault=$NETFAULT_IMAGE"
