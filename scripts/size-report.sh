#!/usr/bin/env bash
# Prints what a participant's first visit downloads (gzipped, as served over the network) and the size
# of Steady for staff, and fails if the participant's .wasm is over the limit in KB given as $1.
set -euo pipefail
limit_kb="${1:-300}"
cd "$(dirname "$0")/../dist"
gz() { gzip -9c "$1" | wc -c; }
total=0
printf '%-45s %10s %10s\n' "participant's first visit" bytes gzipped
for f in $(find . -type f ! -name 'staff.html' ! -name 'steady-staff-*' | sort); do
  raw=$(wc -c < "$f"); z=$(gz "$f"); total=$((total + z))
  printf '%-45s %10d %10d\n' "${f#./}" "$raw" "$z"
done
wasm=$(gz "$(ls ./steady-*_bg.wasm | grep -v steady-staff)")
staff=0
for f in staff.html steady-staff-*; do staff=$((staff + $(gz "$f"))); done
awk -v w="$wasm" -v t="$total" -v l="$limit_kb" -v s="$staff" 'BEGIN {
  printf "\nparticipant .wasm gzipped: %.1f KB (limit %d KB, aim 200 KB)\n", w / 1024, l
  printf "participant first visit (all of the above, precached by the service worker), gzipped: %.1f KB\n", t / 1024
  printf "Steady for staff (staff.html, its .js and .wasm; never downloaded by participants), gzipped: %.1f KB\n", s / 1024 }'
if [ "$wasm" -gt $((limit_kb * 1024)) ]; then
  echo "The participant's .wasm is over the ${limit_kb} KB budget." >&2
  exit 1
fi
