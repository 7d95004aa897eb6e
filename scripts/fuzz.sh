#!/usr/bin/env bash
# Fuzzes Steady's parsers with cargo-fuzz (libFuzzer) for a bounded time per target, starting from
# the seeds in fuzz/seeds and keeping what it learns in fuzz/corpus (not committed). Not part of
# `make test`: it needs the nightly toolchain. Installs nightly and cargo-fuzz if missing.
#   FUZZ_SECONDS=120 scripts/fuzz.sh     (default 60 seconds per target)
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-60}"

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "==> installing the nightly toolchain (cargo-fuzz needs it)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

summary=()
for target in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$target"
  log="corpus/$target.log"
  echo "==> $target for ${seconds}s"
  if ! cargo +nightly fuzz run "$target" "corpus/$target" "seeds/$target" -- \
      -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "FAILED: $target found a crash; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  runs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log")
  summary+=("$(printf '%-16s %4ss  %12s runs  no crashes' "$target" "$seconds" "$runs")")
done
printf '%s\n' "${summary[@]}"
