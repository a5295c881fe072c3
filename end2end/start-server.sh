#!/usr/bin/env bash
# Starts the release server for the end-to-end tests on 127.0.0.1:3100 with a
# fresh SQLite database and demo data. Used by playwright.config.ts.
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
exec env \
  BAEDAL_ADDR=127.0.0.1:3100 \
  BAEDAL_DATABASE_URL="sqlite://$TMP_DIR/e2e.db" \
  BAEDAL_DEMO=1 \
  BAEDAL_SIGN_IN_PER_MINUTE=600 \
  LEPTOS_OUTPUT_NAME=baedal \
  LEPTOS_SITE_ROOT=target/site \
  LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ADDR=127.0.0.1:3100 \
  LEPTOS_ENV=PROD \
  RUST_LOG=info \
  "$SERVER_BIN"
