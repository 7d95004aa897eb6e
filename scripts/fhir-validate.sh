#!/usr/bin/env bash
# Checks every FHIR document Steady writes with an external validator: the `fhir.resources` package
# (pinned to 6.1.0, the last release for FHIR R4 4.0.1; 6.2 onwards is R4B and 7.x R5) and the
# pydantic 1 it is built on, from PyPI, in a virtualenv under target/ (installed on first use).
# The documents come from the server test `fhir_documents` (the real server's answers), written to
# target/tmp/fhir-documents/. Before checking them, the validator proves it can fail: deliberately
# broken samples must each be refused.
#   scripts/fhir-validate.sh [FOLDER [NAME...]]   (names: check exactly these files in FOLDER)
set -euo pipefail
cd "$(dirname "$0")/.."
fhir_resources_version=6.1.0
pydantic_version=1.10.21
venv=target/fhir-validator/venv
folder=${1:-target/tmp/fhir-documents}

installed=$("$venv/bin/python" -c 'import fhir.resources, pydantic; print(fhir.resources.__version__, pydantic.VERSION)' 2>/dev/null || true)
if [ "$installed" != "$fhir_resources_version $pydantic_version" ]; then
  echo "==> installing fhir.resources $fhir_resources_version (FHIR R4) into $venv"
  scripts/ensure-tools.sh python
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "fhir.resources==$fhir_resources_version" "pydantic==$pydantic_version"
fi

exec "$venv/bin/python" scripts/fhir_validate.py "$folder" "${@:2}"
