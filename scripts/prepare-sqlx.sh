#!/usr/bin/env bash
# Regenerates .sqlx/, the offline data of the checked SQL queries, from a
# scratch database built from the migrations. Run it after changing a query
# or a migration; commit the result. Needs the sqlite3 command.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for migration in server/migrations/*.sql; do
  sqlite3 "$scratch/schema.db" < "$migration"
done
rm -rf .sqlx && mkdir .sqlx
touch server/src/lib.rs
SQLX_OFFLINE=false DATABASE_URL="sqlite://$scratch/schema.db" cargo check -p server --all-targets
echo "wrote $(ls .sqlx | wc -l) query files to .sqlx/"
