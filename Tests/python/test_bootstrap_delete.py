"""The delete handler end to end: the real `bootstrap` binary deleting users (and the USER quick
connects that point at them) that were created outside the tool with boto3, through
connect-local, counted from the call log."""
import csv
import io
import json

from bootstrap_harness import Function, instance_arn, objects, run_upload, wait_for_invocations
from test_bootstrap_update import seed_users

HEADER = ["first name", "last name", "email address", "password", "user login", "routing profile name"]
MUTATING = {"DeleteUser", "DeleteQuickConnect", "CreateUser", "UpdateUserIdentityInfo", "UpdateUserConfig", "TagResource"}


def to_csv(rows, header=HEADER):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def logins(stack, instance_id):
    return {u["username"]: u["id"] for u in stack.admin("GET", f"/_local/users/{instance_id}")}


def quick_connects(stack, instance_id):
    connect = stack.client("connect")
    pages = connect.get_paginator("search_quick_connects").paginate(InstanceId=instance_id)
    return {q["Name"]: q["QuickConnectConfig"] for page in pages for q in page["QuickConnects"]}


def seed_quick_connects(stack, instance_id, users, every):
    """A USER quick connect for every `every`th seeded user (two for the first), and one QUEUE
    quick connect that no delete touches."""
    connect = stack.client("connect")
    for index, login in enumerate(sorted(users)):
        if index % every:
            continue
        for copy in (range(2) if index == 0 else range(1)):
            connect.create_quick_connect(
                InstanceId=instance_id, Name=f"to {login} {copy}",
                QuickConnectConfig={"QuickConnectType": "USER", "UserConfig": {"UserId": users[login], "ContactFlowId": "flow-1"}})
    connect.create_quick_connect(
        InstanceId=instance_id, Name="sales queue",
        QuickConnectConfig={"QuickConnectType": "QUEUE", "QueueConfig": {"QueueId": "queue-1", "ContactFlowId": "flow-1"}})


def run(stack, arn, key, body, invocations, extra_env=None, deliver=None):
    """Starts the function at 5 ms a call, then uploads `body` as `key` (or calls `deliver`), and waits."""
    return run_upload(stack, arn, key, body, invocations, deliver=deliver, interval_ms=5, extra_env=extra_env)


def connect_calls(stack):
    return [c["operation"] for c in stack.calls() if c["service"] == "Connect"]


def test_delete_150_of_200_users_with_their_quick_connects_then_the_same_event_again_deletes_nothing(fresh):
    stack = fresh
    arn, instance_id = instance_arn(stack)
    seed_users(stack, instance_id, 200, "del")
    seeded = {login: uid for login, uid in logins(stack, instance_id).items() if login.startswith("del")}
    assert len(seeded) == 200
    seed_quick_connects(stack, instance_id, seeded, every=7)
    before_quick = quick_connects(stack, instance_id)
    others_before = {login for login in logins(stack, instance_id) if not login.startswith("del")}

    leaving = [f"del{index}" for index in range(150)]
    unknown = [f"ghost{index}" for index in range(5)]
    # Every other cell is ignored: a wrong password, a routing profile that does not exist.
    rows = [{"user login": login, "first name": "Any", "routing profile name": "No Such Profile", "password": "x"} for login in leaving]
    rows.insert(40, {"user login": "del3"})  # the duplicate
    rows += [{"user login": login} for login in unknown]
    stack.reset_calls()
    # One function process for the file and, later, its re-delivery (a process that was
    # stopped may still hold a /next poll the stack would hand the re-delivery to).
    function = Function(stack, arn, interval_ms=5)
    try:
        stack.client("s3").put_object(Bucket="agents", Key="delete/leavers.csv", Body=to_csv(rows))
        records = wait_for_invocations(stack, 1)
        assert records[-1]["status"] == "succeeded", function.logs()
        result = json.loads(records[-1]["response"])["results"][0]
        calls = connect_calls(stack)  # before this test's own reads below
        checks_of_the_first_run(stack, instance_id, result, calls, seeded, before_quick, others_before, leaving, unknown)
        after = logins(stack, instance_id)

        # The same event again (a re-delivery): nothing is deleted, no "not found" is reported.
        stack.reset_calls()
        stack.admin("POST", f"/_local/invocations/{records[0]['requestIDs'][0]}/redeliver")
        records = wait_for_invocations(stack, 2)
        assert records[-1]["status"] == "succeeded", function.logs()
        again = json.loads(records[-1]["response"])["results"][0]
    finally:
        function.stop()
    assert again["status"] in ("missing", "duplicate"), again
    assert "not found" not in json.dumps(again)
    assert not [c for c in connect_calls(stack) if c in MUTATING]
    assert logins(stack, instance_id) == after
    assert len([k for k in objects(stack.client("s3"), "failed/")]) == 1


def checks_of_the_first_run(stack, instance_id, result, calls, seeded, before_quick, others_before, leaving, unknown):
    assert (result["status"], result["rows"], result["deleted"], result["failed"]) == ("completed", 156, 150, 6), result
    assert (result["created"], result["updated"], result["unchanged"]) == (0, 0, 0)

    # Exactly those users, and exactly their quick connects, are gone.
    after = logins(stack, instance_id)
    assert set(seeded) - set(after) == set(leaving)
    assert {login for login in after if not login.startswith("del")} == others_before
    gone_ids = {seeded[login] for login in leaving}
    expected_quick = {name: config for name, config in before_quick.items()
                      if config.get("UserConfig", {}).get("UserId") not in gone_ids}
    assert quick_connects(stack, instance_id) == expected_quick
    assert "sales queue" in expected_quick and any(name.startswith("to del1") for name in expected_quick)
    removed_quick = len(before_quick) - len(expected_quick)
    assert removed_quick > 20

    # The unknown and duplicate rows are in the failure file, with their reasons.
    failed = [k for k in objects(stack.client("s3"), "failed/") if k.startswith("failed/failedActions-")]
    assert len(failed) == 1
    text = stack.client("s3").get_object(Bucket="agents", Key=failed[0])["Body"].read().decode("utf-8-sig")
    reasons = [(r["user login"], r["error"]) for r in csv.DictReader(io.StringIO(text))]
    assert [login for login, _ in reasons] == ["del3"] + unknown
    assert "more than once" in reasons[0][1]
    assert all("not found in the instance" in reason for _, reason in reasons[1:])

    # Calls: one DeleteUser per existing row, one DeleteQuickConnect per quick connect of theirs,
    # one SearchUsers (500 logins a call) and one quick connect listing for the whole file.
    assert calls.count("DeleteUser") == 150
    assert calls.count("DeleteQuickConnect") == removed_quick
    assert calls.count("SearchUsers") == 1
    assert calls.count("SearchQuickConnects") == 1  # fewer than 100 quick connects: one page
    assert "ListQuickConnects" not in calls and "DescribeQuickConnect" not in calls
    assert calls.count("ListUsers") == 1  # the 5 unknown logins are confirmed once (the search index may lag)
    assert len(calls) == 150 + removed_quick + 3
    assert [k for k in objects(stack.client("s3"), "delete/")] and all(
        k.endswith(".csv.bak") for k in objects(stack.client("s3"), "delete/"))
    summaries = [k for k in objects(stack.client("s3"), "results/")]
    summary = json.loads(stack.client("s3").get_object(Bucket="agents", Key=summaries[0])["Body"].read())
    assert summary["deleted"] == 150


def test_a_file_above_the_guard_deletes_nothing_and_says_why(fresh):
    stack = fresh
    arn, instance_id = instance_arn(stack)
    seed_users(stack, instance_id, 12, "many")
    before = logins(stack, instance_id)
    stack.reset_calls()
    body = to_csv([{"user login": f"many{index}"} for index in range(12)])
    result, _ = run(stack, arn, "delete/everyone.csv", body, 1, extra_env={"MAX_DELETES_PER_FILE": "10"})
    assert result["status"] == "rejected", result
    assert "12 users" in result["message"] and "10" in result["message"]
    assert "nothing was deleted" in result["message"] and "split" in result["message"] and "MaxDeletesPerFile" in result["message"]
    assert connect_calls(stack) == []
    assert logins(stack, instance_id) == before
    kept = [k for k in objects(stack.client("s3"), "failed/") if k.startswith("failed/everyone-")]
    assert len(kept) == 1
    assert stack.client("s3").get_object(Bucket="agents", Key=kept[0])["Body"].read() == body
    summaries = objects(stack.client("s3"), "results/")
    assert len(summaries) == 1
    assert json.loads(stack.client("s3").get_object(Bucket="agents", Key=summaries[0])["Body"].read())["message"] == result["message"]

