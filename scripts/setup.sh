#!/usr/bin/env bash
# Installs everything needed to build, run and test Baedal.
#
# Idempotent: each step is skipped when its tool is already present.
# Safe to run non-interactively (CI, no tty, as root).
#
# Environment:
#   SETUP_SKIP_CARGO_INSTALL=1   skip the `cargo install` steps (cargo-leptos,
#                                wasm-bindgen-cli); useful for quick checks.
#   SETUP_SKIP_APT=1             never call apt-get.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CARGO_LEPTOS_VERSION="0.3.10"
BINARYEN_MARKER="end2end/node_modules/.bin/wasm-opt"
NPM_STAMP="end2end/node_modules/.setup.stamp"

if [[ -d "${CARGO_HOME:-$HOME/.cargo}/bin" ]]; then
  export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
fi

step() { printf '==> %s\n' "$*"; }
ok()   { printf '    %s\n' "$*"; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

need() { command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH${2:+ ($2)}"; }

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "need root (or passwordless sudo) to run: $*"
  fi
}

skip_cargo_install() { [[ "${SETUP_SKIP_CARGO_INSTALL:-0}" == "1" ]]; }

# --- 0. OpenSSL headers (Web Push payload encryption links OpenSSL) --------
step "OpenSSL development files and pkg-config"
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists openssl; then
  ok "already installed (OpenSSL $(pkg-config --modversion openssl))"
elif [[ "${SETUP_SKIP_APT:-0}" == "1" ]]; then
  ok "skipped (SETUP_SKIP_APT=1); the server build needs libssl-dev and pkg-config"
else
  need apt-get "install libssl-dev and pkg-config manually"
  if ! apt-cache policy libssl-dev 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q libssl-dev pkg-config </dev/null
  pkg-config --exists openssl || die "libssl-dev was installed but pkg-config does not find openssl"
  ok "installed"
fi

# --- 1. wasm32 target ------------------------------------------------------
step "Rust target wasm32-unknown-unknown"
need rustup "install Rust via https://rustup.rs"
if rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
  ok "already installed"
else
  rustup target add wasm32-unknown-unknown
  ok "installed"
fi

# --- 1b. Rust components ----------------------------------------------------
# rust-src: the release build compiles the browser's copy of the standard
# library with the app (scripts/build-release.sh). clippy and rustfmt:
# `make check` and `make test` lint with Clippy and check the formatting.
for component in rust-src clippy rustfmt; do
  step "Rust component ${component}"
  # Listed as `rust-src`, or with the host's triple (`clippy-x86_64-...`).
  if rustup component list --installed | grep -qE "^${component}(-|\$)"; then
    ok "already installed"
  else
    rustup component add "${component}"
    ok "installed"
  fi
done

# --- 2. cargo-leptos -------------------------------------------------------
step "cargo-leptos ${CARGO_LEPTOS_VERSION}"
need cargo
current_leptos="$(cargo leptos --version 2>/dev/null || true)"
if grep -qw "${CARGO_LEPTOS_VERSION//./\\.}" <<<"$current_leptos"; then
  ok "already installed (${current_leptos})"
elif skip_cargo_install; then
  ok "skipped (SETUP_SKIP_CARGO_INSTALL=1; found: ${current_leptos:-none})"
else
  # Newer cargo-leptos releases require a newer rustc; --locked keeps the
  # dependency set that is known to build.
  cargo install cargo-leptos --version "${CARGO_LEPTOS_VERSION}" --locked
  ok "installed"
fi

# --- 3. wasm-bindgen-cli (must match the wasm-bindgen crate in Cargo.lock) --
step "wasm-bindgen-cli"
if [[ ! -f Cargo.lock ]]; then
  if skip_cargo_install; then
    ok "skipped (SETUP_SKIP_CARGO_INSTALL=1 and no Cargo.lock yet)"
  else
    ok "Cargo.lock missing, generating it"
    cargo generate-lockfile
  fi
fi
if [[ -f Cargo.lock ]]; then
  wb_version="$(awk '
    /^\[\[package\]\]/ { in_pkg = 1; name = ""; next }
    in_pkg && /^name = / { name = $3; gsub(/"/, "", name); next }
    in_pkg && /^version = / && name == "wasm-bindgen" { v = $3; gsub(/"/, "", v); print v; exit }
  ' Cargo.lock)"
  [[ -n "$wb_version" ]] || die "could not find the wasm-bindgen crate in Cargo.lock"
  current_wb="$(wasm-bindgen --version 2>/dev/null || true)"
  if [[ "$current_wb" == "wasm-bindgen ${wb_version}" || "$current_wb" == "wasm-bindgen ${wb_version} "* ]]; then
    ok "already installed (${wb_version})"
  elif skip_cargo_install; then
    ok "skipped (SETUP_SKIP_CARGO_INSTALL=1; need ${wb_version}, found: ${current_wb:-none})"
  else
    # No --locked: the CLI's own lockfile pins crates that no longer build.
    cargo install wasm-bindgen-cli --version "${wb_version}"
    ok "installed ${wb_version}"
  fi
fi

# --- 4. Chromium (used by Playwright) --------------------------------------
step "Chromium"
if [[ -x /usr/bin/chromium ]]; then
  ok "already installed (/usr/bin/chromium)"
elif [[ "${SETUP_SKIP_APT:-0}" == "1" ]]; then
  ok "skipped (SETUP_SKIP_APT=1); end-to-end tests need /usr/bin/chromium"
else
  need apt-get "install Chromium manually at /usr/bin/chromium"
  export DEBIAN_FRONTEND=noninteractive
  candidate="$(apt-cache policy chromium 2>/dev/null | awk '/Candidate:/ { print $2 }')"
  if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium </dev/null
  [[ -x /usr/bin/chromium ]] || die "chromium was installed but /usr/bin/chromium is missing"
  ok "installed"
fi

# --- 4b. PostgreSQL's server (tests start a private cluster of their own) ----
step "PostgreSQL server"
if ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  ok "already installed ($(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1))"
elif [[ "${SETUP_SKIP_APT:-0}" == "1" ]]; then
  ok "skipped (SETUP_SKIP_APT=1); the PostgreSQL tests need Debian's postgresql package"
else
  need apt-get "install PostgreSQL's server (Debian package postgresql)"
  # Only the binaries: no cluster of the system's and no service.
  as_root mkdir -p /etc/postgresql-common
  if ! grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf; then
    echo 'create_main_cluster = false' | as_root tee -a /etc/postgresql-common/createcluster.conf >/dev/null
  fi
  candidate="$(apt-cache policy postgresql 2>/dev/null | awk '/Candidate:/ { print $2 }')"
  if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql </dev/null
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || die "postgresql was installed but its server is missing"
  ok "installed"
fi

# --- 4c. nginx (the gateway of `make run-cluster` and its tests) ----------
step "nginx"
if command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]]; then
  ok "already installed"
elif [[ "${SETUP_SKIP_APT:-0}" == "1" ]]; then
  ok "skipped (SETUP_SKIP_APT=1); make run-cluster needs Debian's nginx-light package"
else
  need apt-get "install nginx (Debian package nginx-light)"
  # Only the binary: the package's service is not started.
  policy_added=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  candidate="$(apt-cache policy nginx-light 2>/dev/null | awk '/Candidate:/ { print $2 }')"
  if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light </dev/null
  if [[ "$policy_added" == 1 ]]; then as_root rm -f /usr/sbin/policy-rc.d; fi
  [[ -x /usr/sbin/nginx ]] || die "nginx-light was installed but /usr/sbin/nginx is missing"
  ok "installed"
fi

# --- 4d. sqlite3 (`make bench-web` gives its database a history of orders) --
step "sqlite3 command-line shell"
if command -v sqlite3 >/dev/null 2>&1; then
  ok "already installed ($(sqlite3 --version | cut -d' ' -f1))"
elif [[ "${SETUP_SKIP_APT:-0}" == "1" ]]; then
  ok "skipped (SETUP_SKIP_APT=1); make bench-web needs Debian's sqlite3 package"
else
  need apt-get "install sqlite3 (Debian package sqlite3)"
  candidate="$(apt-cache policy sqlite3 2>/dev/null | awk '/Candidate:/ { print $2 }')"
  if [[ -z "$candidate" || "$candidate" == "(none)" ]]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q sqlite3 </dev/null
  command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 was installed but is not on PATH"
  ok "installed"
fi

# --- 5. end2end npm dependencies (Playwright, binaryen/wasm-opt) -----------
step "npm dependencies in end2end/"
need npm "install Node.js 20 or newer"
lock_hash() {
  cat end2end/package.json end2end/package-lock.json 2>/dev/null | sha256sum | cut -d' ' -f1
}
want_stamp="$(lock_hash)"
if [[ -f "$NPM_STAMP" && "$(cat "$NPM_STAMP")" == "$want_stamp" && -x "$BINARYEN_MARKER" ]]; then
  ok "up to date"
else
  (
    cd end2end
    export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
    if [[ -f package-lock.json ]]; then
      npm ci --no-audit --no-fund </dev/null
    else
      npm install --no-audit --no-fund </dev/null
    fi
  )
  [[ -x "$BINARYEN_MARKER" ]] || die "wasm-opt missing after npm install ($BINARYEN_MARKER)"
  lock_hash >"$NPM_STAMP"
  ok "installed"
fi
ok "wasm-opt: $("$BINARYEN_MARKER" --version 2>/dev/null || echo unknown)"

step "setup complete"
