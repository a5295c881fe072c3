#!/usr/bin/env bash
# The release server of `make bench-fanout`, on the database bench/fanout.sh
# made: `start` starts it and waits until it answers; `restart` stops the
# running one gracefully (its live streams end) and starts it again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Another build of the server can be measured on the same crowd.
export SERVER_BIN="${SERVER_BIN:-target/release/server}"

DIR=target/bench-fanout
ADDR=127.0.0.1:3400
PID_FILE="$DIR/server.pid"

start() {
  env \
    BAEDAL_ADDR="$ADDR" \
    BAEDAL_DATABASE_URL="sqlite://$PWD/$DIR/db/bench.db" \
    BAEDAL_ORDERS_PER_MINUTE=100000000 \
    LEPTOS_OUTPUT_NAME=baedal \
    LEPTOS_SITE_ROOT=target/site \
    LEPTOS_SITE_PKG_DIR=pkg \
    LEPTOS_SITE_ADDR="$ADDR" \
    LEPTOS_ENV=PROD \
    RUST_LOG=warn \
    "$SERVER_BIN" >> "$DIR/server.log" 2>&1 < /dev/null &
  echo $! > "$PID_FILE"
  for _ in $(seq 1 300); do
    curl -sf "http://$ADDR/healthz" > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "error: the server did not answer within 30 s; see $DIR/server.log" >&2
  exit 1
}

stop() {
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  *) echo "usage: $0 start|stop|restart" >&2; exit 2 ;;
esac
