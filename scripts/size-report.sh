#!/usr/bin/env bash
# Prints the size of each file of the participant's app as the server sends it (brotli, gzip and plain;
# the build writes the compressed copies), and Steady for staff's .wasm. `make size` then measures a
# real first visit on the wire (scripts/first-visit.mjs), which is what the budget is checked against.
set -euo pipefail
cd "$(dirname "$0")/../dist"
size() { if [ -f "$1" ]; then wc -c < "$1"; else wc -c < "${1%.*}"; fi; }
printf '%-45s %10s %10s %10s\n' "participant's app" plain gzip brotli
for f in $(find . -type f ! -name '*.br' ! -name '*.gz' ! -name 'staff.html' ! -name 'steady-staff-*' | sort); do
  printf '%-45s %10d %10d %10d\n' "${f#./}" "$(wc -c < "$f")" "$(size "$f.gz")" "$(size "$f.br")"
done
wasm=$(ls ./steady-*_bg.wasm | grep -v steady-staff)
staff=$(ls ./steady-staff-*_bg.wasm)
awk -v pb="$(size "$wasm.br")" -v pg="$(size "$wasm.gz")" -v sb="$(size "$staff.br")" -v sg="$(size "$staff.gz")" 'BEGIN {
  printf "\nparticipant .wasm: %.1f KB brotli, %.1f KB gzip\n", pb / 1024, pg / 1024
  printf "staff .wasm:       %.1f KB brotli, %.1f KB gzip (never downloaded by participants)\n", sb / 1024, sg / 1024 }'
