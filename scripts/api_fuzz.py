#!/usr/bin/env python3
"""Fuzzes Steady's JSON API from outside with Schemathesis, once per kind of caller.

Run by scripts/api-fuzz.sh, which installs the pinned Schemathesis and builds the server first.
Starts the real server on a free loopback port with a fresh data folder, makes the people a real
installation has (an admin, a link worker, a group leader who leads a group, a participant with a
linked phone that joined that group and shared an entry), then runs Schemathesis against
`GET /api/v1/openapi.json` as each of them and as nobody. Every request carries the `Origin` of the
server's public URL, as a browser on Steady's pages would, so staff writes get past the CSRF check
and reach the code behind it. Exits 1 if any run found a problem; prints a summary per role.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PASSWORD = "correct horse battery staple"

# What each response is checked for. `negative_data_rejection` is the accepted-but-invalid check: a
# request the document says is invalid must not get a 2xx. `unsupported_method` and
# `allow_header_conformance` send undocumented methods and expect a 405 naming the allowed ones;
# `ignored_auth` repeats an authenticated request without credentials and expects a refusal.
CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
    "unsupported_method",
    "allow_header_conformance",
    "ignored_auth",
    # Steady's own, in scripts/api_fuzz_checks.py: a phone's time outside the believable window is
    # refused, not stored (the document cannot say so).
    "phone_times_believable",
]

# Times at and past the edges of what Steady believes, mixed into every time a request carries, so
# the runs reach the time rules and the range clamping rather than only random instants.
EDGE_TIMES = [
    "0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2019-12-31T23:59:59.999Z", "2020-01-01T00:00:00Z",
    "2026-11-25T10:00:00Z", "2099-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "2026-03-29T01:30:00+01:00",
    "2026-11-25", "9999-12-31", "0000-01-01",
]
TIME_FIELDS = [
    "query.from", "query.to", "body.starts_at", "body.ends_at", "body.marks[*].tapped_at",
    "body.changes[*].entry.at", "body.changes[*].entry.updated_at", "body.changes[*].deleted_at",
    "body.changes[*].entry.body.checked_out_at",
]

# Kept last: the link worker's run may unlink the phone and end its link, which is fine once the
# phone's own run is over.
ROLES = ["anonymous", "phone", "leader", "referrer", "link_worker", "admin"]


class Server:
    """The real steady-server on port 0 with a data folder of its own."""

    def __init__(self, binary: Path, work: Path):
        self.binary = binary
        self.data = Path(tempfile.mkdtemp(prefix="steady-api-fuzz-"))
        dist = self.data / "dist"
        dist.mkdir()
        for page in ("index.html", "staff.html"):
            (dist / page).write_text("<!doctype html><title>Steady</title>")
        self.log_path = work / "server.log"
        self.log = open(self.log_path, "w")
        env = {**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")}
        self.process = subprocess.Popen(
            [str(binary), "--addr", "127.0.0.1:0", "--data-dir", str(self.data / "db"), "--dist", str(dist)],
            stdout=subprocess.PIPE, stderr=self.log, text=True, env=env)
        line = self.process.stdout.readline()
        match = re.search(r"running at (http://\S+?)/?$", line.strip())
        if not match:
            self.stop()
            sys.exit(f"the server did not start: {line!r} (see {self.log_path})")
        self.url = match.group(1)

    def add_staff(self, role: str, name: str, email: str) -> None:
        subprocess.run(
            [str(self.binary), "user", "add", "--data-dir", str(self.data / "db"), "--role", role, "--name", name,
             "--email", email, "--password-prompt"],
            input=PASSWORD + "\n", text=True, check=True, capture_output=True,
            env={**os.environ, "RUST_LOG": "warn"})

    def add_referrer(self, name: str, ods: str) -> str:
        """A referring organisation; returns the API key `referrer add` prints once (its last line)."""
        done = subprocess.run(
            [str(self.binary), "referrer", "add", "--data-dir", str(self.data / "db"), "--name", name, "--ods", ods],
            text=True, check=True, capture_output=True, env={**os.environ, "RUST_LOG": "warn"})
        return done.stdout.strip().splitlines()[-1]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.data, ignore_errors=True)


class Api:
    """Plain HTTP calls for setting up, with the server's Origin on every one."""

    def __init__(self, url: str):
        self.url = url

    def call(self, method: str, path: str, body=None, cookie=None, bearer=None):
        headers = {"Origin": self.url, "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if cookie:
            headers["Cookie"] = f"steady_staff={cookie}"
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        request = urllib.request.Request(self.url + "/api/v1" + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request) as response:
                text = response.read().decode()
                return response.status, response.headers, (json.loads(text) if text else None)
        except urllib.error.HTTPError as e:
            sys.exit(f"setting up: {method} {path} answered {e.code}: {e.read().decode()}")

    def sign_in(self, email: str) -> str:
        _, headers, _ = self.call("POST", "/staff/sign-in", {"email": email, "password": PASSWORD})
        for cookie in headers.get_all("Set-Cookie") or []:
            match = re.match(r"steady_staff=([^;]+)", cookie)
            if match:
                return match.group(1)
        sys.exit("setting up: sign-in set no steady_staff cookie")


def set_up(server: Server) -> dict:
    """Creates the people and the data they work on; returns credentials and the ids to aim at."""
    api = Api(server.url)
    staff = {"admin": ("admin", "Ada Admin"), "link_worker": ("link-worker", "Lina Worker"),
             "leader": ("leader", "Lee Leader")}
    cookies = {}
    for key, (role, name) in staff.items():
        email = name.lower().replace(" ", ".") + "@steady.test"
        server.add_staff(role, name, email)
        cookies[key] = api.sign_in(email)

    _, _, schedule = api.call("GET", "/sessions")
    group_ids = sorted({s["group_id"] for s in schedule["sessions"]})
    led_group = schedule["sessions"][0]["group_id"]
    api.call("POST", f"/groups/{led_group}/leaders", {"email": "lee.leader@steady.test"}, cookie=cookies["admin"])
    _, _, led = api.call("GET", "/leader/sessions", cookie=cookies["leader"])

    participant_ids = []
    phone = None
    for name in ("Sam Rivers", "Alex Moor"):
        _, _, enrolled = api.call("POST", "/participants", {
            "display_name": name, "referral_source": "probation", "justice_contact": False,
            "consent_discussed_on": "2026-01-05"}, cookie=cookies["link_worker"])
        participant_ids.append(enrolled["participant"]["id"])
        if phone is None:
            _, _, paired = api.call("POST", "/pair", {"code": enrolled["pairing"]["code"]})
            phone = paired["device_token"]
    api.call("POST", f"/groups/{led_group}/join", bearer=phone)
    at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 1800))
    entry = {"id": "00000000-0000-4000-8000-000000000001", "at": at, "updated_at": at, "keep_private": False,
             "body": {"kind": "quick_log", "wellbeing": 5, "stress": 8, "note": None}}
    api.call("POST", "/sync", {"changes": [{"op": "upsert", "entry": entry}]}, bearer=phone)

    referrer = server.add_referrer("Riverside Surgery", "A81001")
    extension = "https://fhir.steady.app/StructureDefinition/"
    _, _, sent = api.call("POST", "/fhir/ServiceRequest", {
        "resourceType": "ServiceRequest", "status": "active", "intent": "order",
        "identifier": [{"system": "https://riverside.example/referrals", "value": "R-1"}],
        "contained": [{"resourceType": "Patient", "id": "p", "name": [{"text": "Jo Brook"}],
                       "telecom": [{"system": "phone", "value": "07700 900123"}]}],
        "subject": {"reference": "#p"}, "reasonCode": [{"text": "Lonely since leaving custody"}],
        "extension": [{"url": extension + "consent-to-contact", "valueBoolean": True},
                      {"url": extension + "justice-contact", "valueBoolean": True}]}, bearer=referrer)
    _, _, typed = api.call("POST", "/referrals", {
        "name": "Kit Lane", "referral_source": "probation", "justice_contact": True, "reasons": ["routine"],
        "safe_channels": ["probation"], "consent_to_contact": True}, cookie=cookies["link_worker"])

    session_ids = sorted({s["session"]["id"] for s in led} | {s["id"] for s in schedule["sessions"][:5]})
    return {
        "cookies": cookies,
        "phone": phone,
        "referrer": referrer,
        "ids": {"groups": group_ids, "sessions": session_ids, "participants": participant_ids,
                "referrals": [sent["id"], typed["item"]["referral"]["id"]]},
    }


def toml_string(value: str) -> str:
    return json.dumps(value)


def write_config(path: Path, role: str, setup: dict, max_examples: int) -> None:
    """The Schemathesis configuration of one role's run: its credentials, and real ids for `{id}` in
    most generated paths (the rest stay random, to reach the not-found answers too)."""
    lines = [
        f"hooks = {toml_string(str(Path(__file__).with_name('api_fuzz_checks.py').resolve()))}",
        "",
        # What Schemathesis keeps between runs goes under target/, not into the working tree.
        "[cache]",
        f"directory = {toml_string(str((path.parent.parent / 'cache').resolve()))}",
        "",
        "[generation]",
        f"max-examples = {max_examples}",
        # Credentials are the role's own, never generated ones.
        "with-security-parameters = false",
        "",
        "[phases.stateful]",
        "max-steps = 20",
        "",
        # 413 (too large) is how the document says an over-long body is refused.
        "[checks.negative_data_rejection]",
        'expected-statuses = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429, "5xx"]',
        "",
        "[output.sanitization]",
        "enabled = false",
        "",
    ]
    if role in setup["cookies"]:
        lines += ["[auth.openapi.staff_session]", f"api_key = {toml_string(setup['cookies'][role])}", ""]
    if role == "phone":
        lines += ["[auth.openapi.device_token]", f"bearer = {toml_string(setup['phone'])}", ""]
    if role == "referrer":
        lines += ["[auth.openapi.referrer_key]", f"bearer = {toml_string(setup['referrer'])}", ""]
    for kind, values in setup["ids"].items():
        lines += [f"[dictionaries.{kind}]", f"values = {json.dumps(values)}", ""]
    lines += ["[dictionaries.times]", f"values = {json.dumps(EDGE_TIMES)}", "", "[parameters]"]
    lines += [f'"{field}" = {{ dictionary = "times", probability = 0.3 }}' for field in TIME_FIELDS]
    lines.append("")
    for prefix, kind in (("groups", "groups"), ("sessions", "sessions"), ("participants", "participants"),
                         ("referrals", "referrals"), ("fhir/ServiceRequest", "referrals")):
        lines += [
            "[[operations]]",
            f'include-path-regex = "^/api/v1/{prefix}/\\\\{{id\\\\}}"',
            f'parameters = {{ "path.id" = {{ dictionary = "{kind}", probability = 0.8 }} }}',
            "",
        ]
    if role in setup["cookies"]:
        # Signing out would end the session the rest of the run uses; the anonymous run covers it.
        lines += ["[[operations]]", 'include-path = "/api/v1/staff/sign-out"', "enabled = false", ""]
    path.write_text("\n".join(lines))


def run_role(schemathesis: Path, url: str, role: str, setup: dict, work: Path, args) -> dict:
    folder = work / role
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    config = folder / "schemathesis.toml"
    write_config(config, role, setup, args.max_examples)
    command = [
        str(schemathesis), "--config-file", str(config), "run", f"{url}/api/v1/openapi.json",
        "--header", f"Origin: {url}",
        "--checks", ",".join(CHECKS),
        "--max-time", str(args.max_seconds),
        "--workers", "2",
        "--no-color",
        "--report", "json,junit,vcr", "--report-dir", str(folder),
        "--report-json-path", str(folder / "report.json"),
        "--report-junit-path", str(folder / "junit.xml"),
        "--report-vcr-path", str(folder / "cassette.yaml"),
    ]
    if args.seed is not None:
        command += ["--seed", str(args.seed)]
    print(f"==> {role}: schemathesis against {url}/api/v1/openapi.json (log: {folder / 'output.log'})", flush=True)
    with open(folder / "output.log", "w") as log:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in process.stdout:
            log.write(line)
            if args.verbose:
                sys.stdout.write(line)
        process.wait()
    report = json.loads((folder / "report.json").read_text()) if (folder / "report.json").exists() else {}
    return {"role": role, "exit": process.returncode, "report": report, "folder": folder}


def summarise(result: dict) -> tuple[str, list[str]]:
    report = result["report"]
    cases = report.get("test_cases", {})
    failures = report.get("failures", [])
    errors = report.get("errors", [])
    line = (f"{result['role']:<12} {cases.get('generated', 0):>6} cases  "
            f"{cases.get('unique_failures', len(failures)):>3} unique failures  {len(errors):>2} errors  "
            f"exit {result['exit']}")
    detail = [f"    {f.get('code', '?')} {f.get('title', '?')} (x{f.get('count', 1)}): "
              f"{', '.join(f.get('operations', []))}" for f in failures]
    detail += [f"    error: {json.dumps(e)[:300]}" for e in errors]
    return line, detail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", type=Path, required=True, help="the steady-server binary")
    parser.add_argument("--schemathesis", type=Path, required=True, help="the schemathesis command")
    parser.add_argument("--work", type=Path, required=True, help="where each role's reports go")
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated, from: " + ", ".join(ROLES))
    parser.add_argument("--max-examples", type=int, default=50, help="test cases per operation and phase")
    parser.add_argument("--max-seconds", type=int, default=80, help="time budget of each role's run")
    parser.add_argument("--seed", type=int, help="replay a run (each role's report names its seed)")
    parser.add_argument("--verbose", action="store_true", help="print Schemathesis' own output as it runs")
    args = parser.parse_args()
    roles = [r for r in args.roles.split(",") if r]
    unknown = set(roles) - set(ROLES)
    if unknown:
        parser.error(f"unknown roles: {', '.join(sorted(unknown))}")

    args.work.mkdir(parents=True, exist_ok=True)
    server = Server(args.server, args.work)
    try:
        setup = set_up(server)
        print(f"==> the server is at {server.url}; signed in an admin, a link worker and a leader of one group, "
              "linked a participant's phone, and added a referrer with a referral")
        results = [run_role(args.schemathesis, server.url, r, setup, args.work, args) for r in roles]
    finally:
        server.stop()

    print("\nSummary (Schemathesis' output and reports per role are in " + str(args.work) + "/ROLE/):")
    found = False
    for result in results:
        line, detail = summarise(result)
        print(line)
        print("\n".join(detail)) if detail else None
        if result["exit"] != 0:
            found = True
            print(f"    reproduce: see the curl commands in {result['folder'] / 'output.log'}")
    panics = [l for l in Path(server.log_path).read_text().splitlines() if "panicked" in l or " ERROR " in l]
    if panics:
        found = True
        print(f"The server logged {len(panics)} error(s) or panic(s) (see {server.log_path}), e.g.:\n  {panics[0]}")
    print("FOUND PROBLEMS" if found else "No problems found.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
