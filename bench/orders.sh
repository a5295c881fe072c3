#!/usr/bin/env bash
# Starts the release server on a fresh database with demo data and measures
# the order path with the load generator (server/loadgen). Arguments go to
# `baedal-load orders`, e.g. `bash bench/orders.sh --seconds 3`.
#
#   BENCH_ENGINE=sqlite|postgres   the database (default sqlite; postgres in
#                                  the private cluster of scripts/postgres.sh)
#   BENCH_INSTANCES=N              N instances behind nginx (postgres only)
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

ENGINE="${BENCH_ENGINE:-sqlite}"
INSTANCES="${BENCH_INSTANCES:-1}"

# The previous run's database is kept for inspection until this one starts.
RUN=target/bench-orders
mkdir -p "$RUN"
rm -rf "$RUN"/db.*
case "$ENGINE" in
  sqlite)
    [[ "$INSTANCES" == 1 ]] || { echo "error: a SQLite file is one instance's alone" >&2; exit 1; }
    DB_DIR="$(mktemp -d "$PWD/$RUN/db.XXXXXX")"
    touch "$DB_DIR/bench.db"
    DATABASE_URL="sqlite://$DB_DIR/bench.db"
    ;;
  postgres)
    POSTGRES="$(bash scripts/postgres.sh start)"
    psql -q "$POSTGRES" -c "DROP DATABASE IF EXISTS bench_orders WITH (FORCE)" -c "CREATE DATABASE bench_orders"
    DATABASE_URL="${POSTGRES%/*}/bench_orders"
    ;;
  *) echo "error: BENCH_ENGINE is sqlite or postgres" >&2; exit 1 ;;
esac

PIDS=()
stop() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 143' TERM INT

wait_healthy() {
  local addr=$1 pid=$2 log=$3
  for _ in $(seq 1 300); do
    curl -sf "http://$addr/healthz" > /dev/null 2>&1 && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "error: $addr exited while starting; see $log" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "error: $addr did not answer /healthz within 30 s; see $log" >&2
  exit 1
}

# One instance answers on $ADDR itself; several answer behind nginx there.
start_instance() {
  local addr=$1 log=$2
  env \
    BAEDAL_ADDR="$addr" \
    BAEDAL_DATABASE_URL="$DATABASE_URL" \
    BAEDAL_DEMO=1 \
    BAEDAL_GATEWAY=127.0.0.1 \
    BAEDAL_ORDERS_PER_MINUTE=100000000 \
    BAEDAL_SIGN_UPS_PER_HOUR=100000 \
    BAEDAL_SIGN_IN_PER_MINUTE=100000 \
    LEPTOS_OUTPUT_NAME=baedal \
    LEPTOS_SITE_ROOT=target/site \
    LEPTOS_SITE_PKG_DIR=pkg \
    LEPTOS_SITE_ADDR="$addr" \
    LEPTOS_ENV=PROD \
    RUST_LOG=warn \
    "$SERVER_BIN" > "$log" 2>&1 &
  PIDS+=($!)
  wait_healthy "$addr" "$!" "$log"
}

if [[ "$INSTANCES" == 1 ]]; then
  start_instance "$ADDR" "$RUN/server.log"
else
  ports=()
  for n in $(seq 1 "$INSTANCES"); do
    port=$((3300 + n))
    start_instance "127.0.0.1:$port" "$RUN/server-$port.log"
    ports+=("$port")
  done
  GATEWAY="$PWD/$RUN/gateway"
  mkdir -p "$GATEWAY"
  bash scripts/gateway-conf.sh "$GATEWAY" "$ADDR" "${ports[@]}"
  NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
  "$NGINX" -p "$GATEWAY" -c "$GATEWAY/nginx.conf" -e "$GATEWAY/error.log" -g 'daemon off;' &
  PIDS+=($!)
  wait_healthy "$ADDR" "$!" "$GATEWAY/error.log"
fi
echo "engine: $ENGINE, instances: $INSTANCES$([[ "$INSTANCES" == 1 ]] || echo ' behind nginx')"

"$LOADGEN" orders --base "http://$ADDR" "$@"
