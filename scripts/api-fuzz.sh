#!/usr/bin/env bash
# Fuzzes the JSON API from outside: Schemathesis (pinned, from PyPI, in a virtualenv under target/)
# against the real server's OpenAPI document, once per role (anonymous, linked phone, leader, link
# worker, admin), checking for 5xx, answers that break the document and invalid requests that are
# accepted. Not part of `make test`. Exits non-zero when anything is found; reports per role go to
# target/api-fuzz/ROLE/ (Schemathesis' output with curl commands that reproduce each failure).
#   scripts/api-fuzz.sh                          every role, 50 examples per operation
#   API_FUZZ_EXAMPLES=200 scripts/api-fuzz.sh    more cases (API_FUZZ_SECONDS bounds each role, default 80)
#   scripts/api-fuzz.sh --roles phone,leader --seed 123 --verbose
set -euo pipefail
cd "$(dirname "$0")/.."
schemathesis_version=4.32.5
venv=target/api-fuzz/venv

if [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $schemathesis_version" ]; then
  echo "==> installing Schemathesis $schemathesis_version into $venv"
  scripts/ensure-tools.sh python
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$schemathesis_version"
fi

echo "==> building the server"
cargo build --quiet -p steady-server

exec "$venv/bin/python" scripts/api_fuzz.py \
  --server target/debug/steady-server \
  --schemathesis "$venv/bin/schemathesis" \
  --work target/api-fuzz/runs \
  --max-examples "${API_FUZZ_EXAMPLES:-50}" \
  --max-seconds "${API_FUZZ_SECONDS:-80}" \
  "$@"
