"""Starts the built `connect-local` on a free loopback port for the whole test session.

The binary is the one `swift build` made (`.build/debug/connect-local`, or `CONNECT_LOCAL`).
Clients are boto3's own, signed as usual with the local stack's default key pair.
"""
import json
import os
import pathlib
import signal
import subprocess
import time
import urllib.request

import boto3
import pytest
from botocore.config import Config

ROOT = pathlib.Path(__file__).resolve().parents[2]
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
REGION = "us-east-1"


def binary():
    path = os.environ.get("CONNECT_LOCAL") or str(ROOT / ".build" / "debug" / "connect-local")
    if not os.path.exists(path):
        pytest.fail(f"{path} does not exist: run `swift build` first")
    return path


class LocalStack:
    """One running connect-local process and helpers for its admin paths.

    Its Service Quotas lists no Connect API rate unless `quotas` is true (`--no-api-quotas`):
    the function then paces every lane at the `API_INTERVAL_MS` a test gives it, as the tests
    measure. With `quotas`, it serves AWS's defaults (and what `args` apply), and the function
    paces at them."""

    def __init__(self, *args, quotas=False):
        extra = [] if quotas else ["--no-api-quotas"]
        self.process = subprocess.Popen(
            [binary(), "--port", "0", *extra, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        deadline = time.monotonic() + 30
        self.endpoint = None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            if "listening on " in line:
                self.endpoint = line.strip().split("listening on ", 1)[1].split()[0]
                break
        if self.endpoint is None:
            self.stop()
            raise RuntimeError("connect-local did not say where it listens: " + self.process.stderr.read())

    def admin(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.endpoint + path, data=data, method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
            return json.loads(text) if text else None

    def calls(self):
        return self.admin("GET", "/_local/calls")

    def reset_calls(self):
        self.admin("DELETE", "/_local/calls")

    def client(self, service, **config):
        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"}, **config),
        )

    def stop(self):
        stop_process(self.process)


def stop_process(process, grace=10):
    """SIGTERM, then SIGKILL if it is still there after `grace` seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=grace)


@pytest.fixture(scope="session")
def stack():
    # Conformance tests make many calls quickly; the throttle has its own test and stack.
    running = LocalStack("--rate", "1000", "--burst", "1000")
    yield running
    running.stop()
    assert running.process.returncode == 0, "connect-local did not stop cleanly on SIGTERM"


@pytest.fixture()
def fresh(tmp_path):
    """A stack of its own for one test, so calls and invocations count from zero; its bucket is
    far above the function's pace, with AWS's burst."""
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"throttle": {"ratePerSecond": 1000, "burst": 5}}))
    running = LocalStack("--config", str(config))
    yield running
    running.stop()
