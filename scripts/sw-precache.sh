#!/bin/sh
# Trunk post_build hook: writes dist/sw.js from public/sw.js with this build's file list and a version
# made from the files' contents, so every build that changes a file gets a new cache.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
cd "$dir"
files=$(find . -type f ! -name sw.js | sed 's|^\./|/|' | LC_ALL=C sort)
version=$(for f in $files; do sha256sum ".$f"; done | sha256sum | cut -c1-16)
list=$(printf '%s\n' $files | sed 's/.*/"&"/' | paste -sd, -)
sed -e "s|__VERSION__|$version|" -e "s|__PRECACHE__|[$list]|" "${TRUNK_SOURCE_DIR:-$OLDPWD}/public/sw.js" > sw.js
echo "sw.js: version $version, $(printf '%s\n' $files | wc -l) files precached"
