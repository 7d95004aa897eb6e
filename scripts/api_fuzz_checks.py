"""Steady's own rule for Schemathesis (loaded by scripts/api_fuzz.py): a time from a phone is
believed only if it is not before 2020-01-01 and not more than a day ahead of the server's clock, and
a check-out comes no earlier than its check-in and within 24 hours of it. The document cannot say this (a
`date-time` is any RFC 3339 instant), so a sync batch or register mark that breaks it and is stored
is an accepted-but-invalid request the schema checks cannot see."""

from datetime import datetime, timedelta, timezone

import schemathesis

EARLIEST = datetime(2020, 1, 1, tzinfo=timezone.utc)


def parse(text):
    if not isinstance(text, str):
        return None
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at if at.tzinfo else None


def implausible(text, now):
    """Why a phone's time is not believable, or None."""
    at = parse(text)
    if at is None:
        return None
    if at < EARLIEST:
        return f"{text} is before 2020"
    if at > now + timedelta(days=1):
        return f"{text} is more than a day ahead of the server's clock"
    return None


def sync_problems(body, now):
    for change in body.get("changes", []) if isinstance(body, dict) else []:
        if not isinstance(change, dict):
            continue
        entry = change.get("entry") if isinstance(change.get("entry"), dict) else {}
        times = [entry.get("at"), entry.get("updated_at"), change.get("deleted_at")]
        entry_body = entry.get("body") if isinstance(entry.get("body"), dict) else {}
        checked_out = entry_body.get("checked_out_at")
        times.append(checked_out)
        for text in times:
            problem = isinstance(text, str) and implausible(text, now)
            if problem:
                yield f"entry {entry.get('id') or change.get('id')}: {problem}"
        start, end = parse(entry.get("at")), parse(checked_out)
        if start and end and not start <= end <= start + timedelta(hours=24):
            yield f"entry {entry.get('id')}: check-out {checked_out} is not within 24 h after check-in {entry.get('at')}"


def register_problems(body, reply, now):
    marks = body.get("marks", []) if isinstance(body, dict) else []
    outcomes = reply.get("outcomes", []) if isinstance(reply, dict) else []
    for mark, outcome in zip(marks, outcomes):
        if isinstance(mark, dict) and isinstance(outcome, dict) and outcome.get("outcome") == "accepted":
            problem = implausible(mark.get("tapped_at"), now)
            if problem:
                yield f"mark for {mark.get('person')}: {problem}"


@schemathesis.check
def phone_times_believable(ctx, response, case):
    """A sync batch or register mark with an unbelievable time is refused, not stored."""
    if not 200 <= response.status_code < 300:
        return None
    now = datetime.now(timezone.utc)
    path = case.operation.path
    if case.method.upper() == "POST" and path.endswith("/sync"):
        problems = list(sync_problems(case.body, now))
    elif case.method.upper() == "POST" and path.endswith("/register"):
        try:
            reply = response.json()
        except ValueError:
            return None
        problems = list(register_problems(case.body, reply, now))
    else:
        return None
    if problems:
        raise AssertionError("Stored a time Steady should not believe: " + "; ".join(problems))
    return None
