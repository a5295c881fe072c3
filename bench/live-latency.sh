#!/usr/bin/env bash
# Starts the release server on a fresh database and measures live latency.
set -euo pipefail
cd "$(dirname "$0")/.."
# The benchmark places far more orders than a person; lift the per-session limit.
BAEDAL_ORDERS_PER_MINUTE=1000000 bash end2end/start-server.sh > target/bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -sf http://127.0.0.1:3100/healthz > /dev/null && break
  sleep 0.1
done
node bench/live_latency.mjs
