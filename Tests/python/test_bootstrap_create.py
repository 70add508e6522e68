"""The Lambda function end to end: the real `bootstrap` binary, through connect-local's
Runtime API, S3 and Connect, with real SigV4."""
import csv
import io
import json
import unicodedata

import pytest

from bootstrap_harness import Function, instance_arn, objects, wait_for_invocations

HEADER = ["first name", "last name", "email address", "password", "user login", "routing profile name",
          "security_profile_name_1|security_profile_name_2", "phone type (soft/desk)", "phone number",
          "soft phone auto accept (yes/no)", "ACW timeout (seconds)", "UserHierarchy"]
PASSWORD = "F@keP@ssw0rd"


def valid_rows(count, prefix):
    rows = []
    for index in range(count):
        desk = index % 3 == 0
        rows.append({
            # NFD on purpose: the function must send NFC.
            "first name": unicodedata.normalize("NFD", f"Zoé{index}"),
            "last name": "O'Brien, Jr." if index % 5 == 0 else f"Müller{index}",
            "email address": f"{prefix}{index}@example.com",
            "password": f"{PASSWORD}{index}",
            "user login": f"{prefix}{index}",
            "routing profile name": "Sales Routing Profile" if index % 2 else "Basic Routing Profile",
            "security_profile_name_1|security_profile_name_2": "Agent|CallCenterManager" if index % 4 == 0 else "Agent",
            "phone type (soft/desk)": "desk" if desk else "SOFT_PHONE",
            "phone number": f"+1214555{index:04d}" if desk else "",
            "soft phone auto accept (yes/no)": "yes" if index % 2 else "no",
            "ACW timeout (seconds)": str(index * 10),
            "UserHierarchy": "technical support/IT/Eastern" if index % 3 == 1 else ("general inquiries" if index % 3 == 2 else ""),
        })
    return rows


def invalid_rows(prefix):
    base = valid_rows(1, prefix + "bad")[0]
    broken = [
        {"password": "weak"},
        {"security_profile_name_1|security_profile_name_2": "Agnet"},
        {"routing profile name": "Sales"},
        {"phone type (soft/desk)": "desk", "phone number": "214-555"},
        {"first name": ""},
        {"UserHierarchy": "technical support/IT/Western"},
        {"ACW timeout (seconds)": "soon"},
        {"soft phone auto accept (yes/no)": "maybe"},
    ]
    rows = []
    for index, change in enumerate(broken):
        row = dict(base, **{"user login": f"{prefix}bad{index}", "email address": f"{prefix}bad{index}@example.com"})
        row.update(change)
        rows.append(row)
    return rows


def to_csv(rows, encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER + ["notes"], lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for row in rows:
        writer.writerow(dict(row, notes="kept, ignored"))
    return buffer.getvalue().encode(encoding)


def by_username(stack, instance_id):
    return {u["username"]: u for u in stack.admin("GET", f"/_local/users/{instance_id}")}


def reference(stack, instance_id):
    connect = stack.client("connect")
    security = {p["Name"]: p["Id"] for p in connect.list_security_profiles(InstanceId=instance_id)["SecurityProfileSummaryList"]}
    routing = {p["Name"]: p["Id"] for p in connect.list_routing_profiles(InstanceId=instance_id)["RoutingProfileSummaryList"]}
    groups = connect.search_user_hierarchy_groups(InstanceId=instance_id, MaxResults=100)["UserHierarchyGroups"]
    paths = {"/".join(g["HierarchyPath"][l]["Name"] for l in ("LevelOne", "LevelTwo", "LevelThree") if l in g["HierarchyPath"]): g["Id"]
             for g in groups}
    return security, routing, paths


def assert_user_matches(user, row, security, routing, paths):
    assert user["firstName"] == unicodedata.normalize("NFC", row["first name"])
    assert user["lastName"] == row["last name"]
    assert user["email"] == row["email address"]
    assert user["routingProfileID"] == routing[row["routing profile name"]]
    assert sorted(user["securityProfileIDs"]) == sorted(security[n] for n in row["security_profile_name_1|security_profile_name_2"].split("|"))
    desk = row["phone type (soft/desk)"].lower().startswith("desk")
    assert user["phoneType"] == ("DESK_PHONE" if desk else "SOFT_PHONE")
    assert user.get("deskPhoneNumber") == (row["phone number"] if desk else None)
    assert user["autoAccept"] == (row["soft phone auto accept (yes/no)"] == "yes")
    assert user["afterContactWorkTimeLimit"] == int(row["ACW timeout (seconds)"])
    assert user.get("hierarchyGroupID") == (paths[row["UserHierarchy"]] if row["UserHierarchy"] else None)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_create_fifty_rows_end_to_end(fresh, encoding):
    stack = fresh
    arn, instance_id = instance_arn(stack)
    s3 = stack.client("s3")
    good = valid_rows(42, "e2e")
    bad = invalid_rows("e2e")
    rows = good[:20] + bad[:4] + good[20:] + bad[4:]
    if encoding == "cp1252":
        rows = [dict(r, **{"first name": unicodedata.normalize("NFC", r["first name"])}) for r in rows]  # cp1252 has no combining marks
    assert len(rows) == 50
    function = Function(stack, arn)
    try:
        s3.put_object(Bucket="agents", Key="create/agents.csv", Body=to_csv(rows, encoding))
        records = wait_for_invocations(stack, 1)
    finally:
        logs = function.stop()
    assert [r["status"] for r in records] == ["succeeded"], logs
    users = by_username(stack, instance_id)
    security, routing, paths = reference(stack, instance_id)
    for row in good:
        assert_user_matches(users[row["user login"]], row, security, routing, paths)
    assert not any(row["user login"] in users for row in bad)

    failed_keys = objects(s3, "failed/")
    assert len(failed_keys) == 1 and failed_keys[0].startswith("failed/failedActions-") and failed_keys[0].endswith(".csv.bak")
    failure = s3.get_object(Bucket="agents", Key=failed_keys[0])["Body"].read().decode("utf-8-sig")
    failed_rows = list(csv.DictReader(io.StringIO(failure)))
    assert sorted(r["user login"] for r in failed_rows) == sorted(r["user login"] for r in bad)
    assert all(r["error"] for r in failed_rows)
    reasons = {r["user login"]: r["error"] for r in failed_rows}
    assert "Agnet" in reasons["e2ebad1"] and "Agent" in reasons["e2ebad1"]
    assert "weak" not in reasons["e2ebad0"]
    assert failed_rows[0]["notes"] == "kept, ignored"

    assert objects(s3, "create/") and all(k.endswith(".csv.bak") for k in objects(s3, "create/"))
    summaries = objects(s3, "results/")
    assert len(summaries) == 1
    summary = json.loads(s3.get_object(Bucket="agents", Key=summaries[0])["Body"].read())
    assert summary["rows"] == 50 and summary["created"] == 42 and summary["failed"] == 8
    # The function's own writes started nothing: one invocation in all.
    assert len(stack.admin("GET", "/_local/invocations")) == 1
    for row in rows:
        assert row["password"] not in logs


def test_dropping_the_corrected_failure_file_back_completes_the_rest(fresh):
    stack = fresh
    arn, instance_id = instance_arn(stack)
    s3 = stack.client("s3")
    good = valid_rows(6, "again")
    bad = invalid_rows("again")[:3]
    function = Function(stack, arn)
    try:
        s3.put_object(Bucket="agents", Key="create/first.csv", Body=to_csv(good + bad))
        wait_for_invocations(stack, 1)
        failed_key = objects(s3, "failed/")[0]
        failure = s3.get_object(Bucket="agents", Key=failed_key)["Body"].read().decode("utf-8-sig")
        fixed = []
        for row in csv.DictReader(io.StringIO(failure)):
            row.update({"password": PASSWORD + "9", "security_profile_name_1|security_profile_name_2": "Agent", "routing profile name": "Basic Routing Profile"})
            fixed.append(row)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(fixed[0].keys()), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(fixed)
        # Dropped back as it is: the failure file's own columns, `error` included.
        s3.put_object(Bucket="agents", Key="create/first-fixed.csv", Body=buffer.getvalue().encode())
        wait_for_invocations(stack, 2)
    finally:
        function.stop()
    users = by_username(stack, instance_id)
    for row in good + bad:
        assert row["user login"] in users
    assert len([u for u in users if u.startswith("again")]) == 9


def test_api_calls_are_look_ups_plus_one_create_per_valid_row(fresh):
    stack = fresh
    arn, _ = instance_arn(stack)
    s3 = stack.client("s3")
    rows = valid_rows(12, "calls") + invalid_rows("calls")[:3]
    stack.reset_calls()
    function = Function(stack, arn)
    try:
        s3.put_object(Bucket="agents", Key="create/calls.csv", Body=to_csv(rows))
        wait_for_invocations(stack, 1)
    finally:
        function.stop()
    connect_calls = [c["operation"] for c in stack.calls() if c["service"] == "Connect"]
    look_ups = ["DescribeInstance", "ListSecurityProfiles", "ListRoutingProfiles", "SearchUserHierarchyGroups"]
    assert sorted(connect_calls[:4]) == sorted(look_ups)
    assert connect_calls[4:] == ["CreateUser"] * 12


def test_faults_leave_every_row_created_or_failed_once(fresh):
    stack = fresh
    arn, instance_id = instance_arn(stack)
    s3 = stack.client("s3")
    rows = valid_rows(40, "fault")
    stack.admin("PUT", "/_local/faults", {"internalErrorRate": 0.1, "resetRate": 0.1, "services": ["Connect"], "seed": 11})
    function = Function(stack, arn, retries=5)
    try:
        s3.put_object(Bucket="agents", Key="create/faults.csv", Body=to_csv(rows))
        wait_for_invocations(stack, 1)
    finally:
        logs = function.stop()
        stack.admin("PUT", "/_local/faults", {})
    users = [u["username"] for u in stack.admin("GET", f"/_local/users/{instance_id}") if u["username"].startswith("fault")]
    assert len(users) == len(set(users))
    summary = json.loads(s3.get_object(Bucket="agents", Key=objects(s3, "results/")[0])["Body"].read())
    assert summary["created"] + summary["failed"] == 40
    failed = []
    if summary["failed"]:
        failure = s3.get_object(Bucket="agents", Key=objects(s3, "failed/")[0])["Body"].read().decode("utf-8-sig")
        failed = [r["user login"] for r in csv.DictReader(io.StringIO(failure))]
        assert all(r["error"] for r in csv.DictReader(io.StringIO(failure)))
    # Every row is exactly one of: a user (created), or a failure row; never both, never neither.
    assert sorted(set(users) | set(failed)) == sorted(r["user login"] for r in rows)
    assert not set(users) & set(failed)
    assert summary["retries"] > 0
    assert any(c.get("fault") for c in stack.calls())
    for row in rows:
        assert row["password"] not in logs
