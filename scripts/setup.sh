#!/usr/bin/env bash
# Makes this machine ready to run badgateway, and is fast when it already is:
# a Docker Engine that answers, the nginx and Node images, npm dependencies, the build.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

bash scripts/setup/docker-engine.sh
bash scripts/setup/images.sh

# npm install, not npm ci: the npm on these machines leaves other platforms' optional packages out
# of the lock it writes and then npm ci rejects that lock. npm install honours the lock as it is.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies" >&2
  npm install --no-audit --no-fund --loglevel=error >/dev/null
fi

stamp=dist/.build-stamp
if [ ! -f "$stamp" ] || [ -n "$(find harness backends bench scripts/bundle-backend.mjs package.json tsconfig*.json -newer "$stamp" -print -quit)" ]; then
  echo "setup: building" >&2
  rm -rf dist
  npm run --silent build
  touch "$stamp"
fi
echo "setup: ready" >&2
