"""Helpers for the deployment tests: the CloudFormation template as data, and moto's server on
loopback standing in for CloudFormation, S3, IAM, Lambda, Logs and SQS."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import yaml

from conftest import ROOT, stop_process

TEMPLATE = ROOT / "template" / "connect-user-management.yaml"
ACCOUNT = "123456789012"  # moto's default account
REGION = "us-east-1"
INSTANCE_ID = "11111111-2222-4333-8444-555555555555"
INSTANCE_ARN = f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/{INSTANCE_ID}"


class _TemplateLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short forms (`!Ref X` -> {"Ref": "X"}, `!Sub s` -> {"Fn::Sub": s})."""


def _short_form(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_TemplateLoader.add_multi_constructor("!", _short_form)


def load_template():
    return yaml.load(TEMPLATE.read_text(), Loader=_TemplateLoader)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MotoServer:
    """`moto_server` on 127.0.0.1 and a free port; stop() ends it."""

    def __init__(self, log_path):
        executable = shutil.which("moto_server") or os.path.join(os.path.dirname(sys.executable), "moto_server")
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "w")
        self.process = subprocess.Popen([executable, "-H", "127.0.0.1", "-p", str(self.port)],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"moto_server exited with {self.process.returncode}: see {log_path}")
            try:
                with urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"moto_server did not answer on {self.endpoint} within 60 s")

    def env(self):
        """The environment for an AWS CLI or boto3 process that talks to this server only."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION, "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        })
        return env

    def client(self, service):
        import boto3
        return boto3.client(service, endpoint_url=self.endpoint, region_name=REGION,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        stop_process(self.process)
        self.log.close()
