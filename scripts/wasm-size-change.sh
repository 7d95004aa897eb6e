#!/usr/bin/env bash
# Prints how much the participant's .wasm grew (brotli, as sent) since BASE (default: where this branch
# left main). The base is built from a copy of its files (git archive) in target/size-base, with the
# same toolchain (scripts/trunk-release.sh) and Trunk.toml, and a target directory of its own (two checkouts of one workspace must
# not share one), so only the code differs. Run after `make build-pwa`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
base=${1:-$(git merge-base HEAD main)}
dir=target/size-base
rm -rf "$dir" && mkdir -p "$dir"
git archive "$base" | tar -x -C "$dir"
ln -s "$PWD/node_modules" "$dir/node_modules"
export PATH="$PWD/node_modules/.bin:$PATH"
(cd "$dir" && CARGO_TARGET_DIR="$PWD/../size-base-target" "$root/scripts/trunk-release.sh" --dist dist >../size-base.log 2>&1) || { cat target/size-base.log; exit 1; }
brotli_size() { node -e "const z=require('zlib'),f=require('fs');const b=f.readFileSync(process.argv[1]);console.log(z.brotliCompressSync(b,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11,[z.constants.BROTLI_PARAM_SIZE_HINT]:b.length}}).length)" "$1"; }
before=$(brotli_size "$(ls "$dir"/dist/steady-*_bg.wasm | grep -v steady-staff)")
after=$(brotli_size "$(ls dist/steady-*_bg.wasm | grep -v steady-staff)")
awk -v b="$before" -v a="$after" -v rev="${base:0:10}" 'BEGIN {
  printf "participant .wasm, brotli: %.1f KB at %s, %.1f KB now: %+.1f KB (target: +15 KB or less)\n", b / 1024, rev, a / 1024, (a - b) / 1024 }'
