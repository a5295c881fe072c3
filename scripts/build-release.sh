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

# The browser's code is built with its own copy of Rust's standard library,
# compiled for size with the app (`-Zbuild-std`, which needs the `rust-src`
# component that scripts/setup.sh installs), and with these flags:
#   -Cpanic=immediate-abort   a panic stops the module at once, without
#                             formatting a message or its location;
#   -Zlocation-detail=none    no file names or line numbers are kept for
#                             `#[track_caller]`;
#   -Zfmt-debug=none          `{:?}` prints nothing (nothing shown to a user
#                             is made with it).
# Together they take about 30 kB of brotli off the module every first visit
# loads (BENCHMARKS.md, "Bundle size"). They are unstable options of the
# toolchain in use, enabled for this build alone with RUSTC_BOOTSTRAP; the
# server, the tests and the development build are built as usual.
FRONT_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
RUSTC_BOOTSTRAP=1 \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$FRONT_RUSTFLAGS" \
  cargo leptos build "${FLAGS[@]}" --frontend-only \
  --lib-cargo-args=-Zbuild-std=std,panic_abort &
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
