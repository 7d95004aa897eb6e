#!/usr/bin/env bash
# Prints what the lock (issue 14: PIN lock, encryption at rest, fingerprint or face unlock, Quick exit)
# costs the participant's .wasm, in brotli as sent: this tree's .wasm against the same tree built with
# the lock's entry points cut out (scripts/lock_cut.py says what is cut). Built from a copy (git
# archive of HEAD) in target/lock-cut, with the same toolchain and a target directory of its own. Run
# after `make build-pwa`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dir=target/lock-cut
rm -rf "$dir" && mkdir -p "$dir"
git archive HEAD | tar -x -C "$dir"
python3 scripts/lock_cut.py "$dir"
ln -s "$root/node_modules" "$dir/node_modules"
export PATH="$root/node_modules/.bin:$PATH"
(cd "$dir" && CARGO_TARGET_DIR="$root/target/lock-cut-target" "$root/scripts/trunk-release.sh" --dist dist \
  >../lock-cut.log 2>&1) || { cat target/lock-cut.log; exit 1; }
# Compressed as the server sends it (scripts/compress.mjs writes the .br copies; build-pwa already did here).
node scripts/compress.mjs "$dir/dist" >/dev/null
wasm_br() { stat -c %s "$(ls "$1"/steady-*_bg.wasm.br | grep -v steady-staff)"; }
without=$(wasm_br "$dir/dist")
with=$(wasm_br dist)
awk -v w="$with" -v o="$without" 'BEGIN {
  printf "the lock in the participant .wasm, brotli: %.1f KB with it, %.1f KB without: %+.1f KB (target: +15 KB or less)\n", w / 1024, o / 1024, (w - o) / 1024 }'
