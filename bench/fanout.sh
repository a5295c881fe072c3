#!/usr/bin/env bash
# Measures live fan-out: makes a fresh SQLite database holding a crowd of
# signed-in accounts (`server bench-people`: 800 stores, 9,000 customers,
# 200 riders), starts the release server on it, and runs `baedal-load
# fanout`, which restarts the server once for the reconnect storm.
# Arguments go to `baedal-load fanout`, e.g. `--busy-streams 2000`;
# BENCH_CROWD changes the crowd, e.g. "--stores 80 --customers 900 --riders 20".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Another build of the server can be measured on the same crowd.
export SERVER_BIN="${SERVER_BIN:-target/release/server}"

LOADGEN="${LOADGEN:-target/release/baedal-load}"
DIR=target/bench-fanout
ADDR=127.0.0.1:3400

for binary in "$SERVER_BIN" "$LOADGEN"; do
  if [[ ! -x "$binary" ]]; then
    echo "error: $binary not found; run make build-release and cargo build --release -p loadgen" >&2
    exit 1
  fi
done
if curl -sf "http://$ADDR/healthz" > /dev/null 2>&1; then
  echo "error: something already answers on $ADDR; stop it first" >&2
  exit 1
fi

# Ten thousand streams take ten thousand descriptors on each side.
ulimit -n "$(ulimit -Hn)"

rm -rf "$DIR"
mkdir -p "$DIR/db"
touch "$DIR/db/bench.db"
trap 'bash bench/fanout-server.sh stop' EXIT
trap 'exit 143' TERM INT

echo "… creating the crowd" >&2
BAEDAL_DATABASE_URL="sqlite://$PWD/$DIR/db/bench.db" RUST_LOG=warn \
  "$SERVER_BIN" bench-people "$DIR/people.json" ${BENCH_CROWD:-} >&2
bash bench/fanout-server.sh start

"$LOADGEN" fanout --base "http://$ADDR" --people "$DIR/people.json" \
  --pid-file "$DIR/server.pid" --restart "bash bench/fanout-server.sh restart" "$@"
