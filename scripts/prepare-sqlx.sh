#!/usr/bin/env bash
# Regenerates the offline data of the checked SQL queries (each engine's
# .sqlx/) from a scratch database built from that engine's migrations. Run it
# after changing a query or a migration; commit the result. Needs the sqlite3
# command, and PostgreSQL's server (scripts/postgres.sh starts a private one).
#
#   scripts/prepare-sqlx.sh [sqlite|postgres]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

prepare() {
  local engine=$1 url=$2
  rm -rf "$engine/.sqlx" && mkdir "$engine/.sqlx"
  touch "$engine/src/lib.rs"
  SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$PWD/$engine/.sqlx" DATABASE_URL="$url" \
    cargo check -p "$(basename "$engine")" --all-targets --all-features
  echo "wrote $(ls "$engine/.sqlx" | wc -l) query files to $engine/.sqlx/"
}

sqlite() {
  local engine=server/storage-sqlite
  for migration in "$engine"/migrations/*.sql; do
    sqlite3 "$scratch/schema.db" < "$migration"
  done
  prepare "$engine" "sqlite://$scratch/schema.db"
}

postgres() {
  local engine=server/storage-postgres server database=sqlx_schema
  server=$(bash scripts/postgres.sh start)
  psql -q -v ON_ERROR_STOP=1 "$server" -c "DROP DATABASE IF EXISTS $database" \
    -c "CREATE DATABASE $database"
  local url="${server%/*}/$database"
  for migration in "$engine"/migrations/*.sql; do
    psql -q -v ON_ERROR_STOP=1 "$url" -f "$migration"
  done
  prepare "$engine" "$url"
}

case "${1:-both}" in
  sqlite) sqlite ;;
  postgres) postgres ;;
  both) sqlite; postgres ;;
  *) echo "usage: $0 [sqlite|postgres]" >&2; exit 2 ;;
esac
