#!/usr/bin/env bash
# Measures the customer's first load and server rendering in one run against
# the release server on a fresh database with demo data:
# - what a first visit to each app downloads, compressed as served
#   (bench/first_visit.mjs, Chromium through Playwright), and what the main
#   wasm is made of (bench/wasm_weight.mjs, with twiggy when installed);
# - pages per second for `/`, `/stores/:id` and `/store`, anonymous and
#   signed in, beside the `/healthz` ceiling (`baedal-load pages`);
# - Lighthouse mobile scores, five runs per page (bench/lighthouse/run.mjs);
#   BAEDAL_LIGHTHOUSE_RUNS=0 leaves them out.
# Before the pages are asked for, the database is given a history of
# BAEDAL_BENCH_HISTORY completed orders (300,000 unless set; 0 for none),
# one in a thousand of them customer1's, the signed-in customer's: a
# signed-in page reads what the customer has ordered, and a read that walks
# every order shows only on a database that has many.
#
#   BENCH_ENGINE=sqlite|postgres   the database (default sqlite; postgres in
#                                  the private cluster of scripts/postgres.sh,
#                                  left running). On PostgreSQL only the
#                                  pages per second are measured: what the
#                                  browser loads does not depend on it.
#
# Prints Markdown; the server's log is in target/bench-web/server.log.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SERVER_BIN="${SERVER_BIN:-target/release/server}"
LOADGEN="${LOADGEN:-target/release/baedal-load}"
ADDR=127.0.0.1:3300
export BAEDAL_BENCH_URL="http://$ADDR"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"

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

ENGINE="${BENCH_ENGINE:-sqlite}"
mkdir -p target/bench-web
rm -rf target/bench-web/db.*
LOG=target/bench-web/server.log
case "$ENGINE" in
  sqlite)
    DB_DIR="$(mktemp -d "$PWD/target/bench-web/db.XXXXXX")"
    touch "$DB_DIR/bench.db"
    DATABASE_URL="sqlite://$DB_DIR/bench.db"
    ;;
  postgres)
    POSTGRES="$(bash scripts/postgres.sh start)"
    psql -q "$POSTGRES" -c "DROP DATABASE IF EXISTS bench_web WITH (FORCE)" -c "CREATE DATABASE bench_web"
    DATABASE_URL="${POSTGRES%/*}/bench_web"
    ;;
  *) echo "error: BENCH_ENGINE is sqlite or postgres" >&2; exit 1 ;;
esac

SERVER_PID=""
stop() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 143' TERM INT

env \
  BAEDAL_ADDR="$ADDR" \
  BAEDAL_DATABASE_URL="$DATABASE_URL" \
  BAEDAL_DEMO=1 \
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

# The history: completed orders spread over the other demo customers and the
# stores, every thousandth customer1's.
HISTORY="${BAEDAL_BENCH_HISTORY:-300000}"
if [[ "$HISTORY" != 0 && "$ENGINE" == sqlite ]]; then
  command -v sqlite3 > /dev/null || { echo "error: sqlite3 not found; run make setup" >&2; exit 1; }
  sqlite3 "$DB_DIR/bench.db" <<SQL
.timeout 10000
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $HISTORY),
  customers AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM accounts
                WHERE role = 'customer' AND email <> 'customer1@baedal.demo'),
  stores_by AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM stores)
INSERT INTO orders (customer_id, store_id, status, subtotal, total, delivery_address,
                    delivery_lat, delivery_lon, placed_at, updated_at, idempotency_key)
SELECT CASE WHEN i % 1000 = 0 THEN (SELECT id FROM accounts WHERE email = 'customer1@baedal.demo')
            ELSE c.id END,
       s.id, 'completed', 18000, 21000, 'bench history', 37.55, 126.92,
       1700000000000 + i * 1000, 1700000000000 + i * 1000 + 1800000, 'bench-history-' || i
FROM n
JOIN customers c ON c.k = i % (SELECT COUNT(*) FROM customers)
JOIN stores_by s ON s.k = i % (SELECT COUNT(*) FROM stores_by);
SQL
  echo "The database holds $(sqlite3 "$DB_DIR/bench.db" "SELECT COUNT(*) FROM orders WHERE status = 'completed'") completed orders."
  echo
elif [[ "$HISTORY" != 0 ]]; then
  # ANALYZE, as autovacuum would do in time: PostgreSQL plans from it.
  psql -q -v ON_ERROR_STOP=1 "$DATABASE_URL" <<SQL
WITH customers AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM accounts
                   WHERE role = 'customer' AND email <> 'customer1@baedal.demo'),
  stores_by AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM stores)
INSERT INTO orders (customer_id, store_id, status, subtotal, total, delivery_address,
                    delivery_lat, delivery_lon, placed_at, updated_at, idempotency_key)
SELECT CASE WHEN i % 1000 = 0 THEN (SELECT id FROM accounts WHERE email = 'customer1@baedal.demo')
            ELSE c.id END,
       s.id, 'completed', 18000, 21000, 'bench history', 37.55, 126.92,
       1700000000000 + i * 1000::BIGINT, 1700000000000 + i * 1000::BIGINT + 1800000,
       'bench-history-' || i
FROM generate_series(1, $HISTORY) AS i
JOIN customers c ON c.k = i % (SELECT COUNT(*) FROM customers)
JOIN stores_by s ON s.k = i % (SELECT COUNT(*) FROM stores_by);
ANALYZE;
SQL
  echo "The database holds $(psql -tA "$DATABASE_URL" -c "SELECT COUNT(*) FROM orders WHERE status = 'completed'") completed orders."
  echo
fi

if [[ "$ENGINE" == postgres ]]; then
  echo "On PostgreSQL: pages per second only."
  echo
  "$LOADGEN" pages --base "http://$ADDR" "$@"
  exit 0
fi

node bench/first_visit.mjs
echo
if command -v twiggy > /dev/null 2>&1 || [[ -x "${CARGO_HOME:-$HOME/.cargo}/bin/twiggy" ]]; then
  node bench/wasm_weight.mjs
  echo
fi
"$LOADGEN" pages --base "http://$ADDR" "$@"
echo
if [[ "${BAEDAL_LIGHTHOUSE_RUNS:-5}" != 0 ]]; then
  node bench/lighthouse/run.mjs
fi
