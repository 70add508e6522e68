"""Files a manager did not mean, or someone meant harm with, end to end: the real `bootstrap`
binary against connect-local (issue 12). A shifted row that puts a password into another
column, a 5 MB cell, cells a spreadsheet would run, control characters, trailing separators."""
import csv
import io
import json
import unicodedata

import pytest

from bootstrap_harness import Function, instance_arn, objects, wait_for_invocations

HEADER = ["first name", "last name", "email address", "password", "user login", "routing profile name",
          "security_profile_name_1|security_profile_name_2", "phone type (soft/desk)", "phone number",
          "soft phone auto accept (yes/no)", "ACW timeout (seconds)", "UserHierarchy"]
# No three characters of it in a row occur in the tool's own words.
SECRET = "Zq7#Xv9$Kw2!Jy"
CLOUDWATCH_EVENT_LIMIT = 256 * 1024
csv.field_size_limit(16 * 1024 * 1024)


def row(login, **cells):
    base = {"first name": "Jane", "last name": "Doe", "email address": f"{login}@example.com", "password": "Passw0rd!x",
            "user login": login, "routing profile name": "Basic Routing Profile",
            "security_profile_name_1|security_profile_name_2": "Agent", "phone type (soft/desk)": "soft",
            "phone number": "", "soft phone auto accept (yes/no)": "no", "ACW timeout (seconds)": "0", "UserHierarchy": ""}
    base.update(cells)
    return [base[h] for h in HEADER]


def to_csv(rows, header=HEADER):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header] + rows)
    return buffer.getvalue().encode()


def run(stack, key, body):
    """Drops one file, waits for its invocation; returns the logs, the invocation records,
    the summary, and the failure file's rows (keyed by user login; [] when there is none)."""
    arn, instance_id = instance_arn(stack)
    s3 = stack.client("s3")
    function = Function(stack, arn)
    try:
        s3.put_object(Bucket="agents", Key=key, Body=body)
        records = wait_for_invocations(stack, 1)
    finally:
        logs = function.stop()
    assert [r["status"] for r in records] == ["succeeded"], logs[-4000:]
    summaries = objects(s3, "results/")
    assert len(summaries) == 1, summaries
    summary_text = s3.get_object(Bucket="agents", Key=summaries[0])["Body"].read().decode()
    failed_keys = objects(s3, "failed/")
    failures = []
    if failed_keys:
        text = s3.get_object(Bucket="agents", Key=failed_keys[0])["Body"].read().decode("utf-8-sig")
        failures = list(csv.DictReader(io.StringIO(text)))
    users = {u["username"]: u for u in stack.admin("GET", f"/_local/users/{instance_id}")}
    return logs, records, summary_text, failures, users


def log_lines(logs):
    # Not str.splitlines: it also splits at U+0085 and other characters a JSON line may hold.
    return [line for line in logs.split("\n") if line]


def pieces(secret):
    return [secret[i:i + 3] for i in range(len(secret) - 2)]


def has_control(text):
    return any(unicodedata.category(c) == "Cc" for c in text)


@pytest.mark.parametrize("folder", ["create", "update"])
def test_a_shifted_row_puts_its_password_in_no_log_line_summary_or_answer(fresh, folder):
    stack = fresh
    # A missing comma between last name and email address: every value moves one column left,
    # and the password lands in the email column, whose reason quotes it.
    shifted = row("shifted", password=SECRET)
    shifted = shifted[:1] + [shifted[1] + " " + shifted[2]] + shifted[3:]
    body = to_csv([row("fine1"), shifted, row("fine2")])
    assert SECRET.encode() in body
    logs, records, summary_text, failures, _ = run(stack, f"{folder}/shifted.csv", body)

    lines = log_lines(logs)
    assert any('"row invalid"' in line for line in lines), logs[-4000:]
    for line in lines:
        for piece in pieces(SECRET):
            assert piece not in line, f"a piece of the password is in a log line: {line[:600]}"
    for piece in pieces(SECRET):
        assert piece not in summary_text
        assert piece not in json.dumps(records)
        assert piece not in (records[0].get("response") or "")

    # The failure file keeps the whole reason for the manager, next to the row's own cells.
    failed = [f for f in failures if f["email address"] == SECRET]
    assert len(failed) == 1, failures
    assert f"email address '{SECRET}' is not a valid email address" in failed[0]["error"]


def test_a_five_megabyte_cell_fails_its_row_naming_the_limit_in_short_lines(fresh):
    stack = fresh
    huge = "a" * (5 * 1024 * 1024)
    body = to_csv([row("fine1"), row("huge", **{"first name": huge}), row("fine2")])
    stack.reset_calls()
    logs, records, summary_text, failures, users = run(stack, "create/huge.csv", body)

    longest = max(len(line.encode()) for line in log_lines(logs))
    assert longest < CLOUDWATCH_EVENT_LIMIT, longest
    for line in log_lines(logs):
        json.loads(line)
    assert len(summary_text.encode()) < 16 * 1024
    assert len(json.dumps(records).encode()) < 64 * 1024

    assert len(failures) == 1 and failures[0]["user login"] == "huge"
    reason = failures[0]["error"]
    assert len(reason.encode()) < 1024, len(reason.encode())
    assert "at most 255" in reason and "5,242,880 characters" in reason
    assert failures[0]["first name"] == huge  # the failure file keeps the cell itself

    # Refused before any call: CreateUser only for the two good rows.
    creates = [c for c in stack.calls() if c["service"] == "Connect" and c["operation"] == "CreateUser"]
    assert len(creates) == 2
    assert "huge" not in users and {"fine1", "fine2"} <= set(users)
    summary = json.loads(summary_text)
    assert summary["created"] == 2 and summary["failed"] == 1


HOSTILE = [
    ("formula-first", {"first name": '=HYPERLINK("http://evil.example","click")'}, "first name '=HYPERLINK(", "begins with '='"),
    ("formula-at", {"first name": "@SUM(A1:A9)"}, "first name '@SUM(A1:A9)'", "begins with '@'"),
    ("formula-last", {"last name": "+cmd|' /C calc'!A0"}, "last name '+cmd", "begins with '+'"),
    ("formula-email", {"email address": "-2+3@example.com"}, "email address '-2+3@example.com'", "begins with '-'"),
    ("nul-first", {"first name": "Ja\x00ne"}, "first name contains a NUL character (U+0000) at character 3", "no cell may hold a control character"),
    ("break-last", {"last name": "Doe\nSmith"}, "last name contains a line break (U+000A) at character 4", "no cell may hold a control character"),
    ("tab-email", {"email address": "\ttab-email@example.com"}, "email address contains a tab (U+0009) at character 1", "no cell may hold a control character"),
    ("bell-routing", {"routing profile name": "Basic Routing Profile\x07"}, "routing profile contains a control character (U+0007)", "no cell may hold a control character"),
    ("esc-hierarchy", {"UserHierarchy": "general inquiries\x1b[2J"}, "hierarchy contains a control character (U+001B)", "no cell may hold a control character"),
    ("ctl-password", {"password": "Passw0rd!\x01"}, "password contains a control character", "no cell may hold a control character"),
]


@pytest.mark.parametrize("folder", ["create", "update"])
def test_formula_and_control_character_cells_fail_with_readable_reasons(fresh, folder):
    stack = fresh
    rows = [row("fine1")] + [row(login, **cells) for login, cells, _, _ in HOSTILE] + [row("fine2", **{"phone type (soft/desk)": "desk", "phone number": "+12145550198"})]
    stack.reset_calls()
    logs, records, summary_text, failures, users = run(stack, f"{folder}/hostile.csv", to_csv(rows))

    reasons = {f["user login"]: f["error"] for f in failures}
    for login, _, start, words in HOSTILE:
        assert login in reasons, (login, reasons)
        assert start in reasons[login] and words in reasons[login], reasons[login]
        assert not has_control(reasons[login]), repr(reasons[login])
    assert "Passw0rd" not in reasons["ctl-password"]
    # No call for a refused row: nothing but the look-ups on update (no user exists to read),
    # and CreateUser for the two good rows on create.
    mutating = [c["operation"] for c in stack.calls() if c["service"] == "Connect" and c["operation"].startswith(("Create", "Update"))]
    if folder == "create":
        assert mutating == ["CreateUser", "CreateUser"]
        assert {"fine1", "fine2"} <= set(users)
        assert not any(login in users for login, _, _, _ in HOSTILE)
    else:
        assert mutating == []
    for line in log_lines(logs):
        assert not has_control(line)
    summary = json.loads(summary_text)
    assert summary["failed"] >= len(HOSTILE)


def test_trailing_empty_cells_are_accepted(fresh):
    stack = fresh
    rows = [row(f"trail{i}") + [""] * (1 + i % 3) for i in range(6)]
    body = to_csv(rows)
    assert b",,\r\n" in body
    logs, records, summary_text, failures, users = run(stack, "create/trailing.csv", body)
    summary = json.loads(summary_text)
    assert summary["created"] == 6 and summary["failed"] == 0, (summary, failures)
    assert failures == []
    assert {f"trail{i}" for i in range(6)} <= set(users)
    assert "double quotes" not in logs


def test_filled_cells_beyond_the_header_fail_saying_how_many(fresh):
    stack = fresh
    rows = [row("fine1"), row("extra") + ["", "oops", ""]]
    logs, records, summary_text, failures, users = run(stack, "create/extra.csv", to_csv(rows))
    assert [f["user login"] for f in failures] == ["extra"]
    assert failures[0]["error"].startswith("the row has 14 cells but the header has 12 columns")
    assert "fine1" in users and "extra" not in users


def test_a_file_larger_than_a_twentieth_of_the_memory_is_refused_unread_and_kept(fresh):
    """The real binary with Lambda's smallest memory (128 MB: a 6.4 MB limit) and a 7.4 MB
    file: refused before it is read, kept byte for byte under failed/, a summary that says
    the size, the limit and what to do, no Connect call, nobody created."""
    stack = fresh
    arn, instance_id = instance_arn(stack)
    body = to_csv([row(f"big{i}") for i in range(85_000)])
    assert 7 * 1024 * 1024 < len(body) < 8 * 1024 * 1024
    s3 = stack.client("s3")
    users_before = len(stack.admin("GET", f"/_local/users/{instance_id}"))
    function = Function(stack, arn, extra_env={"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128"})
    try:
        s3.put_object(Bucket="agents", Key="create/everyone.csv", Body=body)
        records = wait_for_invocations(stack, 1)
    finally:
        logs = function.stop()
    assert [r["status"] for r in records] == ["succeeded"], logs[-4000:]
    report = json.loads(records[0]["response"])["results"][0]
    assert report["status"] == "rejected", report
    assert report["message"].startswith("This file is 7.") and "more than the 6.4 MB one file may be" in report["message"], report
    assert "Split it" in report["message"] and "raise the function's memory" in report["message"]
    kept = objects(s3, "failed/")
    assert len(kept) == 1 and s3.get_object(Bucket="agents", Key=kept[0])["Body"].read() == body
    assert objects(s3, "create/") == []
    calls = stack.calls()
    assert not [c for c in calls if c["service"] == "Connect"], "no Connect call"
    assert not [c for c in calls if c["operation"] == "GetObject" and c.get("path", "").endswith("/everyone.csv")], "never downloaded"
    assert len(stack.admin("GET", f"/_local/users/{instance_id}")) == users_before
