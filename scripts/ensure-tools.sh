#!/usr/bin/env bash
# Installs what building and testing Steady needs, skipping whatever is already there, so that a fresh
# Debian machine with only Rust, Node/npm and apt gets everything from the package registries.
#   scripts/ensure-tools.sh build    wasm32 target, the release nightly (scripts/release-toolchain.sh),
#                                    trunk, wasm-bindgen-cli, npm packages (wasm-opt)
#   scripts/ensure-tools.sh browser  the above, plus Debian's chromium and chromium-driver
#   scripts/ensure-tools.sh postgres Debian's PostgreSQL server (for the server tests against it) only
#   scripts/ensure-tools.sh python   Debian's python3-venv (virtualenvs for the FHIR validator, the API fuzz) only
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-build}"

say() { printf '==> %s\n' "$*"; }

apt_install() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$@"
}

if [ "$want" = postgres ]; then
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    say "installing Debian's PostgreSQL server"
    apt_install postgresql
  fi
  say "PostgreSQL ready"
  exit 0
fi

if [ "$want" = python ]; then
  # Debian's python3 has no ensurepip until python3-venv is installed, so `python3 -m venv` fails.
  if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
    say "installing Debian's python3-venv"
    apt_install python3-venv
  fi
  say "python3 venv ready"
  exit 0
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The release .wasm is built on a pinned nightly with the standard library's source (scripts/trunk-release.sh).
source scripts/release-toolchain.sh
if ! rustup run "$release_toolchain" rustc --version >/dev/null 2>&1 \
    || ! rustup component list --installed --toolchain "$release_toolchain" | grep -q '^rust-src' \
    || ! rustup target list --installed --toolchain "$release_toolchain" | grep -qx wasm32-unknown-unknown; then
  say "installing $release_toolchain with rust-src and the wasm32 target (for the release build)"
  rustup toolchain install "$release_toolchain" --profile minimal --component rust-src --target wasm32-unknown-unknown
fi

for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

# trunk 0.22 needs a newer rustc than 1.95; 0.21 builds offline with our Trunk.toml.
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
  say "installing trunk 0.21 (about 9 minutes on 2 cores)"
  cargo install trunk --locked --version '^0.21'
fi

# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock. No --locked: its own lock file names a
# webpki-roots release the registry mirror lacks.
bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
for config in Trunk.toml Trunk.staff.toml; do
  if ! grep -q "wasm_bindgen = \"$bindgen\"" "$config"; then
    echo "$config's wasm_bindgen does not match Cargo.lock ($bindgen)" >&2
    exit 1
  fi
done
if ! wasm-bindgen --version 2>/dev/null | grep -q " $bindgen\$" || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $bindgen"
  cargo install wasm-bindgen-cli --version "$bindgen" --force
fi

# wasm-opt (npm binaryen: Debian's is too old), playwright-core and axe-core, exactly as locked.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.steady-lock 2>/dev/null)" != "$lock_sum" ]; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund
  echo "$lock_sum" > node_modules/.steady-lock
fi

if [ "$want" = browser ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Debian's chromium and chromium-driver"
    apt_install chromium chromium-driver
  fi
fi
say "tools ready"
