#!/usr/bin/env bash
# A private PostgreSQL cluster for tests, benchmarks and `make run-cluster`:
# Debian's server binaries, a data folder under target/postgres, loopback
# only, no system service. Nothing is written outside the repository.
#
#   scripts/postgres.sh start   start it (creating it first), print its URL
#   scripts/postgres.sh stop    stop it
#   scripts/postgres.sh url     print its URL
#
# Environment:
#   BAEDAL_POSTGRES_PORT   the port it listens on (default 15432)
#   BAEDAL_POSTGRES_DIR    its folder (default target/postgres)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Below the kernel's range of ports for outgoing connections (32768 and up
# here), which a busy test run can hold at the moment the server binds.
PORT="${BAEDAL_POSTGRES_PORT:-15432}"
DIR="${BAEDAL_POSTGRES_DIR:-$ROOT/target/postgres}"
DATA="$DIR/data"
URL="postgres://baedal@127.0.0.1:$PORT/postgres"

die() { printf 'error: %s\n' "$*" >&2; exit 1; }

bindir() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [[ -n "$found" && -x "$found/postgres" ]] \
    || die "PostgreSQL's server is not installed; run 'make setup' (Debian package postgresql)"
  printf '%s' "$found"
}

# The server refuses to run as root: as root, it runs as Debian's `postgres`
# user, which owns the data folder.
as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

running() {
  [[ -f "$DATA/postmaster.pid" ]] && as_owner "$(bindir)/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  local bin
  bin="$(bindir)"
  mkdir -p "$DIR"
  if [[ "$(id -u)" -eq 0 ]]; then
    chown postgres: "$DIR"
    # The server's user must be able to reach its folder.
    chmod o+x "$ROOT" "$ROOT/target" 2>/dev/null || true
  fi
  if [[ ! -f "$DATA/PG_VERSION" ]]; then
    as_owner "$bin/initdb" -D "$DATA" -U baedal --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
  fi
  if ! running; then
    as_owner "$bin/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories='$DIR' -c max_connections=400 -c shared_buffers=256MB" \
      >/dev/null \
      || { tail -20 "$DIR/server.log" >&2; die "PostgreSQL did not start"; }
  fi
  printf '%s\n' "$URL"
}

stop() {
  if running; then
    as_owner "$(bindir)/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) printf '%s\n' "$URL" ;;
  *) die "usage: $0 start|stop|url" ;;
esac
