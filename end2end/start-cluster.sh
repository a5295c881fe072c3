#!/usr/bin/env bash
# Starts the release build as three instances on a fresh PostgreSQL database
# behind nginx on 127.0.0.1:3180 (scripts/run-cluster.sh), for the cluster's
# browser tests (playwright.cluster.config.ts).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
server=$(bash scripts/postgres.sh start)
stop() { bash scripts/postgres.sh stop; }
trap stop EXIT
trap 'exit 143' TERM INT
psql -q "$server" -c "DROP DATABASE IF EXISTS e2e_cluster WITH (FORCE)" -c "CREATE DATABASE e2e_cluster"

export BAEDAL_CLUSTER_DATABASE_URL="${server%/*}/e2e_cluster"
export BAEDAL_CLUSTER_PORT=3180
export BAEDAL_SIGN_IN_PER_MINUTE=600
export RUST_LOG=warn
bash scripts/run-cluster.sh
