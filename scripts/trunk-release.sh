#!/usr/bin/env bash
# `trunk build --release` (options passed on) on the pinned nightly, which rebuilds the standard
# library for the app (-Zbuild-std) with panics that stop at once instead of formatting a message
# first: no panic machinery and far less formatting code in the .wasm (the participant's was 23.7 KB
# brotli smaller, 2026-11-26). A panic then shows in the console as "unreachable", without its message.
# The library's `optimize_for_size` picks its smaller algorithms (a plain merge sort, still n log n):
# 2.4 KB brotli less.
set -euo pipefail
source "$(dirname "$0")/release-toolchain.sh"
export RUSTUP_TOOLCHAIN="$release_toolchain"
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
# For the app only: with --target set (Trunk sets it), build scripts and proc macros ignore RUSTFLAGS.
export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
exec trunk build --release "$@"
