#!/usr/bin/env bash
# Builds the example app image (badgateway-example/shop-api:1) on the Node image setup chose.
set -euo pipefail
cd "$(dirname "$0")"
base=$(node -e 'try { console.log(require("../../.badgateway/images.json").node) } catch { console.log("node:20-slim") }')
# the build's output only when it fails, with nothing left behind
if ! output=$(docker build -q --force-rm -t badgateway-example/shop-api:1 --build-arg "BASE=$base" . 2>&1); then
  printf '%s\n' "$output" >&2
  exit 3
fi
echo "built badgateway-example/shop-api:1 on $base"
