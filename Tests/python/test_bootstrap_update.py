"""The update handler end to end: the real `bootstrap` binary changing users that were created
outside the tool (with boto3), through connect-local, counted from the call log."""
import csv
import io
import json
import math

import pytest

from bootstrap_harness import Function, instance_arn, objects, run_upload, wait_for_invocations
from conftest import LocalStack

HEADER = ["first name", "last name", "email address", "password", "user login", "routing profile name",
          "security_profile_name_1|security_profile_name_2", "phone type (soft/desk)", "phone number",
          "soft phone auto accept (yes/no)", "ACW timeout (seconds)", "UserHierarchy"]
LOOK_UPS = {"DescribeInstance", "ListSecurityProfiles", "ListRoutingProfiles", "SearchUserHierarchyGroups"}
MUTATING = {"UpdateUserIdentityInfo", "UpdateUserPhoneConfig", "UpdateUserConfig", "UpdateUserRoutingProfile",
            "UpdateUserSecurityProfiles", "UpdateUserHierarchy"}
VOLATILE = {"lastModifiedTime", "lastModifiedRegion"}


def ids(stack, instance_id):
    connect = stack.client("connect")
    security = {p["Name"]: p["Id"] for p in connect.list_security_profiles(InstanceId=instance_id)["SecurityProfileSummaryList"]}
    routing = {p["Name"]: p["Id"] for p in connect.list_routing_profiles(InstanceId=instance_id)["RoutingProfileSummaryList"]}
    groups = connect.search_user_hierarchy_groups(InstanceId=instance_id, MaxResults=100)["UserHierarchyGroups"]
    paths = {"/".join(g["HierarchyPath"][level]["Name"] for level in ("LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive")
                      if level in g["HierarchyPath"]): g["Id"] for g in groups}
    return security, routing, paths


def seed_users(stack, instance_id, count, prefix):
    """Users as someone else made them: boto3 straight against Connect."""
    connect = stack.client("connect")
    security, routing, paths = ids(stack, instance_id)
    for index in range(count):
        connect.create_user(
            InstanceId=instance_id, Username=f"{prefix}{index}", Password="Seed3dPassword",
            IdentityInfo={"FirstName": f"First{index}", "LastName": f"Last{index}", "Email": f"{prefix}{index}@example.com"},
            PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 30},
            SecurityProfileIds=[security["Agent"]], RoutingProfileId=routing["Basic Routing Profile"],
            HierarchyGroupId=paths["general inquiries"])


def state(stack, instance_id):
    return {u["username"]: {k: v for k, v in u.items() if k not in VOLATILE}
            for u in stack.admin("GET", f"/_local/users/{instance_id}")}


def to_csv(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


# One setting per row, cycling: (cells of the row, the user state's changed members).
def one_change(index, security, routing, paths):
    cycle = [
        ({"first name": f"Renamed{index}"}, {"firstName": f"Renamed{index}"}),
        ({"last name": f"Moved{index}"}, {"lastName": f"Moved{index}"}),
        ({"email address": f"new{index}@example.com"}, {"email": f"new{index}@example.com"}),
        ({"phone type (soft/desk)": "desk", "phone number": f"+1214555{index:04d}"},
         {"phoneType": "DESK_PHONE", "deskPhoneNumber": f"+1214555{index:04d}"}),
        ({"soft phone auto accept (yes/no)": "yes"}, {"autoAccept": True}),
        # The console template's ACW column sets every channel (none has an ACW cell of its own).
        ({"ACW timeout (seconds)": "90"}, {"afterContactWorkTimeLimit": 90, "channels": {
            channel: {"afterContactWorkTimeLimit": 90, "autoAccept": False} for channel in ("CHAT", "TASK", "EMAIL")}}),
        ({"routing profile name": "Sales Routing Profile"}, {"routingProfileID": routing["Sales Routing Profile"]}),
        ({"security_profile_name_1|security_profile_name_2": "Agent|CallCenterManager"},
         {"securityProfileIDs": sorted([security["Agent"], security["CallCenterManager"]])}),
        ({"UserHierarchy": "technical support/IT/Eastern"}, {"hierarchyGroupID": paths["technical support/IT/Eastern"]}),
        ({"UserHierarchy": "(none)"}, {"hierarchyGroupID": None}),
    ]
    return cycle[index % len(cycle)]


def one_change_each(stack, instance_id, count, prefix):
    """Seeds `count` users, then a row for each that changes one setting: (rows, expected
    members of each user's state)."""
    seed_users(stack, instance_id, count, prefix)
    security, routing, paths = ids(stack, instance_id)
    rows, expected = [], {}
    for index in range(count):
        cells, members = one_change(index, security, routing, paths)
        rows.append(dict(cells, **{"user login": f"{prefix}{index}"}))
        expected[f"{prefix}{index}"] = members
    return rows, expected


def normalized(user):
    return dict(user, securityProfileIDs=sorted(user.get("securityProfileIDs", [])))


def run_file(stack, arn, key, body, invocations):
    return run_upload(stack, arn, key, body, invocations)


def test_two_hundred_users_get_exactly_their_one_change_then_a_second_drop_changes_nothing(fresh):
    stack = fresh
    arn, instance_id = instance_arn(stack)
    count = 200
    rows, expected = one_change_each(stack, instance_id, count, "upd")
    before = state(stack, instance_id)
    body = to_csv(rows)

    stack.reset_calls()
    result, logs = run_file(stack, arn, "update/agents.csv", body, 1)
    assert (result["status"], result["rows"], result["updated"], result["unchanged"], result["failed"]) == ("completed", count, count, 0, 0)

    after = state(stack, instance_id)
    for username, old in before.items():
        want = normalized(dict(old, **expected.get(username, {})))
        if want.get("hierarchyGroupID", "absent") is None:
            want.pop("hierarchyGroupID")
        assert normalized(after[username]) == want, username

    calls = [c["operation"] for c in stack.calls() if c["service"] == "Connect"]
    identity_rows = sum(1 for index in range(count) if index % 10 in (0, 1, 2))
    assert set(calls[:4]) == LOOK_UPS
    assert calls[4:4 + math.ceil(count / 500)] == ["SearchUsers"]
    assert calls.count("SearchUsers") == math.ceil(count / 500)
    # DescribeUser for the rows that change names or email (SearchUsers carries no email), and
    # once, right after the search, for the unit of its per-channel ACW (rows set an ACW; issue 20).
    assert calls[5] == "DescribeUser" and result["afterContactWork"]["unit"] == "milliseconds", result
    assert calls.count("DescribeUser") == identity_rows + 1
    assert sum(1 for c in calls if c in MUTATING) == count
    assert len(calls) == 4 + 1 + 1 + identity_rows + count
    assert "ListUsers" not in calls

    # The same file again: nothing to do, and no mutating call.
    stack.reset_calls()
    again, _ = run_file(stack, arn, "update/agents.csv", body, 2)
    assert (again["updated"], again["unchanged"], again["failed"]) == (0, count, 0)
    calls = [c["operation"] for c in stack.calls() if c["service"] == "Connect"]
    assert not [c for c in calls if c in MUTATING]
    assert state(stack, instance_id) == after
    assert sorted(k for k in objects(stack.client("s3"), "update/")) and all(
        k.endswith(".csv.bak") for k in objects(stack.client("s3"), "update/"))


def test_bad_rows_land_in_a_failure_file_that_can_be_dropped_back_into_update(fresh):
    stack = fresh
    arn, instance_id = instance_arn(stack)
    seed_users(stack, instance_id, 4, "fix")
    rows = [
        {"user login": "fix0", "UserHierarchy": "(none)", "password": "N3wSecretPassword"},
        {"user login": "nobody", "routing profile name": "Sales Routing Profile"},
        {"user login": "fix1", "security_profile_name_1|security_profile_name_2": "Agnet"},
        {"user login": "fix2", "UserHierarchy": "technical support/IT/Western"},
        {"user login": "fix3", "phone type (soft/desk)": "desk"},
    ]
    result, logs = run_file(stack, arn, "update/fix.csv", to_csv(rows), 1)
    assert (result["updated"], result["failed"]) == (1, 4)
    assert "password" in result["message"] and "ignored" in result["message"]
    assert "N3wSecretPassword" not in logs

    users = state(stack, instance_id)
    assert "hierarchyGroupID" not in users["fix0"]
    failed = [k for k in objects(stack.client("s3"), "failed/") if k.startswith("failed/failedActions-")]
    assert len(failed) == 1
    text = stack.client("s3").get_object(Bucket="agents", Key=failed[0])["Body"].read().decode("utf-8-sig")
    reasons = {r["user login"]: r["error"] for r in csv.DictReader(io.StringIO(text))}
    assert set(reasons) == {"nobody", "fix1", "fix2", "fix3"}
    assert "not found in the instance" in reasons["nobody"] and "create/" in reasons["nobody"]
    assert "'Agnet' not found" in reasons["fix1"] and "did you mean 'Agent'" in reasons["fix1"]
    assert "technical support/IT/Western" in reasons["fix2"]
    assert "desk phone" in reasons["fix3"]

    # Fixed and dropped back into update/ as it is (the error column is ignored).
    fixed = text.replace("Agnet", "CallCenterManager").replace("technical support/IT/Western", "technical support/IT/Eastern")
    fixed = fixed.replace(",desk,,", ",desk,+12145550100,")
    again, _ = run_file(stack, arn, "update/fix-again.csv", fixed.encode(), 2)
    assert (again["updated"], again["failed"]) == (3, 1)  # nobody is still nobody
    users = state(stack, instance_id)
    assert users["fix3"]["phoneType"] == "DESK_PHONE" and users["fix3"]["deskPhoneNumber"] == "+12145550100"


def test_users_the_search_index_has_not_caught_up_with_are_still_found(tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"throttle": {"ratePerSecond": 1000, "burst": 5}, "connect": {"searchLagMs": 60000}}))
    stack = LocalStack("--config", str(config))
    try:
        arn, instance_id = instance_arn(stack)
        seed_users(stack, instance_id, 3, "lag")  # created just now: not yet searchable
        stack.reset_calls()
        result, _ = run_file(stack, arn, "update/lag.csv",
                             to_csv([{"user login": f"lag{i}", "ACW timeout (seconds)": "45"} for i in range(3)] +
                                    [{"user login": "ghost", "ACW timeout (seconds)": "45"}]), 1)
        assert (result["updated"], result["failed"]) == (3, 1)
        users = state(stack, instance_id)
        assert all(users[f"lag{i}"]["afterContactWorkTimeLimit"] == 45 for i in range(3))
        calls = [c["operation"] for c in stack.calls() if c["service"] == "Connect"]
        assert calls.count("ListUsers") == 1 and calls.count("DescribeUser") == 3
    finally:
        stack.stop()


def test_faults_and_throttling_leave_every_row_updated_unchanged_or_failed_once(fresh):
    """500s, 503s and resets on a fifth of the Connect calls, and a bucket below the function's
    pace so 429s come back too: every row still ends exactly once, and the state says which."""
    stack = fresh
    arn, instance_id = instance_arn(stack)
    count = 40
    rows, expected = one_change_each(stack, instance_id, count, "flt")
    rows.append({"user login": "flt0", "first name": "Twice"})  # a duplicate login: fails before any call
    stack.admin("PUT", "/_local/throttle", {"ratePerSecond": 20, "burst": 2})  # the function asks for 50/s
    stack.admin("PUT", "/_local/faults", {"internalErrorRate": 0.08, "unavailableRate": 0.04, "resetRate": 0.08,
                                           "services": ["Connect"], "seed": 5})
    stack.reset_calls()
    function = Function(stack, arn, retries=5)
    s3 = stack.client("s3")
    try:
        s3.put_object(Bucket="agents", Key="update/faults.csv", Body=to_csv(rows))
        wait_for_invocations(stack, 1)
    finally:
        logs = function.stop()
        stack.admin("PUT", "/_local/faults", {})
    summary = json.loads(s3.get_object(Bucket="agents", Key=objects(s3, "results/")[0])["Body"].read())
    assert summary["rows"] == count + 1
    assert summary["updated"] + summary["unchanged"] + summary["failed"] == count + 1, summary

    failed = []
    if summary["failed"]:
        text = s3.get_object(Bucket="agents", Key=objects(s3, "failed/")[0])["Body"].read().decode("utf-8-sig")
        failures = list(csv.DictReader(io.StringIO(text)))
        assert all(r["error"] for r in failures)
        failed = [r["user login"] for r in failures]
    assert len(failed) == summary["failed"]
    assert failed.count("flt0") >= 1  # the duplicate row, at least

    users = state(stack, instance_id)
    applied = []
    for index in range(count):
        user = normalized(users[f"flt{index}"])
        if all(user.get(k) == (sorted(v) if k == "securityProfileIDs" else v) for k, v in expected[f"flt{index}"].items()
               if v is not None) and (expected[f"flt{index}"].get("hierarchyGroupID", "") is not None or "hierarchyGroupID" not in user):
            applied.append(f"flt{index}")
    # A row reported updated has its change; one whose change is missing is in the failure file.
    # (A change can be applied and still reported failed when its answer was lost and every retry
    # failed too; dropping the row again is then a no-op, so it is never reported updated wrongly.)
    not_applied = set(expected) - set(applied)
    assert not_applied <= set(failed)
    assert summary["updated"] <= len(applied)
    assert summary["retries"] > 0
    calls = stack.calls()
    assert any(c.get("fault") for c in calls)
    assert any(c["status"] == 429 for c in calls if c["service"] == "Connect")
