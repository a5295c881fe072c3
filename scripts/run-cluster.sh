#!/usr/bin/env bash
# Runs Baedal as several instances on one PostgreSQL database behind nginx,
# with demo data: http://127.0.0.1:8080. Ctrl-C stops them all.
#
# The database is a private cluster (scripts/postgres.sh) unless
# BAEDAL_CLUSTER_DATABASE_URL names one (postgres://user:password@host:port/db,
# created beforehand; Baedal applies its migrations itself).
#
# Environment:
#   BAEDAL_CLUSTER_INSTANCES   how many instances (default 3, on ports 3001…)
#   BAEDAL_CLUSTER_PORT        the gateway's port (default 8080)
#   BAEDAL_CLUSTER_DATABASE_URL  an existing PostgreSQL database
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
INSTANCES="${BAEDAL_CLUSTER_INSTANCES:-3}"
PORT="${BAEDAL_CLUSTER_PORT:-8080}"
RUN="$ROOT/target/cluster"
SERVER="$ROOT/target/release/server"

die() { printf 'error: %s\n' "$*" >&2; exit 1; }
[[ -x "$SERVER" ]] || die "no release build; run 'make build-release' first"
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || die "nginx is not installed; run 'make setup'"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

pids=()
own_postgres=0
stop_all() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ "$own_postgres" == 1 ]]; then bash scripts/postgres.sh stop; fi
  echo "stopped"
}
trap stop_all EXIT INT TERM

if [[ -n "${BAEDAL_CLUSTER_DATABASE_URL:-}" ]]; then
  database="$BAEDAL_CLUSTER_DATABASE_URL"
else
  server=$(bash scripts/postgres.sh start)
  own_postgres=1
  if ! psql -qtA "$server" -c "SELECT 1 FROM pg_database WHERE datname = 'baedal'" | grep -q 1; then
    psql -q "$server" -c "CREATE DATABASE baedal"
  fi
  database="${server%/*}/baedal"
fi

mkdir -p "$RUN"
wait_healthy() {
  local port=$1
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "the instance on port $port did not start; see $RUN/instance-$port.log"
}

ports=()
for n in $(seq 1 "$INSTANCES"); do
  port=$((3000 + n))
  BAEDAL_DEMO=1 BAEDAL_DATABASE_URL="$database" BAEDAL_ADDR="127.0.0.1:$port" \
    BAEDAL_GATEWAY=127.0.0.1 \
    LEPTOS_OUTPUT_NAME=baedal LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
    LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_ENV=PROD \
    "$SERVER" >"$RUN/instance-$port.log" 2>&1 &
  pids+=($!)
  echo $! >"$RUN/instance-$port.pid"
  # The first instance migrates the database and seeds the demo data.
  wait_healthy "$port"
  ports+=("$port")
done

bash scripts/gateway-conf.sh "$RUN" "127.0.0.1:$PORT" "${ports[@]}"
"$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/error.log" -g 'daemon off;' &
pids+=($!)
wait_healthy "$PORT"

echo "Baedal on http://127.0.0.1:$PORT: $INSTANCES instances (ports 3001-$((3000 + INSTANCES))) on $database"
echo "Logs in $RUN. Ctrl-C stops them all."
# An instance that dies leaves the others serving, as behind any gateway.
wait || true
