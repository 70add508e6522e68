"""boto3's `s3` client, S3 event notifications into the Lambda Runtime API, and the AWS CLI,
against the local stack."""
import json
import os
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request

import pytest

from conftest import ACCESS_KEY, REGION, SECRET_KEY, LocalStack


@pytest.fixture(scope="module")
def s3(stack):
    return stack.client("s3")


def invocations_for(stack, key):
    found = []
    for record in stack.admin("GET", "/_local/invocations"):
        event = json.loads(record["payload"])
        if any(r["s3"]["object"]["key"] == key for r in event["Records"]):
            found.append(event)
    return found


def test_object_operations_and_errors(s3):
    s3.create_bucket(Bucket="conformance")
    with pytest.raises(s3.exceptions.BucketAlreadyOwnedByYou):
        s3.create_bucket(Bucket="conformance")
    put = s3.put_object(Bucket="conformance", Key="dir/a b+c.csv", Body=b"first name,last name\n", ContentType="text/csv")
    got = s3.get_object(Bucket="conformance", Key="dir/a b+c.csv")
    assert got["Body"].read() == b"first name,last name\n"
    assert got["ETag"] == put["ETag"] and got["ContentType"] == "text/csv"
    assert s3.head_object(Bucket="conformance", Key="dir/a b+c.csv")["ContentLength"] == 21
    s3.copy_object(Bucket="conformance", Key="dir/copy.csv", CopySource={"Bucket": "conformance", "Key": "dir/a b+c.csv"})
    for index in range(5):
        s3.put_object(Bucket="conformance", Key=f"many/{index}.csv", Body=b"x")
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket="conformance", Prefix="many/", PaginationConfig={"PageSize": 2}))
    assert [o["Key"] for p in pages for o in p.get("Contents", [])] == [f"many/{i}.csv" for i in range(5)]
    assert len(pages) == 3
    s3.delete_object(Bucket="conformance", Key="dir/copy.csv")
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.get_object(Bucket="conformance", Key="dir/copy.csv")
    with pytest.raises(s3.exceptions.ClientError) as excinfo:
        s3.head_object(Bucket="conformance", Key="dir/copy.csv")
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    with pytest.raises(s3.exceptions.NoSuchBucket):
        s3.list_objects_v2(Bucket="missing-bucket")
    with pytest.raises(s3.exceptions.ClientError) as excinfo:
        s3.put_object(Bucket="conformance", Key="dir/a b+c.csv", Body=b"again", IfNoneMatch="*")
    assert excinfo.value.response["Error"]["Code"] == "PreconditionFailed"


def test_copy_and_delete_only_the_version_named(s3):
    """CopyObject's CopySourceIfMatch / CopySourceIfNoneMatch and DeleteObject's IfMatch, as
    botocore's model names them, answered as S3 answers them (412 PreconditionFailed; a
    conditional delete of a missing object is NoSuchKey)."""
    s3.create_bucket(Bucket="conditions")
    first = s3.put_object(Bucket="conditions", Key="create/agents.csv", Body=b"first")["ETag"]
    copied = s3.copy_object(Bucket="conditions", Key="create/agents-1.csv.bak", CopySourceIfMatch=first,
                            CopySource={"Bucket": "conditions", "Key": "create/agents.csv"})
    assert copied["CopyObjectResult"]["ETag"] == first
    second = s3.put_object(Bucket="conditions", Key="create/agents.csv", Body=b"second")["ETag"]
    with pytest.raises(s3.exceptions.ClientError) as excinfo:
        s3.copy_object(Bucket="conditions", Key="create/agents-2.csv.bak", CopySourceIfMatch=first, IfNoneMatch="*",
                       CopySource={"Bucket": "conditions", "Key": "create/agents.csv"})
    assert excinfo.value.response["Error"]["Code"] == "PreconditionFailed"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412
    assert "Contents" not in s3.list_objects_v2(Bucket="conditions", Prefix="create/agents-2")
    with pytest.raises(s3.exceptions.ClientError) as excinfo:
        s3.copy_object(Bucket="conditions", Key="create/other.csv", CopySourceIfNoneMatch=second,
                       CopySource={"Bucket": "conditions", "Key": "create/agents.csv"})
    assert excinfo.value.response["Error"]["Code"] == "PreconditionFailed"
    s3.copy_object(Bucket="conditions", Key="create/other.csv", CopySourceIfNoneMatch=first,
                   CopySource={"Bucket": "conditions", "Key": "create/agents.csv"})

    with pytest.raises(s3.exceptions.ClientError) as excinfo:
        s3.delete_object(Bucket="conditions", Key="create/agents.csv", IfMatch=first)
    assert excinfo.value.response["Error"]["Code"] == "PreconditionFailed"
    assert s3.get_object(Bucket="conditions", Key="create/agents.csv")["Body"].read() == b"second"
    deleted = s3.delete_object(Bucket="conditions", Key="create/agents.csv", IfMatch=second)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(s3.exceptions.ClientError) as excinfo:
        s3.delete_object(Bucket="conditions", Key="create/agents.csv", IfMatch=second)
    assert excinfo.value.response["Error"]["Code"] == "NoSuchKey"
    # Without a condition, deleting what is not there succeeds.
    assert s3.delete_object(Bucket="conditions", Key="create/agents.csv")["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_only_matching_writes_start_the_function(stack, s3):
    s3.put_object(Bucket="agents", Key="create/x.csv", Body=b"user login\nrroe\n")
    s3.put_object(Bucket="agents", Key="create/x.csv.bak", Body=b"user login\n")
    s3.put_object(Bucket="agents", Key="failed/failedActions-20261125T090000Z.csv.bak", Body=b"user login\n")
    s3.put_object(Bucket="agents", Key="other/x.csv", Body=b"user login\n")
    events = invocations_for(stack, "create/x.csv")
    assert len(events) == 1
    record = events[0]["Records"][0]
    assert record["eventSource"] == "aws:s3" and record["eventName"] == "ObjectCreated:Put"
    assert record["s3"]["bucket"]["name"] == "agents" and record["s3"]["bucket"]["arn"] == "arn:aws:s3:::agents"
    assert record["s3"]["object"]["size"] == 16
    for key in ("create/x.csv.bak", "failed/failedActions-20261125T090000Z.csv.bak", "other/x.csv"):
        assert invocations_for(stack, urllib.parse.quote_plus(key, safe="/")) == []


def test_event_keys_are_encoded_as_s3_encodes_them(stack, s3):
    s3.put_object(Bucket="agents", Key="update/my agents+1 (é).csv", Body=b"user login\n")
    events = invocations_for(stack, "update/my+agents%2B1+%28%C3%A9%29.csv")
    assert len(events) == 1
    encoded = events[0]["Records"][0]["s3"]["object"]["key"]
    assert urllib.parse.unquote_plus(encoded) == "update/my agents+1 (é).csv"


def test_runtime_api_delivers_the_event(stack, s3):
    s3.put_object(Bucket="agents", Key="update/runtime.csv", Body=b"user login\n")
    # Take invocations until ours arrives (earlier tests queued others); each is answered.
    for _ in range(20):
        with urllib.request.urlopen(stack.endpoint + "/2018-06-01/runtime/invocation/next", timeout=10) as response:
            request_id = response.headers["Lambda-Runtime-Aws-Request-Id"]
            assert int(response.headers["Lambda-Runtime-Deadline-Ms"]) > 0
            assert response.headers["Lambda-Runtime-Invoked-Function-Arn"].startswith("arn:aws:lambda:")
            assert response.headers["Lambda-Runtime-Trace-Id"].startswith("Root=1-")
            event = json.loads(response.read())
        answer = urllib.request.Request(stack.endpoint + f"/2018-06-01/runtime/invocation/{request_id}/response",
                                        data=b'{"ok":true}', method="POST")
        with urllib.request.urlopen(answer, timeout=10) as accepted:
            assert accepted.status == 202
        if event["Records"][0]["s3"]["object"]["key"] == "update/runtime.csv":
            break
    else:
        pytest.fail("the event for update/runtime.csv never arrived")
    statuses = [r["status"] for r in stack.admin("GET", "/_local/invocations")
                if "update/runtime.csv" in r["payload"]]
    assert statuses == ["succeeded"]


def test_aws_cli_copies_then_lists_users(stack, tmp_path):
    environment = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY, AWS_DEFAULT_REGION=REGION,
                       AWS_CONFIG_FILE=str(tmp_path / "none"), AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"))
    sheet = tmp_path / "agents.csv"
    sheet.write_text("user login\nrroe\n")
    copied = subprocess.run(["aws", "--endpoint-url", stack.endpoint, "s3", "cp", str(sheet), "s3://agents/create/"],
                            env=environment, capture_output=True, text=True, timeout=60)
    assert copied.returncode == 0, copied.stderr
    assert len(invocations_for(stack, "create/agents.csv")) == 1
    managed = next(i for i in stack.admin("GET", "/_local/instances") if i["identityManagementType"] == "CONNECT_MANAGED")["id"]
    listed = subprocess.run(["aws", "--endpoint-url", stack.endpoint, "connect", "list-users", "--instance-id", managed],
                            env=environment, capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert "UserSummaryList" in json.loads(listed.stdout)


def test_s3_refuses_a_bad_signature(stack):
    import boto3
    from botocore.config import Config
    bad = boto3.client("s3", endpoint_url=stack.endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
                       aws_secret_access_key="wrong", config=Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"}))
    with pytest.raises(bad.exceptions.ClientError) as excinfo:
        bad.put_object(Bucket="agents", Key="create/forged.csv", Body=b"x")
    assert excinfo.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert invocations_for(stack, "create/forged.csv") == []


def test_an_event_can_be_redelivered_on_purpose(stack, s3):
    s3.put_object(Bucket="agents", Key="create/twice.csv", Body=b"user login\n")
    first = next(r for r in stack.admin("GET", "/_local/invocations") if "create/twice.csv" in r["payload"])
    again = stack.admin("POST", f"/_local/invocations/{first['requestIDs'][0]}/redeliver")
    assert again["requestId"] != first["requestIDs"][0]
    assert len(invocations_for(stack, "create/twice.csv")) == 2


def test_an_abandoned_poll_does_not_swallow_the_next_event():
    """A function stopped while it waits in `next` must not take the event from the one that
    replaced it."""
    own = LocalStack()
    try:
        port = int(own.endpoint.rsplit(":", 1)[1])
        abandoned = socket.create_connection(("127.0.0.1", port), timeout=5)
        abandoned.sendall(b"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: localhost\r\n\r\n")
        time.sleep(0.3)
        abandoned.close()
        result = {}

        def poll():
            with urllib.request.urlopen(own.endpoint + "/2018-06-01/runtime/invocation/next", timeout=10) as response:
                result["id"] = response.headers["Lambda-Runtime-Aws-Request-Id"]
                result["event"] = json.loads(response.read())

        poller = threading.Thread(target=poll)
        poller.start()
        time.sleep(0.3)
        request_id = own.admin("POST", "/_local/invoke", {"hello": "world"})["requestId"]
        poller.join(timeout=15)
        assert result == {"id": request_id, "event": {"hello": "world"}}
    finally:
        own.stop()
