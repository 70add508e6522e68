"""Deployment end to end: the Lambda package as Lambda would run it, and deploy/deploy.sh
against moto's CloudFormation on loopback."""
import os
import stat
import subprocess
import time
import zipfile

import pytest

from bootstrap_harness import instance_arn, objects, wait_for_invocations
from conftest import ACCESS_KEY, REGION, ROOT, SECRET_KEY, stop_process
from deploy_harness import INSTANCE_ARN, MotoServer
from test_bootstrap_create import to_csv, valid_rows

PACKAGE = os.environ.get("PACKAGE_ZIP") or str(ROOT / ".build-package" / "bootstrap.zip")


@pytest.fixture(scope="module")
def package():
    if not os.path.exists(PACKAGE):
        pytest.skip(f"{PACKAGE} has not been built: run deploy/package.sh (deploy/test.sh does before pytest)")
    return PACKAGE


def test_the_zip_holds_only_an_executable_bootstrap(package):
    with zipfile.ZipFile(package) as archive:
        (entry,) = archive.infolist()
    assert entry.filename == "bootstrap"
    assert stat.S_IMODE(entry.external_attr >> 16) & 0o111 == 0o111


def test_the_unzipped_package_serves_an_invocation_with_only_the_documented_environment(package, fresh, tmp_path):
    """As Lambda runs it: /var/task/bootstrap from the zip, and only the Runtime API address and
    the documented variables (no PATH, no HOME, nothing from the build machine)."""
    task = tmp_path / "task"
    task.mkdir()
    with zipfile.ZipFile(package) as archive:
        archive.extractall(task)
    bootstrap = task / "bootstrap"
    bootstrap.chmod(0o755)  # extractall drops the mode; Lambda keeps it
    arn, instance_id = instance_arn(fresh)
    environment = {
        "AWS_LAMBDA_RUNTIME_API": fresh.endpoint.removeprefix("http://"),
        "CONNECT_INSTANCE_ARN": arn,
        "NUMBER_OF_RETRIES": "3",
        "API_INTERVAL_MS": "20",
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_ENDPOINT_URL": fresh.endpoint,
    }
    log = open(tmp_path / "bootstrap.log", "w")
    process = subprocess.Popen([str(bootstrap)], cwd=task, env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        s3 = fresh.client("s3")
        s3.put_object(Bucket="agents", Key="create/packaged.csv", Body=to_csv(valid_rows(3, "pkg")))
        records = wait_for_invocations(fresh, 1, timeout=120)
    finally:
        stop_process(process)
        log.close()
    logs = (tmp_path / "bootstrap.log").read_text(errors="replace")
    assert [r["status"] for r in records] == ["succeeded"], logs
    users = {u["username"] for u in fresh.admin("GET", f"/_local/users/{instance_id}")}
    assert {"pkg0", "pkg1", "pkg2"} <= users
    assert any(k.startswith("create/packaged-") and k.endswith(".csv.bak") for k in objects(s3, "create/"))
    assert "no version information" not in logs


def fake_package(path):
    """A zip whose bootstrap has an x86_64 ELF header: enough for deploy.sh and moto."""
    header = b"\x7fELF\x02\x01\x01" + bytes(9) + (2).to_bytes(2, "little") + (62).to_bytes(2, "little")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("bootstrap"), header + bytes(64))
    return path


def test_deploy_sh_creates_the_stack_then_changes_nothing(tmp_path):
    moto = MotoServer(ROOT / ".build" / f"moto-deploy-{os.getpid()}.log")
    try:
        command = ["bash", str(ROOT / "deploy" / "deploy.sh"), "--instance-arn", INSTANCE_ARN,
                   "--bucket", "agents-deployed", "--code-bucket", "deploy-code", "--retries", "5",
                   "--stack-name", "team-agents", "--package", str(fake_package(tmp_path / "bootstrap.zip"))]
        runs = []
        for _ in range(2):
            started = time.monotonic()
            result = subprocess.run(command, env=moto.env(), capture_output=True, text=True, timeout=300)
            assert result.returncode == 0, result.stdout + result.stderr
            runs.append((result.stdout, time.monotonic() - started))
        first, second = runs[0][0], runs[1][0]
        for output in (first, second):
            assert "create agents: drop a CSV into s3://agents-deployed/create/" in output
            assert "update agents: drop a CSV into s3://agents-deployed/update/" in output
            assert "delete agents: drop a CSV into s3://agents-deployed/delete/" in output
            assert "export agents: drop any object into s3://agents-deployed/export/" in output
        assert "Successfully created/updated stack - team-agents" in first
        assert "already uploaded" in second and "No changes to deploy" in second

        cloudformation = moto.client("cloudformation")
        (stack,) = cloudformation.describe_stacks(StackName="team-agents")["Stacks"]
        assert stack["StackStatus"] in ("CREATE_COMPLETE", "UPDATE_COMPLETE")
        parameters = {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}
        assert parameters["AmazonConnectARN"] == INSTANCE_ARN and parameters["NumberOfRetries"] == "5"
        assert parameters["Architecture"] == "x86_64"
        assert parameters["MaxDeletesPerFile"] == "500"
        assert parameters["CodeS3Key"].startswith("connect-agents-bulk/bootstrap-")
        code = moto.client("s3").list_objects_v2(Bucket="deploy-code")["Contents"]
        assert [o["Key"] for o in code] == [parameters["CodeS3Key"]]
        function = [r for r in cloudformation.describe_stack_resources(StackName="team-agents")["StackResources"]
                    if r.get("LogicalResourceId") == "Function"][0]["PhysicalResourceId"]
        configuration = moto.client("lambda").get_function_configuration(FunctionName=function)
        assert str(configuration["Environment"]["Variables"]["NUMBER_OF_RETRIES"]) == "5"
        print(f"deploy.sh: first run {runs[0][1]:.1f} s, second {runs[1][1]:.1f} s")
    finally:
        moto.stop()
