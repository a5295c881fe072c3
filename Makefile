# Baedal developer tasks. Run `make help` for an overview.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
E2E_DIR := $(ROOT)/end2end

# wasm-opt (binaryen) and Playwright come from end2end/node_modules; cargo
# tools from ~/.cargo/bin.
CARGO_BIN := $(if $(CARGO_HOME),$(CARGO_HOME),$(HOME)/.cargo)/bin
BUILD_PATH := $(E2E_DIR)/node_modules/.bin:$(CARGO_BIN):$(PATH)

.PHONY: help setup run run-cluster build-release test e2e check check-format check-wasm bench-live bench-orders bench-fanout bench-web

help:
	@echo "Targets:"
	@echo "  setup          install toolchain pieces (wasm target, cargo-leptos, wasm-bindgen, chromium, npm deps)"
	@echo "  run            build and serve the app in release mode with demo data (http://127.0.0.1:3000)"
	@echo "  run-cluster    three instances on PostgreSQL behind nginx, with demo data (http://127.0.0.1:8080)"
	@echo "  build-release  cargo leptos build --release --precompress --split, front end and server side by side"
	@echo "  test           the checks of 'check', unit/integration tests (the server's on SQLite and PostgreSQL), release build, end-to-end tests"
	@echo "  e2e            Playwright end-to-end tests against an existing release build, then on three instances behind nginx"
	@echo "  check          rustfmt, clippy (server and wasm), wasm build of the domain crate"
	@echo "  bench-live     commit-to-browser latency of live updates"
	@echo "  bench-orders   orders per second and latency beside the /healthz ceiling (SQLite; PostgreSQL with one and three instances behind nginx), and the long crash run"
	@echo "  bench-fanout   commit-to-stream latency with 10,000 live streams, memory per stream, a reconnect storm"
	@echo "  bench-web      bytes of a first visit, what the main wasm is made of, pages per second beside /healthz (SQLite, then PostgreSQL), Lighthouse mobile scores"

setup:
	bash "$(ROOT)/scripts/setup.sh"

# What a release build is made of. `run` builds only when one of them is
# newer than the last release build: cargo-leptos regenerates the front
# end's JS and wasm on every build, even when nothing changed, which takes
# minutes on two cores.
RELEASE_SOURCES := $(addprefix $(ROOT)/,$(shell cd "$(ROOT)" && find app domain server style -type f -not -path '*/target/*' 2>/dev/null) Cargo.toml Cargo.lock)
RELEASE_STAMP := $(ROOT)/target/release/.release-built

# Serves the release build, the same binary and site the tests and
# benchmarks use, rebuilt first only when the sources changed.
run: setup $(RELEASE_STAMP)
	cd "$(ROOT)" && BAEDAL_DEMO=1 LEPTOS_OUTPUT_NAME=baedal LEPTOS_SITE_ROOT=target/site \
	  LEPTOS_SITE_PKG_DIR=pkg LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_ENV=PROD \
	  target/release/server

# The same release build as three instances on one PostgreSQL database
# (a private cluster unless BAEDAL_CLUSTER_DATABASE_URL names one) behind
# nginx; Ctrl-C stops them all.
run-cluster: setup $(RELEASE_STAMP)
	cd "$(ROOT)" && bash scripts/run-cluster.sh

$(RELEASE_STAMP): $(RELEASE_SOURCES)
	cd "$(ROOT)" && PATH="$(BUILD_PATH)" bash scripts/build-release.sh
	touch "$@"

build-release: setup
	cd "$(ROOT)" && PATH="$(BUILD_PATH)" bash scripts/build-release.sh
	touch "$(RELEASE_STAMP)"

# The workspace's own crates are compiled by clippy-driver (rustc with
# Clippy's lints), warnings denied (scripts/clippy-rustc.sh), so that
# linting them, which `check` does over a `cargo check` of its own, and
# building them and their tests are one compilation instead of two.
LINTED := RUSTC_WORKSPACE_WRAPPER="$(ROOT)/scripts/clippy-rustc.sh"

# The static checks of `check`: every target of the workspace built and
# linted (the tests' builds are then those `cargo test` runs), then every
# suite on SQLite, then the server's suite again on PostgreSQL; the
# PostgreSQL tests start a private cluster (scripts/postgres.sh), stopped
# at the end. `--workspace` and the same compiler each time, so nothing is
# built twice.
test: setup check-format check-wasm
	cd "$(ROOT)" && trap 'bash scripts/postgres.sh stop' EXIT && \
	  $(LINTED) cargo build --workspace --all-targets && \
	  $(LINTED) cargo test --workspace && \
	  $(LINTED) BAEDAL_TEST_ENGINE=postgres cargo test --workspace --test api
	$(MAKE) -C "$(ROOT)" build-release
	$(MAKE) -C "$(ROOT)" e2e

e2e:
	@test -x "$(E2E_DIR)/node_modules/.bin/playwright" || { echo "error: Playwright is not installed; run 'make setup'" >&2; exit 1; }
	cd "$(E2E_DIR)" && PATH="$(BUILD_PATH)" npx --no playwright test
	cd "$(E2E_DIR)" && trap 'bash "$(ROOT)/scripts/postgres.sh" stop' EXIT && \
	  PATH="$(BUILD_PATH)" npx --no playwright test -c playwright.cluster.config.ts

check: check-format check-wasm
	cd "$(ROOT)" && cargo clippy --workspace --all-targets -- -D warnings

check-format:
	cd "$(ROOT)" && cargo fmt --all -- --check

# The browser's build linted, and the domain crate built for wasm32.
check-wasm:
	cd "$(ROOT)" && cargo clippy -p app --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings
	cd "$(ROOT)" && cargo build -p domain --target wasm32-unknown-unknown

bench-live: build-release
	cd "$(ROOT)" && bash bench/live-latency.sh

bench-orders: build-release
	cd "$(ROOT)" && cargo build --release -p loadgen
	cd "$(ROOT)" && cargo run --release -p storage-sqlite --example round_trip
	cd "$(ROOT)" && bash bench/orders.sh
	cd "$(ROOT)" && BENCH_ENGINE=postgres bash bench/orders.sh
	cd "$(ROOT)" && BENCH_ENGINE=postgres BENCH_INSTANCES=3 bash bench/orders.sh
	cd "$(ROOT)" && bash scripts/postgres.sh stop
	cd "$(ROOT)" && BAEDAL_CRASH_CYCLES=20 cargo test -p server --test api crash -- --nocapture

bench-fanout: build-release
	cd "$(ROOT)" && cargo build --release -p loadgen
	cd "$(ROOT)" && bash bench/fanout.sh

bench-web: build-release
	cd "$(ROOT)" && cargo build --release -p loadgen
	@test -d "$(ROOT)/bench/lighthouse/node_modules/lighthouse" || (cd "$(ROOT)/bench/lighthouse" && npm ci --no-audit --no-fund)
	@test -x "$(CARGO_BIN)/twiggy" || cargo install twiggy --version 0.8.0 --locked
	cd "$(ROOT)" && bash bench/web.sh
	cd "$(ROOT)" && trap 'bash scripts/postgres.sh stop' EXIT && BENCH_ENGINE=postgres bash bench/web.sh
