"""Validates Steady's FHIR documents with fhir.resources (FHIR R4 4.0.1), after proving on broken
samples that the validator refuses what it should. Run by scripts/fhir-validate.sh.

Each JSON file in the folder is one resource (a Bundle, an OperationOutcome, a ServiceRequest); its
resourceType picks the model, which checks required elements, types, date and time formats, and
refuses elements R4 does not have. Every document in EXPECTED must be there, so an empty or partial
dump cannot pass; or, when names follow the folder (an end-to-end journey's own documents), each of
those.
"""

import json
import pathlib
import sys

import fhir.resources
from fhir.resources import get_fhir_model_class

EXPECTED = [
    "participant-bundle.json",
    "participant-bundle-extreme-times.json",
    "gp-bundle-codes-only.json",
    "gp-bundle-with-self-ratings.json",
    "operation-outcome.json",
    "service-request.json",
]

# Each broken in one way the validator must notice.
BROKEN = {
    "an Observation without its required status": {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": {"resourceType": "Observation", "code": {"text": "Stress"}, "valueInteger": 3}}],
    },
    "an element R4 does not have": {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "Stress"},
        "stress": 3,
    },
    "a date-time in year 0, as a wrong phone clock once sent": {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "Stress"},
        "effectiveDateTime": "0000-01-01T00:00:00Z",
    },
    "an OperationOutcome issue without its severity": {
        "resourceType": "OperationOutcome",
        "issue": [{"code": "invalid", "diagnostics": "x"}],
    },
    "a ServiceRequest without its subject": {
        "resourceType": "ServiceRequest",
        "status": "active",
        "intent": "order",
    },
}


def problems(document):
    """What the validator says is wrong with a document ([] if nothing)."""
    try:
        get_fhir_model_class(document["resourceType"]).parse_obj(document)
        return []
    except Exception as error:  # pydantic's ValidationError, or an unknown resourceType
        return str(error).splitlines()


def main(folder, names):
    print(f"fhir.resources {fhir.resources.__version__} (FHIR {fhir.resources.__fhir_version__})")
    if fhir.resources.__fhir_version__ != "4.0.1":
        print("FAIL: this validator is not FHIR R4 4.0.1")
        return 1
    failed = 0
    for what, document in BROKEN.items():
        if problems(document):
            print(f"self-check: refused {what}")
        else:
            print(f"FAIL self-check: accepted {what}")
            failed += 1
    folder = pathlib.Path(folder)
    for name in names or EXPECTED:
        path = folder / name
        if not path.exists():
            print(f"FAIL {path}: missing (run: cargo test -p steady-server --test api fhir_documents)")
            failed += 1
            continue
        document = json.loads(path.read_text())
        found = problems(document)
        entries = len(document.get("entry", []))
        if found:
            print(f"FAIL {path}:")
            print("\n".join("    " + line for line in found))
            failed += 1
        else:
            detail = f", {entries} entries" if document["resourceType"] == "Bundle" else ""
            print(f"valid {name} ({document['resourceType']}{detail})")
    print("FHIR validation:", "FAILED" if failed else "all valid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "target/tmp/fhir-documents", sys.argv[2:]))
