#!/usr/bin/env bash
# Prints what a first visit downloads (gzipped, as served over the network) and fails if the .wasm is
# over the limit in KB given as $1.
set -euo pipefail
limit_kb="${1:-300}"
cd "$(dirname "$0")/../dist"
gz() { gzip -9c "$1" | wc -c; }
total=0
printf '%-40s %10s %10s\n' file bytes gzipped
for f in $(find . -type f | sort); do
  raw=$(wc -c < "$f"); z=$(gz "$f"); total=$((total + z))
  printf '%-40s %10d %10d\n' "${f#./}" "$raw" "$z"
done
wasm=$(gz "$(ls ./*.wasm)")
awk -v w="$wasm" -v t="$total" -v l="$limit_kb" 'BEGIN {
  printf "\n.wasm gzipped: %.1f KB (limit %d KB, aim 200 KB)\n", w / 1024, l
  printf "first visit (every file above, precached by the service worker), gzipped: %.1f KB\n", t / 1024 }'
if [ "$wasm" -gt $((limit_kb * 1024)) ]; then
  echo "The .wasm is over the ${limit_kb} KB budget." >&2
  exit 1
fi
