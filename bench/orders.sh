#!/usr/bin/env bash
# Starts the release server on a fresh SQLite database with demo data and
# measures the order path with the load generator (server/loadgen).
# Arguments go to `baedal-load orders`, e.g. `bash bench/orders.sh --seconds 3`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SERVER_BIN=target/release/server
LOADGEN="${LOADGEN:-target/release/baedal-load}"
ADDR=127.0.0.1:3300

if [[ ! -x "$SERVER_BIN" ]]; then
  echo "error: $SERVER_BIN not found; run make build-release first" >&2
  exit 1
fi
if [[ ! -x "$LOADGEN" ]]; then
  echo "error: load generator $LOADGEN not found; build server/loadgen (cargo build --release) or set LOADGEN" >&2
  exit 1
fi
if curl -sf "http://$ADDR/healthz" > /dev/null 2>&1; then
  echo "error: something already answers on $ADDR; stop it first" >&2
  exit 1
fi

# The previous run's database is kept for inspection until this one starts.
mkdir -p target/bench-orders
rm -rf target/bench-orders/db.*
DB_DIR="$(mktemp -d "$PWD/target/bench-orders/db.XXXXXX")"
LOG=target/bench-orders/server.log

SERVER_PID=""
stop() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 143' TERM INT

touch "$DB_DIR/bench.db"
env \
  BAEDAL_ADDR="$ADDR" \
  BAEDAL_DATABASE_URL="sqlite://$DB_DIR/bench.db" \
  BAEDAL_DEMO=1 \
  BAEDAL_ORDERS_PER_MINUTE=100000000 \
  BAEDAL_SIGN_UPS_PER_HOUR=100000 \
  BAEDAL_SIGN_IN_PER_MINUTE=100000 \
  LEPTOS_OUTPUT_NAME=baedal \
  LEPTOS_SITE_ROOT=target/site \
  LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ADDR="$ADDR" \
  LEPTOS_ENV=PROD \
  RUST_LOG=warn \
  "$SERVER_BIN" > "$LOG" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 300); do
  curl -sf "http://$ADDR/healthz" > /dev/null 2>&1 && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "error: the server exited while starting; see $LOG" >&2
    tail -n 20 "$LOG" >&2
    exit 1
  fi
  sleep 0.1
done
if ! curl -sf "http://$ADDR/healthz" > /dev/null 2>&1; then
  echo "error: the server did not answer /healthz within 30 s; see $LOG" >&2
  exit 1
fi

"$LOADGEN" orders --base "http://$ADDR" "$@"
