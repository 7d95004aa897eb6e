# The pinned nightly that builds the release .wasm (scripts/trunk-release.sh), sourced by that script
# and by scripts/ensure-tools.sh, which installs it. Only the release build uses it: tests, clippy and
# the server stay on stable. Moving the pin: change the date, run `make size`, check the figures.
release_toolchain=nightly-2026-05-20
