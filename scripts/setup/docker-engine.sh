#!/usr/bin/env bash
# Makes sure a Docker Engine answers. On Debian as root with no engine installed, installs
# docker.io and starts dockerd (there is no systemd on these machines). Elsewhere it says what
# to install. Exit 3 when no engine can be had (the harness's exit code for infrastructure faults).
set -euo pipefail
shopt -s inherit_errexit

log() { printf 'setup: %s\n' "$*" >&2; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 3; }

engine_answers() { timeout 10 docker info >/dev/null 2>&1; }

if ! command -v docker >/dev/null 2>&1 && ! command -v dockerd >/dev/null 2>&1; then
  :
elif engine_answers; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
    log "no Docker Engine here: installing Debian's docker.io (one-time, about a minute)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq docker.io >/dev/null
  else
    fail "no Docker Engine answers and none is installed. Install Docker Engine (https://docs.docker.com/engine/install/) or start Docker Desktop, then run this again."
  fi
fi

if [ -n "${DOCKER_HOST:-}" ]; then
  fail "DOCKER_HOST=$DOCKER_HOST does not answer. Start that engine, or unset DOCKER_HOST to use a local one."
fi

if [ "$(id -u)" != 0 ] && ! pgrep -x dockerd >/dev/null 2>&1; then
  fail "dockerd is installed but not running, and starting it needs root. Start it (sudo service docker start) and run this again."
fi

# Start dockerd whenever none runs until one answers: an engine that is still shutting down (after
# a SIGTERM it can take half a minute) is waited out, then replaced.
deadline=$((SECONDS + 90))
until engine_answers; do
  if ! pgrep -x dockerd >/dev/null 2>&1; then
    log "starting dockerd (log: /var/log/badgateway-dockerd.log)"
    # setsid: the engine outlives this script and the shell that ran it. Every descriptor beyond
    # stdio is closed first: one inherited from a caller (a lock held with `flock file cmd`) would
    # otherwise be held by dockerd and containerd for as long as they run.
    # --userland-proxy=false: a published port is the kernel's NAT to the container, so the load's
    # connections reach nginx itself instead of a docker-proxy process that copies each of them.
    (
      for fd in /proc/$BASHPID/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null; done
      exec setsid dockerd --userland-proxy=false >>/var/log/badgateway-dockerd.log 2>&1 < /dev/null
    ) &
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    tail -n 20 /var/log/badgateway-dockerd.log >&2 2>/dev/null || true
    fail "dockerd did not answer within 90 s (log above). Fix what it says, then run this again."
  fi
  sleep 0.5
done
log "Docker Engine $(docker version --format '{{.Server.Version}}' 2>/dev/null) answers"
