#!/usr/bin/env bash
# The release build: `cargo leptos build --release --precompress --split`,
# with the front end and the server built side by side. cargo-leptos builds
# them one after the other when files are hashed or precompressed, so that
# a server could embed them; Baedal's server reads them from the site folder
# when it runs, so both halves can run at once. The front end's last steps
# (link-time optimisation, wasm-opt, compression) use about one core, which
# leaves the other to the server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

FLAGS=(--release --precompress --split)

cargo leptos build "${FLAGS[@]}" --frontend-only &
front=$!
stop_front() { kill "$front" 2>/dev/null || true; }
trap stop_front EXIT INT TERM

server_status=0
cargo leptos build "${FLAGS[@]}" --server-only || server_status=$?
front_status=0
wait "$front" || front_status=$?
trap - EXIT INT TERM

if (( front_status != 0 )); then
  echo "error: the front end's release build failed" >&2
  exit "$front_status"
fi
if (( server_status != 0 )); then
  echo "error: the server's release build failed" >&2
  exit "$server_status"
fi
