# Steady: `make run` serves the app at http://127.0.0.1:8080; `make test` runs every test.
# Each target installs what it needs first (scripts/ensure-tools.sh), skipping what is there.

SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
# Browser tests must not wait on Chromium's calls to Google's hosts, which this network refuses.
export WASM_BINDGEN_TEST_TIMEOUT ?= 120
ADDR ?= 127.0.0.1:8080
SIZE_LIMIT_KB ?= 300

.PHONY: run test lint tools browser-tools build-pwa test-native test-postgres test-fhir test-browser test-e2e size bench-lock lighthouse bench bench-postgres fuzz api-fuzz clean

run: tools build-pwa
	cargo run --release -p steady-server -- --addr $(ADDR)

test: browser-tools lint test-native test-postgres test-fhir test-browser build-pwa test-e2e

tools:
	@scripts/ensure-tools.sh build

browser-tools:
	@scripts/ensure-tools.sh browser

## The release PWA in dist/ (wasm-opt -Oz, precache list for the service worker), and the staff app.
build-pwa: tools
	cargo fetch
	scripts/build-pwa.sh

## Style gates: rustfmt (rustfmt.toml) and clippy with warnings as errors, natively for the domain and
## server and on wasm32 for the PWA (both apps and their browser tests).
lint: browser-tools
	cargo fmt --all --check
	cargo clippy -p steady-domain -p steady-server --all-targets -- -D warnings
	cargo clippy -p steady --target wasm32-unknown-unknown --all-targets -- -D warnings

## Domain unit and property tests; server unit and integration tests (real server, fresh database each).
test-native:
	cargo test -p steady-domain -p steady-server

## The server's integration tests again, against a throwaway PostgreSQL (Debian's, in a temp directory).
test-postgres:
	@scripts/ensure-tools.sh postgres
	scripts/with-postgres.sh cargo test -p steady-server --test api

## Every FHIR document Steady writes (participant export, GP Bundles, OperationOutcome, ServiceRequest),
## as the real server answers in a referral journey, checked by an external FHIR R4 validator
## (fhir.resources 6.1.0 from PyPI, in a virtualenv under target/), which first proves it refuses broken samples.
test-fhir:
	rm -rf target/tmp/fhir-documents
	cargo test -p steady-server --test api fhir_documents
	scripts/fhir-validate.sh target/tmp/fhir-documents

## wasm-bindgen-test in headless Chromium: storage, schema upgrade, corrupt records, components.
test-browser: browser-tools
	cargo test -p steady --target wasm32-unknown-unknown

## Journeys in Chromium at 360x740 (Playwright): the participant core, the lock on a shared phone (PIN,
## lock screen offline, Get help now locked, Quick exit), sharing with a link worker, a leader taking
## the register offline, and a referral from a GP system to an attending participant;
## then every page of both apps (page changes, titles, menus, 44 px targets, 320 px and 200% text,
## dark-mode contrast);
## axe-core scans every page and screenshots go to target/screenshots/.
test-e2e: browser-tools build-pwa
	cargo build -p steady-server
	node tests/e2e/shell.mjs
	node tests/e2e/journey.mjs
	node tests/e2e/lock.mjs
	node tests/e2e/sharing.mjs
	node tests/e2e/leader.mjs
	node tests/e2e/flaky.mjs
	node tests/e2e/referral.mjs
	node tests/e2e/pages.mjs

## Each file as served (plain, gzip, brotli), then a participant's real first visit in Chromium through
## a byte-counting relay (service worker precache included); fails above $(SIZE_LIMIT_KB) KB on the wire.
size: browser-tools build-pwa
	@scripts/size-report.sh
	cargo build -p steady-server
	node scripts/first-visit.mjs $(SIZE_LIMIT_KB)

## The lock's cost with 10,000 entries in the release build (turning it on, unlocking, History's first
## screen, with and without the lock) and what the lock adds to the participant .wasm in brotli (against
## the same tree built with the lock's entry points cut out): printed figures, not assertions.
bench-lock: browser-tools build-pwa
	cargo build -p steady-server
	scripts/lock-cost.sh
	node scripts/lock-bench.mjs

## Lighthouse mobile scores for / and /staff, and the time to a usable quick log on slow 3G: printed
## figures, not asserted (they vary with the machine).
lighthouse: browser-tools build-pwa
	cargo build -p steady-server
	node scripts/speed.mjs

## Server-side time of the caseload and a participant page with 60 participants x 2 years of entries,
## and of the referral inbox with 2,000 open referrals (target 50 ms); then the release server under 50 and 200 concurrent clients (sync and caseload) against a raw insert loop.
bench:
	cargo build --release -p steady-server --bins --examples
	target/release/examples/bench_review
	target/release/examples/bench_load

## The load run again, with the server on a throwaway PostgreSQL.
bench-postgres:
	@scripts/ensure-tools.sh postgres
	cargo build --release -p steady-server --bins --examples
	scripts/with-postgres.sh sh -c 'DATABASE_URL=$$STEADY_TEST_POSTGRES target/release/examples/bench_load'

## cargo-fuzz on the sync batch decoder, every request body and every domain parser, FUZZ_SECONDS
## (default 60) per target; not part of `make test` (needs nightly, which it installs).
fuzz:
	scripts/fuzz.sh

## Schemathesis (pinned, installed under target/) against the real server's OpenAPI document as every
## kind of caller; API_FUZZ_SECONDS (default 80) per role; not part of `make test`. Reports: target/api-fuzz/.
api-fuzz:
	scripts/api-fuzz.sh

clean:
	rm -rf dist target/screenshots
