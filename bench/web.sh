#!/usr/bin/env bash
# Measures the customer's first load and server rendering in one run against
# the release server on a fresh database with demo data:
# - what a first visit to each app downloads, compressed as served
#   (bench/first_visit.mjs, Chromium through Playwright), and what the main
#   wasm is made of (bench/wasm_weight.mjs, with twiggy when installed);
# - pages per second for `/`, `/stores/:id` and `/store`, anonymous and
#   signed in, one customer and 2,000 in turn (also while another store's
#   dishes are sold out and back, and that store's own page meanwhile),
#   beside the `/healthz` ceiling
#   (`baedal-load pages`), and the server's memory after them;
# - Lighthouse mobile scores, five runs per page (bench/lighthouse/run.mjs);
#   BAEDAL_LIGHTHOUSE_RUNS=0 leaves them out.
# Before the pages are asked for, the database is given a history of
# BAEDAL_BENCH_HISTORY completed orders (300,000 unless set; 0 for none),
# one in a thousand of them customer1's, the signed-in customer's, of
# coupons used, reviews, saved addresses and notifications: a signed-in page
# reads what the customer has ordered and the coupons they may use, the
# store list and a store's page their reviews' stars, and a read that walks
# every order, every use of a coupon or every review shows only on a
# database that has many.
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
  BAEDAL_SIGN_UPS_PER_HOUR=100000 \
  BAEDAL_ORDERS_PER_MINUTE=100000 \
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

# The history, the same on both engines: 20,000 more customers; completed
# orders spread over them and the stores, every thousandth customer1's; two
# coupons per store, the first used with each of the first 20,000 orders
# (not customer1's); a review of every third order, every other one replied
# to; two saved addresses for each of the 20,000; an in-app notification of
# each order, read. SQLite's shell and PostgreSQL both have generate_series,
# whose column is `value` in SQLite.
HISTORY="${BAEDAL_BENCH_HISTORY:-300000}"
if [[ "$ENGINE" == sqlite ]]; then
  command -v sqlite3 > /dev/null || { echo "error: sqlite3 not found; run make setup" >&2; exit 1; }
  sql() { sqlite3 -cmd '.timeout 10000' "$DB_DIR/bench.db" "$@"; }
  SERIES=g
else
  sql() { psql -q -tA -v ON_ERROR_STOP=1 "$DATABASE_URL" "$@"; }
  SERIES='g(value)'
fi
if [[ "$HISTORY" != 0 ]]; then
  sql <<SQL
BEGIN;
INSERT INTO accounts (email, display_name, role, password_hash, created_at)
SELECT 'history' || g.value || '@baedal.bench', '손님', 'customer', '-', 0
FROM generate_series(1, 20000) AS $SERIES;
INSERT INTO orders (customer_id, store_id, status, subtotal, total, delivery_address,
                    delivery_lat, delivery_lon, placed_at, updated_at, idempotency_key)
SELECT CASE WHEN g.value % 1000 = 0
            THEN (SELECT id FROM accounts WHERE email = 'customer1@baedal.demo')
            ELSE (SELECT MIN(id) FROM accounts WHERE email LIKE 'history%@baedal.bench')
                 + g.value % 20000 END,
       (SELECT MIN(id) FROM stores) + g.value % (SELECT COUNT(*) FROM stores),
       'completed', 18000, 21000, 'bench history', 37.55, 126.92,
       1700000000000 + g.value * 1000, 1700000000000 + g.value * 1000 + 1800000,
       'bench-history-' || g.value
FROM generate_series(1, $HISTORY) AS $SERIES;
INSERT INTO coupons (store_id, discount_kind, discount_value, min_order, expires_at,
                     quantity, issued_at, code)
SELECT s.id, 'fixed', 1000, 0, 4102444800000, 1000000, 0, 'HISTORY' || g.value
FROM stores s, generate_series(1, 2) AS $SERIES;
INSERT INTO coupon_redemptions (coupon_id, customer_id, order_id, redeemed_at)
SELECT c.id, o.customer_id, o.id, o.placed_at
FROM orders o JOIN coupons c ON c.store_id = o.store_id AND c.code = 'HISTORY1'
WHERE o.delivery_address = 'bench history' AND o.placed_at <= 1700000000000 + 20000 * 1000
  AND o.customer_id <> (SELECT id FROM accounts WHERE email = 'customer1@baedal.demo');
UPDATE coupons SET taken = (SELECT COUNT(*) FROM coupon_redemptions r WHERE r.coupon_id = coupons.id);
INSERT INTO reviews (order_id, store_id, customer_id, stars, text, created_at, reply, replied_at)
SELECT id, store_id, customer_id, CASE WHEN id % 7 = 0 THEN 3 WHEN id % 4 = 0 THEN 4 ELSE 5 END,
       '잘 먹었습니다. 다음에 또 시킬게요.', updated_at + 3600000,
       CASE WHEN id % 2 = 0 THEN '감사합니다!' END,
       CASE WHEN id % 2 = 0 THEN updated_at + 7200000 END
FROM orders WHERE delivery_address = 'bench history' AND id % 3 = 0;
UPDATE stores SET review_count = (SELECT COUNT(*) FROM reviews r WHERE r.store_id = stores.id),
                  star_total = (SELECT COALESCE(SUM(stars), 0) FROM reviews r WHERE r.store_id = stores.id);
INSERT INTO addresses (customer_id, label, address, lat, lon, created_at)
SELECT a.id, CASE WHEN g.value = 1 THEN '집' ELSE '회사' END, '서울 마포구 와우산로 94',
       37.5509 + g.value * 0.001, 126.9227, 0
FROM accounts a, generate_series(1, 2) AS $SERIES
WHERE a.email LIKE 'history%@baedal.bench';
INSERT INTO outbox (order_id, recipient_id, channel, message, dedupe_key, state,
                    next_attempt_at, created_at, sent_at)
SELECT id, customer_id, 'in_app', '주문이 배달되었어요.', 'bench-history-' || id, 'sent',
       updated_at, updated_at, updated_at
FROM orders WHERE delivery_address = 'bench history';
INSERT INTO notifications (outbox_id, recipient_id, href, message, created_at, read_at)
SELECT id, recipient_id, '/orders/' || order_id, message, created_at, created_at + 60000
FROM outbox WHERE dedupe_key LIKE 'bench-history-%';
COMMIT;
SQL
  # PostgreSQL plans from the statistics of its tables, which autovacuum
  # would gather in time.
  [[ "$ENGINE" == sqlite ]] || sql -c "ANALYZE"
  echo "The database holds $(sql <<< "SELECT COUNT(*) FROM orders WHERE status = 'completed'") completed orders, $(sql <<< "SELECT COUNT(*) FROM accounts WHERE role = 'customer'") customers, $(sql <<< "SELECT COUNT(*) FROM coupon_redemptions") coupons used ($(sql <<< "SELECT COUNT(*) FROM coupons") coupons), $(sql <<< "SELECT COUNT(*) FROM reviews") reviews, $(sql <<< "SELECT COUNT(*) FROM addresses") saved addresses and $(sql <<< "SELECT COUNT(*) FROM notifications") notifications."
  echo
fi

server_memory() {
  local status="/proc/$SERVER_PID/status"
  echo "- Server memory after the pages: $(awk '/^VmRSS/ { print int($2 / 1024) }' "$status") MB resident, $(awk '/^VmHWM/ { print int($2 / 1024) }' "$status") MB at most."
}

if [[ "$ENGINE" == postgres ]]; then
  echo "On PostgreSQL: pages per second only."
  echo
  "$LOADGEN" pages --base "http://$ADDR" "$@"
  server_memory
  exit 0
fi

node bench/first_visit.mjs
echo
if command -v twiggy > /dev/null 2>&1 || [[ -x "${CARGO_HOME:-$HOME/.cargo}/bin/twiggy" ]]; then
  node bench/wasm_weight.mjs
  echo
fi
"$LOADGEN" pages --base "http://$ADDR" "$@"
server_memory
echo
if [[ "${BAEDAL_LIGHTHOUSE_RUNS:-5}" != 0 ]]; then
  node bench/lighthouse/run.mjs
fi
