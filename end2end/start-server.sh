#!/usr/bin/env bash
# Starts the release server for the end-to-end tests on 127.0.0.1:3100 with a
# fresh SQLite database and demo data, paying through the fake payment
# provider on 127.0.0.1:3200. Used by playwright.config.ts.
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$E2E_DIR/.." && pwd)"
TMP_DIR="$E2E_DIR/.tmp"
SERVER_BIN="$ROOT/target/release/server"

if [[ ! -x "$SERVER_BIN" ]]; then
  echo "error: $SERVER_BIN not found; build it first with 'make build-release'" >&2
  exit 1
fi
if [[ ! -d "$ROOT/target/site/pkg" ]]; then
  echo "error: $ROOT/target/site/pkg not found; build it first with 'make build-release'" >&2
  exit 1
fi

rm -rf "$TMP_DIR"
mkdir -p "$TMP_DIR"
touch "$TMP_DIR/e2e.db"

cd "$ROOT"

# The fake payment provider on 127.0.0.1:3200; the payment tests steer it
# through POST /control. Stopped with this script.
FAKE_PAYMENTS_ADDR=127.0.0.1:3200 RUST_LOG=warn "$SERVER_BIN" fake-payments &
FAKE_PID=$!
SERVER_PID=""
stop() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
  kill "$FAKE_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 143' TERM INT

for _ in $(seq 1 100); do
  if (exec 3<>/dev/tcp/127.0.0.1/3200) 2>/dev/null; then
    break
  fi
  sleep 0.1
done

env \
  BAEDAL_ADDR=127.0.0.1:3100 \
  BAEDAL_DATABASE_URL="sqlite://$TMP_DIR/e2e.db" \
  BAEDAL_DEMO=1 \
  BAEDAL_SIGN_IN_PER_MINUTE=600 \
  BAEDAL_PAYMENT_URL=http://127.0.0.1:3200 \
  LEPTOS_OUTPUT_NAME=baedal \
  LEPTOS_SITE_ROOT=target/site \
  LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ADDR=127.0.0.1:3100 \
  LEPTOS_ENV=PROD \
  RUST_LOG=info \
  "$SERVER_BIN" &
SERVER_PID=$!
wait "$SERVER_PID"
