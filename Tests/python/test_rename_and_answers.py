"""Issue 12, points 3 and 4, end to end: the real `bootstrap` against connect-local.

- A 2xx that cannot be read may hide a success: Amazon Connect carries out CreateUser (or an
  update) and answers 200 with an empty body, a web page, or JSON cut short; the row counts as
  done when the user is there as planned, and the summary's counts equal the stack's state.
- A re-upload under the same name is never consumed unseen: a corrected `agents.csv` dropped
  while the first is being processed is left for its own event; both files' rows are applied.
"""
import csv
import io
import json
import time

import pytest

from bootstrap_harness import Function, instance_arn, objects, wait_for_invocations

HEADER = ["first name", "last name", "email address", "password", "user login", "routing profile name",
          "security_profile_name_1|security_profile_name_2", "phone type (soft/desk)", "phone number",
          "soft phone auto accept (yes/no)", "ACW timeout (seconds)", "UserHierarchy"]
# What no reason, summary or answer may say: the client's codes and Swift's type names.
CODES = ("malformedResponse", "missingMember", "ConnectClientError", "DecodingError", "AWSError", "TransportError")


def rows(prefix, count):
    return [{
        "first name": f"First{index}", "last name": f"Last{index}", "email address": f"{prefix}{index}@example.com",
        "password": f"F@keP@ssw0rd{index}", "user login": f"{prefix}{index}",
        "routing profile name": "Sales Routing Profile" if index % 2 else "Basic Routing Profile",
        "security_profile_name_1|security_profile_name_2": "Agent", "phone type (soft/desk)": "soft", "phone number": "",
        "soft phone auto accept (yes/no)": "no", "ACW timeout (seconds)": str(index), "UserHierarchy": "",
    } for index in range(count)]


def to_csv(table):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(table)
    return buffer.getvalue().encode()


def usernames(stack, instance_id, prefix):
    return {u["username"] for u in stack.admin("GET", f"/_local/users/{instance_id}") if u["username"].startswith(prefix)}


def summaries(s3):
    return [json.loads(s3.get_object(Bucket="agents", Key=k)["Body"].read()) for k in objects(s3, "results/")]


def results(stack):
    found = []
    for record in stack.admin("GET", "/_local/invocations"):
        if record.get("response"):
            found += json.loads(record["response"])["results"]
    return found


def run_one(stack, key, body, interval_ms=5):
    arn, _ = instance_arn(stack)
    function = Function(stack, arn, interval_ms=interval_ms)
    try:
        stack.client("s3").put_object(Bucket="agents", Key=key, Body=body)
        records = wait_for_invocations(stack, 1, timeout=120)
    finally:
        logs = function.stop()
    assert [r["status"] for r in records] == ["succeeded"], logs
    return logs


@pytest.mark.parametrize("body", ["empty", "html", "truncated"])
def test_a_create_answered_with_an_unreadable_200_counts_created(fresh, body):
    """Every CreateUser is carried out and answered 200 with `body`: each row is `created`
    (confirmed by search), nothing is in a failure file, and the counts are the stack's."""
    stack = fresh
    _, instance_id = instance_arn(stack)
    stack.admin("PUT", "/_local/faults", {"unreadableRate": 1, "unreadableBodies": [body], "operations": ["CreateUser"]})
    logs = run_one(stack, "create/agents.csv", to_csv(rows(f"un{body[:3]}", 5)))

    s3 = stack.client("s3")
    [summary] = summaries(s3)
    created = usernames(stack, instance_id, f"un{body[:3]}")
    assert summary["status"] == "completed"
    assert summary["created"] == len(created) == 5 and summary["failed"] == 0, summary
    assert objects(s3, "failed/") == []
    creates = [c for c in stack.calls() if c["operation"] == "CreateUser"]
    assert [c["fault"] for c in creates] == [f"unreadable.{body}"] * 5  # each sent once
    # The log says what happened, in codes; the answer and summary hold none.
    confirmed = [json.loads(line) for line in logs.splitlines() if '"confirmedAfter"' in line]
    assert len(confirmed) == 5
    answer = json.dumps(results(stack)) + json.dumps(summary)
    assert not any(code in answer for code in CODES)


def test_an_update_answered_with_an_unreadable_200_is_read_back(fresh):
    """Every update call is carried out and answered with a page or JSON cut short: the user is
    read back, each setting now as asked counts applied, and the row is `updated`."""
    stack = fresh
    _, instance_id = instance_arn(stack)
    table = [{name: "" for name in HEADER} for _ in range(2)]
    table[0].update({"user login": "jdoe", "routing profile name": "Basic Routing Profile", "ACW timeout (seconds)": "45"})
    table[1].update({"user login": "asmith", "security_profile_name_1|security_profile_name_2": "Agent"})
    updates = ["UpdateUserRoutingProfile", "UpdateUserPhoneConfig", "UpdateUserConfig", "UpdateUserSecurityProfiles"]
    stack.admin("PUT", "/_local/faults", {"unreadableRate": 1, "unreadableBodies": ["html", "truncated"], "operations": updates})
    run_one(stack, "update/agents.csv", to_csv(table))

    [summary] = summaries(stack.client("s3"))
    assert summary["updated"] == 2 and summary["failed"] == 0, summary
    users = {u["username"]: u for u in stack.admin("GET", f"/_local/users/{instance_id}")}
    routing = {p["Name"]: p["Id"] for p in stack.client("connect").list_routing_profiles(InstanceId=instance_id)["RoutingProfileSummaryList"]}
    assert users["jdoe"]["routingProfileID"] == routing["Basic Routing Profile"]
    assert users["jdoe"]["afterContactWorkTimeLimit"] == 45
    assert len(users["asmith"]["securityProfileIDs"]) == 1
    faulted = [c for c in stack.calls() if c["operation"] in updates]
    assert len(faulted) == 3 and all(c["fault"].startswith("unreadable.") for c in faulted)
    assert any(c["operation"] == "DescribeUser" for c in stack.calls())


def test_a_re_upload_mid_job_is_left_for_its_own_event(fresh):
    """`create/agents.csv` (12 rows, one Connect call every 150 ms) is uploaded again with other
    rows while the first job runs: the first job finishes without renaming the new upload, the
    new upload's own event processes it; every row of both is applied, nothing is `missing`,
    two summaries."""
    stack = fresh
    arn, instance_id = instance_arn(stack)
    s3 = stack.client("s3")
    first, second = rows("firstup", 12), rows("secondup", 4)
    function = Function(stack, arn, interval_ms=150)
    try:
        s3.put_object(Bucket="agents", Key="create/agents.csv", Body=to_csv(first))
        deadline = time.monotonic() + 60
        while len([c for c in stack.calls() if c["operation"] == "CreateUser"]) < 3:
            assert time.monotonic() < deadline, "the first job did not start creating"
            time.sleep(0.05)
        s3.put_object(Bucket="agents", Key="create/agents.csv", Body=to_csv(second))
        records = wait_for_invocations(stack, 2, timeout=180)
    finally:
        logs = function.stop()
    assert [r["status"] for r in records] == ["succeeded", "succeeded"], logs

    assert usernames(stack, instance_id, "firstup") == {r["user login"] for r in first}
    assert usernames(stack, instance_id, "secondup") == {r["user login"] for r in second}
    statuses = [r["status"] for r in results(stack)]
    assert statuses == ["completed", "completed"], results(stack)
    done = sorted(summaries(s3), key=lambda s: s["created"], reverse=True)
    assert [s["created"] for s in done] == [12, 4] and all(s["failed"] == 0 for s in done)
    old, new = done
    assert old.get("processedInput") is None and "uploaded again under the same name" in old["message"]
    assert new.get("processedInput", "").endswith(".csv.bak")
    assert s3.get_object(Bucket="agents", Key=new["processedInput"])["Body"].read() == to_csv(second)
    assert objects(s3, "create/") == [new["processedInput"]]
    assert objects(s3, "progress/") == []
