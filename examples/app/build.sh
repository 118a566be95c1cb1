#!/usr/bin/env bash
# Builds the example app image (badgateway-example/shop-api:1) on the Node image setup chose.
set -euo pipefail
cd "$(dirname "$0")"
base=$(node -e 'try { console.log(require("../../.badgateway/images.json").node) } catch { console.log("node:20-slim") }')
docker build -q -t badgateway-example/shop-api:1 --build-arg "BASE=$base" . >/dev/null 2>/tmp/badgateway-example-build.log || { cat /tmp/badgateway-example-build.log >&2; exit 3; }
echo "built badgateway-example/shop-api:1 on $base"
