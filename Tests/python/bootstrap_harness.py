"""Runs the real `bootstrap` binary against a running connect-local, as Lambda would run it."""
import json
import os
import subprocess
import time

from conftest import ACCESS_KEY, REGION, ROOT, SECRET_KEY, stop_process


def bootstrap_binary():
    return os.environ.get("BOOTSTRAP") or str(ROOT / ".build" / "debug" / "bootstrap")


def instance_arn(stack, kind="CONNECT_MANAGED"):
    instance = next(i for i in stack.admin("GET", "/_local/instances") if i["identityManagementType"] == kind)
    return f"arn:aws:connect:{REGION}:123456789012:instance/{instance['id']}", instance["id"]


class Function:
    """One bootstrap process polling the stack's Runtime API; its log lines are kept."""

    def __init__(self, stack, arn, interval_ms=20, retries=3, extra_env=None, unset=()):
        runtime = stack.endpoint.removeprefix("http://")
        env = {
            "PATH": os.environ.get("PATH", ""),
            "AWS_LAMBDA_RUNTIME_API": runtime,
            "AWS_REGION": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_ENDPOINT_URL": stack.endpoint,
            "CONNECT_INSTANCE_ARN": arn,
            "API_INTERVAL_MS": str(interval_ms),
            "NUMBER_OF_RETRIES": str(retries),
            "LOG_LEVEL": "DEBUG",
            "HOME": "/nonexistent",
        }
        env.update(extra_env or {})
        for name in unset:
            env.pop(name, None)
        self.log_path = ROOT / ".build" / f"bootstrap-{os.getpid()}-{time.monotonic_ns()}.log"
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen([bootstrap_binary()], env=env, stdout=self.log_file, stderr=subprocess.STDOUT)

    def stop(self):
        stop_process(self.process)
        self.log_file.close()
        return self.logs()

    def logs(self):
        return self.log_path.read_text(errors="replace")


def wait_for_invocations(stack, count, timeout=180):
    """Waits until at least `count` invocations exist and none is pending or running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        records = stack.admin("GET", "/_local/invocations")
        if len(records) >= count and all(r["status"] not in ("pending", "running") for r in records):
            return records
        time.sleep(0.2)
    raise AssertionError(f"invocations did not finish in {timeout}s: {stack.admin('GET', '/_local/invocations')}")


def run_upload(stack, arn, key, body, invocations, deliver=None, **function_options):
    """Starts the function, uploads `body` as `key` (or calls `deliver` instead), waits for
    `invocations` in all, and stops it: the last invocation's first result and the logs."""
    function = Function(stack, arn, **function_options)
    try:
        if deliver is not None:
            deliver()
        else:
            stack.client("s3").put_object(Bucket="agents", Key=key, Body=body)
        records = wait_for_invocations(stack, invocations)
    finally:
        logs = function.stop()
    assert records[-1]["status"] == "succeeded", logs
    return json.loads(records[-1]["response"])["results"][0], logs


def objects(s3, prefix):
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket="agents", Prefix=prefix)
    return [o["Key"] for page in pages for o in page.get("Contents", [])]
