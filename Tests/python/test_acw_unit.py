"""Issue 20.1: the unit of SearchUsers' per-channel ACW is documented nowhere, so the function
finds it from the service and must be right under either reading. The real `bootstrap` against
connect-local serving the per-channel ACW in milliseconds, then in seconds: an export writes
every user's own ACW; dropped into update/ it makes no mutating call; a row changing only one
channel's ACW (or only the callback ACW) changes that and nothing else; the same file dropped
again makes no mutating call; each summary says which unit was found and how."""
import csv
import io
import json

import pytest

from bootstrap_harness import instance_arn, objects, run_upload
from export_harness import expected_cells, read_export, start_stack
from test_export import HEADER, MUTATING, connect_calls, export_once

COUNT = 40
ACW_COLUMNS = ["voice ACW timeout (seconds)", "chat ACW timeout (seconds)", "task ACW timeout (seconds)",
               "email ACW timeout (seconds)", "callback ACW timeout (seconds)"]


def sheet(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def acw(stack, instance_id, username):
    """The user's ACW by channel (and VOICE's callback), as DescribeUser (seconds) reports it."""
    connect = stack.client("connect")
    [summary] = [u for u in connect.list_users(InstanceId=instance_id)["UserSummaryList"] if u["Username"] == username]
    user = connect.describe_user(InstanceId=instance_id, UserId=summary["Id"])["User"]
    out = {}
    for item in user["AfterContactWorkConfigs"]:
        out[item["Channel"]] = item["AfterContactWorkConfig"]["AfterContactWorkTimeLimit"]
        if "AgentFirstCallbackAfterContactWorkConfig" in item:
            out["CALLBACK"] = item["AgentFirstCallbackAfterContactWorkConfig"]["AfterContactWorkTimeLimit"]
    return out


def drop(stack, arn, key, body):
    invocations = len(stack.admin("GET", "/_local/invocations"))
    stack.reset_calls()
    report, logs = run_upload(stack, arn, key, body, invocations + 1, interval_ms=2)
    return report, connect_calls(stack), logs


@pytest.mark.parametrize("unit", ["milliseconds", "seconds"])
def test_every_acw_is_right_under_either_reading_of_search_users_unit(tmp_path, unit):
    stack = start_stack(tmp_path, COUNT, connect={"searchChannelAfterContactWorkUnit": unit})
    try:
        arn, instance_id = instance_arn(stack)
        s3 = stack.client("s3")
        reports, _ = export_once(stack, arn)
        [export] = [r for r in reports if r["status"] == "completed"]
        assert export["afterContactWork"]["unit"] == unit, export
        assert "in SearchUsers and" in export["afterContactWork"]["how"], export
        body = s3.get_object(Bucket="agents", Key=export["export"])["Body"].read()
        _, rows = read_export(body)
        by_login = {r["user login"]: r for r in rows}
        # Every exported ACW is the user's own.
        for i in range(COUNT):
            row, want = by_login[f"agent{i:04d}"], expected_cells(i)
            assert [row[c] for c in ACW_COLUMNS] == [want[c] for c in ACW_COLUMNS], i

        # The export dropped into update/: nothing to change.
        report, calls, logs = drop(stack, arn, "update/export.csv", body)
        assert (report["unchanged"], report["updated"], report["failed"]) == (COUNT + 3, 0, 0), report
        assert not set(calls) & MUTATING, calls
        assert report["afterContactWork"]["unit"] == unit, report

        # Only chat's ACW on one row, only the callback ACW on another: one UpdateUserConfig
        # each, and every other ACW as it was.
        before = {name: acw(stack, instance_id, name) for name in ("agent0001", "agent0002")}
        change = sheet([{"user login": "agent0001", "chat ACW timeout (seconds)": "77"},
                        {"user login": "agent0002", "callback ACW timeout (seconds)": "9"}])
        report, calls, logs = drop(stack, arn, "update/one-channel.csv", change)
        assert (report["updated"], report["failed"]) == (2, 0), report
        assert {op: n for op, n in calls.items() if op in MUTATING} == {"UpdateUserConfig": 2}, calls
        assert acw(stack, instance_id, "agent0001") == {**before["agent0001"], "CHAT": 77}
        assert acw(stack, instance_id, "agent0002") == {**before["agent0002"], "CALLBACK": 9}

        # The same file again: already as asked.
        report, calls, logs = drop(stack, arn, "update/one-channel.csv", change)
        assert (report["unchanged"], report["updated"], report["failed"]) == (2, 0, 0), report
        assert not set(calls) & MUTATING, calls
        assert "UpdateUserConfig" not in logs
    finally:
        stack.stop()
