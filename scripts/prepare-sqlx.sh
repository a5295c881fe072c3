#!/usr/bin/env bash
# Regenerates the offline data of the checked SQL queries (each engine's
# .sqlx/) from a scratch database built from that engine's migrations. Run it
# after changing a query or a migration; commit the result. Needs the sqlite3
# command.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

engine=server/storage-sqlite
for migration in "$engine"/migrations/*.sql; do
  sqlite3 "$scratch/schema.db" < "$migration"
done
rm -rf "$engine/.sqlx" && mkdir "$engine/.sqlx"
touch "$engine/src/lib.rs"
SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$PWD/$engine/.sqlx" DATABASE_URL="sqlite://$scratch/schema.db" \
  cargo check -p storage-sqlite --all-targets
echo "wrote $(ls "$engine/.sqlx" | wc -l) query files to $engine/.sqlx/"
