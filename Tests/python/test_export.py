"""Issue 15, export: the real `bootstrap` against connect-local with 2,000 seeded users of every
kind of setting. An object in export/ writes exports/agents-<dateTime>.csv; that file, dropped
into update/ as it is, makes no mutating call (the stack's call log); a short function timeout
makes the export run in parts with every user exactly once; a scheduled event (EventBridge's
shape, through the Runtime API) makes one too, and the same event again does nothing."""
import collections
import json
import re
import time

from bootstrap_harness import Function, instance_arn, objects
from export_harness import FORMULA_USER, PASSWORD, expected_cells, read_export, start_stack

COUNT = 2000
HEADER = ["first name", "last name", "email address", "password", "user login", "routing profile name",
          "security_profile_name_1|security_profile_name_2", "phone type (soft/desk)", "phone number",
          "soft phone auto accept (yes/no)", "ACW timeout (seconds)", "UserHierarchy", "secondary email address", "mobile", "tags",
          "voice ACW timeout (seconds)", "chat auto accept (yes/no)", "task auto accept (yes/no)", "email auto accept (yes/no)",
          "chat ACW timeout (seconds)", "task ACW timeout (seconds)", "email ACW timeout (seconds)", "callback auto accept (yes/no)",
          "callback ACW timeout (seconds)", "persistent connection (yes/no)", "voice enhancement", "proficiencies", "directory user id"]
MUTATING = {"CreateUser", "DeleteUser", "UpdateUserIdentityInfo", "UpdateUserPhoneConfig", "UpdateUserConfig", "UpdateUserRoutingProfile",
            "UpdateUserSecurityProfiles", "UpdateUserHierarchy", "TagResource", "UntagResource", "AssociateUserProficiencies",
            "DisassociateUserProficiencies", "UpdateUserProficiencies"}
SEEDED_PASSWORDS = [PASSWORD, "Adm1nPassw0rd", "Jd0ePassword", "Sm1thPassword"]


def wait_until_idle(stack, at_least, timeout=600):
    """Every invocation finished, and at least `at_least` of them; S3's events for the
    function's own writes (the `.bak`, continuations) count too."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        records = stack.admin("GET", "/_local/invocations")
        if len(records) >= at_least and all(r["status"] not in ("pending", "running") for r in records):
            time.sleep(0.3)  # an event queued by the last answer's writes
            again = stack.admin("GET", "/_local/invocations")
            if len(again) == len(records) and all(r["status"] not in ("pending", "running") for r in again):
                return again
        time.sleep(0.2)
    raise AssertionError(f"invocations did not finish in {timeout}s")


def results(records):
    out = []
    for record in records:
        assert record["status"] == "succeeded", record
        out += json.loads(record["response"])["results"]
    return out


def connect_calls(stack):
    return collections.Counter(c["operation"] for c in stack.calls() if c["service"] == "Connect")


def export_once(stack, arn, trigger="export/now", interval_ms=2, extra_env=None, at_least=1):
    function = Function(stack, arn, interval_ms=interval_ms, extra_env=extra_env)
    try:
        before = len(stack.admin("GET", "/_local/invocations"))
        stack.client("s3").put_object(Bucket="agents", Key=trigger, Body=b"any content is ignored")
        records = wait_until_idle(stack, before + at_least)
    finally:
        logs = function.stop()
    return results(records[before:]), logs


def check_export(body, users):
    header, rows = read_export(body)
    assert header == HEADER
    logins = [r["user login"] for r in rows]
    assert len(logins) == len(set(logins)) == users, (len(logins), len(set(logins)))
    text = body.decode("utf-8")
    for password in SEEDED_PASSWORDS:
        assert password not in text
    assert all(r["password"] == "" for r in rows)
    # No live formula: no cell begins with = + - @ but phone numbers (E.164).
    for row in rows:
        for column, value in row.items():
            if column not in ("phone number", "mobile"):
                assert not re.match(r"^[=+\-@\t\r]", value), (row["user login"], column)
    return {r["user login"]: r for r in rows}


def test_an_export_of_2000_users_drops_into_update_as_it_is_and_changes_nothing(tmp_path):
    stack = start_stack(tmp_path, COUNT)
    try:
        arn, _ = instance_arn(stack)
        stack.reset_calls()
        reports, logs = export_once(stack, arn)
        [report] = [r for r in reports if r["status"] == "completed"]
        assert [r["status"] for r in reports if r is not report] == ["ignored"]  # the trigger's own .bak
        users = COUNT + 3  # and the default seed's three
        assert (report["rows"], report["exported"], report["failed"], report["parts"]) == (users, users, 0, 1), report
        calls = connect_calls(stack)
        assert not set(calls) & MUTATING
        assert calls["SearchUsers"] == -(-users // 500) and calls["DescribeUser"] == users
        assert calls["ListUserProficiencies"] == users
        assert report["apiCalls"] == sum(calls.values())

        s3 = stack.client("s3")
        [key] = objects(s3, "exports/")
        assert report["export"] == key and re.fullmatch(r"exports/agents-\d{8}T\d{6}\.\d{3}Z\.csv", key)
        body = s3.get_object(Bucket="agents", Key=key)["Body"].read()
        rows = check_export(body, users)
        for i in range(COUNT):
            assert rows[f"agent{i:04d}"] == expected_cells(i), i
        # The value a spreadsheet would run is left out, and the summary says where.
        line = list(rows).index(f"agent{FORMULA_USER:04d}") + 2
        assert "first name: begins with a formula character" in report["message"] and f"line {line} " in report["message"], report
        assert "HYPERLINK" not in report["message"] and "HYPERLINK" not in logs
        # The trigger renamed, the progress objects gone, the summary written.
        assert objects(s3, "export/") == [report["processedInput"]] and report["processedInput"].endswith(".csv.bak")
        assert objects(s3, "progress/") == []
        assert objects(s3, "results/") == [report["summary"]]

        # Dropped into update/ as it is: every row unchanged, no mutating call.
        stack.reset_calls()
        function = Function(stack, arn, interval_ms=2)
        try:
            before = len(stack.admin("GET", "/_local/invocations"))
            s3.put_object(Bucket="agents", Key="update/export.csv", Body=body)
            records = wait_until_idle(stack, before + 1)
        finally:
            function.stop()
        [update] = [r for r in results(records[before:]) if r["status"] == "completed"]
        assert (update["rows"], update["unchanged"], update["updated"], update["failed"]) == (users, users, 0, 0), update
        assert not set(connect_calls(stack)) & MUTATING, connect_calls(stack)
    finally:
        stack.stop()


def test_a_short_timeout_exports_in_parts_with_every_user_once(tmp_path):
    stack = start_stack(tmp_path, COUNT, timeout_seconds=4)
    try:
        arn, _ = instance_arn(stack)
        reports, logs = export_once(stack, arn, trigger="export/parts.txt", at_least=2)
        completed = [r for r in reports if r["status"] == "completed"]
        continued = [r for r in reports if r["status"] == "continued"]
        assert len(completed) == 1 and len(continued) >= 1, [r["status"] for r in reports]
        [report] = completed
        users = COUNT + 3
        assert report["parts"] == len(continued) + 1 >= 2
        print(f"export in {report['parts']} parts, {report['apiCalls']} Connect calls")
        assert (report["rows"], report["exported"], report["failed"]) == (users, users, 0), report
        s3 = stack.client("s3")
        body = s3.get_object(Bucket="agents", Key=report["export"])["Body"].read()
        check_export(body, users)
        assert objects(s3, "progress/") == [] and objects(s3, "export/") == [report["processedInput"]]
    finally:
        stack.stop()


def test_a_scheduled_event_exports_and_the_same_event_again_does_nothing(tmp_path):
    stack = start_stack(tmp_path, 50)
    try:
        arn, _ = instance_arn(stack)
        function = Function(stack, arn, interval_ms=2, extra_env={"BUCKET_NAME": "agents"})
        try:
            sent = stack.admin("POST", "/_local/scheduled-event", {"time": "2026-12-02T02:00:00Z"})
            event = json.loads(sent["event"])
            assert (event["detail-type"], event["source"], event["time"]) == ("Scheduled Event", "aws.events", "2026-12-02T02:00:00Z")
            records = wait_until_idle(stack, 1)
            [report] = results(records)
            assert report["status"] == "completed" and report["exported"] == 53, report
            assert report["export"] == "exports/agents-20261202T020000.000Z.csv"
            check_export(stack.client("s3").get_object(Bucket="agents", Key=report["export"])["Body"].read(), 53)

            # Lambda's retry or EventBridge's re-delivery: the same event, the same job, done.
            stack.reset_calls()
            stack.admin("POST", f"/_local/invocations/{sent['requestId']}/redeliver")
            records = wait_until_idle(stack, len(records) + 1)
            [again] = results(records[-1:])
            assert again["status"] == "duplicate", again
            assert connect_calls(stack) == collections.Counter()
            assert objects(stack.client("s3"), "exports/") == [report["export"]]
        finally:
            function.stop()
    finally:
        stack.stop()
