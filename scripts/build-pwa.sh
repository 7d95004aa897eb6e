#!/usr/bin/env bash
# Builds the release PWA into dist/: the participant's app (index.html, with the service worker's
# precache list), then Steady for staff (staff.html), whose files are added beside it. Participants
# never download the staff app, and it is not precached.
set -euo pipefail
cd "$(dirname "$0")/.."
trunk build --release
trunk build --release --config Trunk.staff.toml
# Trunk names its output index.html whatever the source is called.
cp target/staff-dist/index.html dist/staff.html
for f in target/staff-dist/*; do
  name=$(basename "$f")
  [ "$name" = index.html ] || [ -e "dist/$name" ] || cp -r "$f" dist/
done
echo "dist/: participant app + staff app ($(ls dist | wc -l) entries)"
