"""The real `bootstrap` binary as Lambda runs it: configuration errors to init/error, the event
dispatch (what is ignored, what is not supported yet), rejected files, and its log lines."""
import json
import subprocess
import time
import urllib.parse

import pytest

from bootstrap_harness import Function, instance_arn, objects, wait_for_invocations


@pytest.fixture()
def stack(fresh):
    return fresh


def s3_event(*keys, bucket="agents"):
    """An S3 notification as S3 sends it: keys form-encoded (space as `+`)."""
    return {"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", "eventName": "ObjectCreated:Put",
        "s3": {"bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
               "object": {"key": urllib.parse.quote_plus(key, safe="/"), "size": 1}},
    } for key in keys]}


def invoke(stack, payload):
    request_id = stack.admin("POST", "/_local/invoke", payload)["requestId"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        record = next(r for r in stack.admin("GET", "/_local/invocations") if request_id in r["requestIDs"])
        if record["status"] not in ("pending", "running"):
            return record
        time.sleep(0.1)
    raise AssertionError(f"invocation {request_id} did not finish: {record}")


@pytest.mark.parametrize("variable, value, words", [
    ("CONNECT_INSTANCE_ARN", None, ["CONNECT_INSTANCE_ARN", "not set"]),
    ("CONNECT_INSTANCE_ARN", "arn:aws:s3:::agents", ["CONNECT_INSTANCE_ARN", "arn:aws:s3:::agents"]),
    ("CONNECT_INSTANCE_ARN", "arn:aws:connect:us-east-1:123456789012:instance/not-an-id", ["CONNECT_INSTANCE_ARN"]),
    ("NUMBER_OF_RETRIES", "many", ["NUMBER_OF_RETRIES", "many"]),
    ("NUMBER_OF_RETRIES", "11", ["NUMBER_OF_RETRIES", "11"]),
    ("API_INTERVAL_MS", "-5", ["API_INTERVAL_MS", "-5"]),
    ("MAX_DELETES_PER_FILE", "lots", ["MAX_DELETES_PER_FILE", "lots"]),
    ("MAX_DELETES_PER_FILE", "-1", ["MAX_DELETES_PER_FILE", "-1"]),
    ("API_RATES", "DescribeUser=fast", ["API_RATES", "DescribeUser", "requests a second"]),
    # A misspelt operation would pace nothing: refused, with the closest name (issue 20).
    ("API_RATES", "DescribeUsers=10",
     ["API_RATES names DescribeUsers, which is not an operation this function calls: did you mean DescribeUser?"]),
])
def test_bad_configuration_is_an_init_error_and_the_process_exits(stack, variable, value, words):
    arn, _ = instance_arn(stack)
    before = len(stack.admin("GET", "/_local/init-errors"))
    env = {} if value is None else {variable: value}
    function = Function(stack, arn, extra_env=env, unset=[variable] if value is None else [])
    try:
        status = function.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        function.stop()
        raise AssertionError("bootstrap kept running with a bad configuration")
    logs = function.stop()
    assert status != 0
    errors = stack.admin("GET", "/_local/init-errors")[before:]
    assert len(errors) == 1, logs
    assert errors[0]["errorType"] == "Function.ConfigurationError"
    body = json.loads(errors[0]["body"])
    assert set(body) == {"errorMessage", "errorType", "stackTrace"}
    for word in words:
        assert word in body["errorMessage"]


def test_dispatch_ignores_what_is_not_an_input_and_decodes_keys(stack):
    arn, _ = instance_arn(stack)
    s3 = stack.client("s3")
    s3.put_object(Bucket="agents", Key="update/agents list.csv", Body=b"user login\njdoe\n")
    ignored = ["create/agents-20260101T000000.000Z.csv.bak", "failed/failedActions-x.csv.bak", "failed/agents.csv",
               "results/agents.json", "other/agents.csv", "create/agents.txt", "createx/agents.csv"]
    stack.reset_calls()
    function = Function(stack, arn)
    try:
        record = invoke(stack, s3_event(*ignored, "update/agents list.csv"))
    finally:
        logs = function.stop()
    assert record["status"] == "succeeded", logs
    results = json.loads(record["response"])["results"]
    assert [r["input"] for r in results] == ignored + ["update/agents list.csv"]
    # S3's own event for the update file came first and was handled; ours finds it gone.
    assert [r["status"] for r in results] == ["ignored"] * len(ignored) + ["missing"]
    notified = [r for r in stack.admin("GET", "/_local/invocations") if r["requestIDs"] != record["requestIDs"]]
    assert len(notified) == 1 and "update/agents+list.csv" in notified[0]["payload"]  # form-encoded, as S3 sends it
    handled = json.loads(notified[0]["response"])["results"][0]
    assert (handled["input"], handled["status"], handled["unchanged"]) == ("update/agents list.csv", "completed", 1)
    # What is ignored costs nothing: the only S3 reads are of the update file.
    gets = [c for c in stack.calls() if c["service"] == "S3" and c["operation"] == "GetObject"]
    assert len(gets) == 2


def test_a_malformed_file_is_kept_whole_under_failed_with_a_clear_message(stack):
    arn, _ = instance_arn(stack)
    s3 = stack.client("s3")
    body = b'first name,last name,user login\r\nAna,"Unclosed,ana\r\n'
    s3.put_object(Bucket="agents", Key="create/broken.csv", Body=body)
    stack.reset_calls()
    function = Function(stack, arn)
    try:
        records = wait_for_invocations(stack, 1, timeout=60)
    finally:
        logs = function.stop()
    record = records[-1]
    assert record["status"] == "succeeded", logs
    result = json.loads(record["response"])["results"][0]
    assert result["status"] == "rejected"
    assert "quote" in result["message"].lower() and "line" in result["message"].lower()
    kept = [k for k in objects(s3, "failed/") if k.startswith("failed/broken-")]
    assert len(kept) == 1 and kept[0].endswith(".csv.bak")
    assert s3.get_object(Bucket="agents", Key=kept[0])["Body"].read() == body
    assert "create/broken.csv" not in objects(s3, "create/")
    assert [c for c in stack.calls() if c["service"] == "Connect"] == []


def test_log_lines_are_json_with_level_timestamp_and_request_id(stack):
    arn, _ = instance_arn(stack)
    function = Function(stack, arn, extra_env={"LOG_LEVEL": "INFO"})
    try:
        record = invoke(stack, s3_event("other/thing.csv"))
    finally:
        logs = function.stop()
    lines = [json.loads(line) for line in logs.splitlines() if line.strip()]
    assert lines, "no log lines"
    for line in lines:
        assert {"level", "timestamp"} <= set(line)
        assert time.strptime(line["timestamp"][:19], "%Y-%m-%dT%H:%M:%S")
    assert all(line["level"] != "DEBUG" for line in lines)
    in_invocation = [line for line in lines if line.get("requestId")]
    assert in_invocation and all(line["requestId"] in record["requestIDs"] for line in in_invocation)
