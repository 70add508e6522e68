"""Issue 20.2: Amazon Connect is eventually consistent. connect-local with a 3 s creation lag
(a new user is not listed, not searched and 404 on its id for 3 s, as AWS's own example of
DescribeUser right after CreateUser): the real `bootstrap` creates a file of users with tags
and proficiencies and every user ends exactly as its row, no row failed, none created twice;
the same file dropped twice at once, and again while the users are still invisible, never
creates a user twice and reports each row once as created."""
import csv
import io
import threading
import time

from bootstrap_harness import Function, instance_arn, wait_for_invocations
from conftest import LocalStack
from test_export import HEADER, MUTATING, connect_calls

LAG_MS = 3000
ROWS = 12
LANGUAGES = ["English", "Spanish", "French"]


def row(i):
    return {"first name": f"Lag{i}", "last name": "Agent", "email address": f"lag{i}@example.com", "password": "L4gAgentPassword",
            "user login": f"lag{i:02d}", "routing profile name": "Basic Routing Profile",
            "security_profile_name_1|security_profile_name_2": "Agent", "phone type (soft/desk)": "soft",
            "soft phone auto accept (yes/no)": "no", "ACW timeout (seconds)": str(10 + i), "UserHierarchy": "(none)",
            "tags": f"team=lag|row={i}", "proficiencies": f"Language:{LANGUAGES[i % 3]}:{1 + i % 5}|Technology:Billing:3"}


def sheet(count):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(row(i) for i in range(count))
    return buffer.getvalue().encode()


def start(tmp_path):
    (tmp_path / "config.json").write_text('{"throttle": {"ratePerSecond": 1000, "burst": 5}, "connect": {"creationLagMs": %d}}' % LAG_MS)
    return LocalStack("--config", str(tmp_path / "config.json"))


def completed(records):
    import json
    out = []
    for record in records:
        assert record["status"] == "succeeded", record
        out += [r for r in json.loads(record["response"])["results"] if r["status"] == "completed"]
    return out


def check_users(stack, instance_id):
    """Every row's user exactly as its row, once."""
    connect = stack.client("connect")
    users = [u for u in stack.admin("GET", f"/_local/users/{instance_id}") if u["username"].startswith("lag")]
    assert sorted(u["username"] for u in users) == [f"lag{i:02d}" for i in range(ROWS)]
    time.sleep(LAG_MS / 1000 + 0.5)  # visible to boto3 too
    for i in range(ROWS):
        [user] = [u for u in users if u["username"] == f"lag{i:02d}"]
        described = connect.describe_user(InstanceId=instance_id, UserId=user["id"])["User"]
        assert described["Tags"] == {"team": "lag", "row": str(i)}, described
        assert described["IdentityInfo"]["FirstName"] == f"Lag{i}"
        assert described["PhoneConfig"]["AfterContactWorkTimeLimit"] == 10 + i
        proficiencies = connect.list_user_proficiencies(InstanceId=instance_id, UserId=user["id"])["UserProficiencyList"]
        assert sorted((p["AttributeName"], p["AttributeValue"], p["Level"]) for p in proficiencies) == sorted(
            [("Language", LANGUAGES[i % 3], float(1 + i % 5)), ("Technology", "Billing", 3.0)]), proficiencies


def test_a_create_with_tags_and_proficiencies_ends_as_its_rows_under_a_creation_lag(tmp_path):
    stack = start(tmp_path)
    function = None
    try:
        arn, instance_id = instance_arn(stack)
        function = Function(stack, arn, interval_ms=2)
        stack.client("s3").put_object(Bucket="agents", Key="create/lag.csv", Body=sheet(ROWS))
        [report] = completed(wait_for_invocations(stack, 1, timeout=120))
        assert (report["rows"], report["created"], report["failed"]) == (ROWS, ROWS, 0), report
        calls = connect_calls(stack)
        assert calls["CreateUser"] == ROWS and calls["AssociateUserProficiencies"] >= ROWS, calls
        logs = function.stop()
        function = None
        assert "not visible yet" in logs  # the lag was met, and waited out
        check_users(stack, instance_id)
    finally:
        if function:
            function.stop()
        stack.stop()


def test_the_same_file_dropped_twice_at_once_and_again_during_the_lag_creates_each_user_once(tmp_path):
    stack = start(tmp_path)
    functions = []
    try:
        arn, instance_id = instance_arn(stack)
        functions = [Function(stack, arn, interval_ms=2), Function(stack, arn, interval_ms=2)]
        s3 = stack.client("s3")
        body = sheet(ROWS)
        drops = [threading.Thread(target=s3.put_object, kwargs={"Bucket": "agents", "Key": key, "Body": body})
                 for key in ("create/first.csv", "create/second.csv")]
        for thread in drops:
            thread.start()
        for thread in drops:
            thread.join()
        reports = completed(wait_for_invocations(stack, 2, timeout=180))
        # Dropped again at once, while the users are still invisible to every listing.
        s3.put_object(Bucket="agents", Key="create/third.csv", Body=body)
        reports += completed(wait_for_invocations(stack, 3, timeout=180)[2:])
        assert len(reports) == 3
        for report in reports:
            assert (report["rows"], report["created"], report["failed"]) == (ROWS, ROWS, 0), report
        check_users(stack, instance_id)
        creates = [c for c in stack.calls() if c["operation"] == "CreateUser" and c["status"] == 200]
        assert len(creates) == ROWS, len(creates)
    finally:
        for function in functions:
            function.stop()
        stack.stop()
