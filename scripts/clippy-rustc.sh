#!/usr/bin/env bash
# rustc with Clippy's lints and warnings denied, for the workspace's own
# crates in `make test` (the Makefile's LINTED): Cargo runs it as
# `clippy-rustc.sh rustc ARGS...`, as `cargo clippy -- -D warnings` runs
# clippy-driver, but for a build that also produces the code. clippy-driver
# is rustc with Clippy's lint passes added; it is taken from the toolchain
# of the cargo that runs the build (Cargo names it in CARGO), else from
# PATH.
driver="${CARGO:+$(dirname "$CARGO")/clippy-driver}"
[[ -n "$driver" && -x "$driver" ]] || driver=clippy-driver
exec "$driver" "$@" -D warnings
