#!/usr/bin/env bash
# Builds the release PWA into dist/: the participant's app (index.html), then Steady for staff
# (staff.html), whose files are added beside it; then writes dist/sw.js from public/sw.js. Both are
# built on the pinned nightly (scripts/trunk-release.sh).
#
# The service worker precaches the participant's files on install. The staff files are listed apart
# and cached only when Steady for staff asks (a leader's register must work with no signal), so
# participants never download them. The version is a hash of every file, so any change makes a new
# cache that replaces the old one whole. The JavaScript glue is minified first (terser). Last, every
# file gets brotli and gzip copies beside it, which the server sends to browsers that accept them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/trunk-release.sh
scripts/trunk-release.sh --config Trunk.staff.toml
# Trunk names its output index.html whatever the source is called.
cp target/staff-dist/index.html dist/staff.html
for f in target/staff-dist/*; do
  name=$(basename "$f")
  [ "$name" = index.html ] || [ -e "dist/$name" ] || cp -r "$f" dist/
done

# wasm-bindgen's JavaScript glue, minified (Trunk minifies only the HTML): the participant's 9.7 -> 7.8
# KB brotli. Its imports are looked up by property name, so renaming its locals changes nothing.
for js in dist/steady-*.js; do
  node_modules/.bin/terser "$js" --module --compress --mangle --output "$js"
done

cd dist
find . -type f \( -name '*.br' -o -name '*.gz' \) -delete
json_list() { sed 's|^\./|/|; s/.*/"&"/' | paste -sd, -; }
participant=$(find . -type f ! -name sw.js ! -name staff.html ! -name 'steady-staff-*' | LC_ALL=C sort | json_list)
staff=$(find . -type f \( -name staff.html -o -name 'steady-staff-*' \) | LC_ALL=C sort | json_list)
version=$(find . -type f ! -name sw.js | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
sed -e "s|__VERSION__|$version|" -e "s|__PRECACHE__|[$participant]|" -e "s|__STAFF__|[$staff]|" ../public/sw.js > sw.js
cd ..
node scripts/compress.mjs dist
echo "dist/: participant app + staff app; sw.js version $version"
