"""The CloudFormation template: linters, its security properties, its IAM policy against the
operations the Swift clients implement, and a deployment into moto's CloudFormation."""
import ast
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile

import pytest

from conftest import ROOT
from deploy_harness import ACCOUNT, INSTANCE_ARN, TEMPLATE, MotoServer, load_template

CHECKOV = os.environ.get("CHECKOV") or str(ROOT / ".venv-checkov" / "bin" / "checkov")


@pytest.fixture(scope="module")
def template():
    return load_template()


def resources_of(template, kind):
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


# ---------------------------------------------------------------------------- linters


def test_cfn_lint_reports_nothing():
    command = [shutil.which("cfn-lint") or "cfn-lint", "--format", "parseable", str(TEMPLATE)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


def test_checkov_fails_nothing_and_every_skip_has_a_reason(template):
    if not os.path.exists(CHECKOV):
        pytest.fail(f"{CHECKOV} is missing: run .ci/run, or python3 -m venv .venv-checkov && "
                    ".venv-checkov/bin/pip install -r requirements-checkov.txt")
    # --skip-download and BC_SKIP_MAPPING keep checkov off the network (it would fetch
    # guidelines from its vendor's API); the checks themselves ship with the package.
    env = dict(os.environ, BC_SKIP_MAPPING="TRUE", CHECKOV_RUN_SCA_PACKAGE_SCAN_V2="false")
    result = subprocess.run([CHECKOV, "-f", str(TEMPLATE), "--framework", "cloudformation", "--skip-download",
                             "--output", "json"], capture_output=True, text=True, timeout=600, env=env)
    report = json.loads(result.stdout)
    summary = report["summary"]
    failed = [(c["check_id"], c["resource"]) for c in report["results"]["failed_checks"]]
    assert summary["failed"] == 0 and summary["parsing_errors"] == 0, failed
    assert summary["passed"] >= 25, summary
    skipped = report["results"]["skipped_checks"]
    assert skipped, "expected the documented skips"
    # Every skip written in the template has a reason and is one checkov applied (no stale one).
    written = set()
    for name, resource in template["Resources"].items():
        for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", []):
            assert len(skip.get("comment", "").split()) >= 8, f"{name}: {skip['id']} is skipped without a reason"
            written.add((name, skip["id"]))
    applied = {(c["resource"].split(".", 1)[1], c["check_id"]) for c in skipped}
    assert written == applied


# ---------------------------------------------------------------------------- properties


def test_bucket_is_encrypted_private_tls_only_and_expires_password_files(template):
    bucket = template["Resources"]["UserManagementBucket"]["Properties"]
    assert bucket["BucketName"] == {"Ref": "UserManagementS3BucketName"}
    rule = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] in ("AES256", "aws:kms")
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    expiring = {r["Prefix"]: r["ExpirationInDays"] for r in bucket["LifecycleConfiguration"]["Rules"] if "Prefix" in r}
    retention = {"Ref": "ProcessedFileRetentionDays"}
    assert expiring == {"create/": retention, "update/": retention, "delete/": retention, "plan/": retention, "failed/": retention,
                        "progress/": retention, "export/": retention, "exports/": retention}

    (policy,) = resources_of(template, "AWS::S3::BucketPolicy").values()
    assert policy["Properties"]["Bucket"] == {"Ref": "UserManagementBucket"}
    (deny,) = policy["Properties"]["PolicyDocument"]["Statement"]
    assert deny["Effect"] == "Deny" and deny["Principal"] == "*" and deny["Action"] == "s3:*"
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert len(deny["Resource"]) == 2 and deny["Resource"][1]["Fn::Sub"].endswith("}/*")


def test_csv_files_in_create_update_delete_and_plan_and_any_object_in_export_start_the_function(template):
    configurations = template["Resources"]["UserManagementBucket"]["Properties"]["NotificationConfiguration"]
    assert set(configurations) == {"LambdaConfigurations"}
    seen = set()
    for configuration in configurations["LambdaConfigurations"]:
        assert configuration["Event"] == "s3:ObjectCreated:*"
        assert configuration["Function"] == {"Fn::GetAtt": ["Function", "Arn"]}
        rules = {r["Name"]: r["Value"] for r in configuration["Filter"]["S3Key"]["Rules"]}
        seen.add((rules["prefix"], rules.get("suffix", "")))
    assert seen == {("create/", ".csv"), ("create/", ".CSV"), ("update/", ".csv"), ("update/", ".CSV"),
                    ("delete/", ".csv"), ("delete/", ".CSV"), ("plan/", ".csv"), ("plan/", ".CSV"), ("export/", "")}
    # The function's own writes never match: .bak inputs, failed/, results/.
    for key in ["create/a-20261125T111607.809Z.csv.bak", "failed/failedActions-20261125T111607.809Z.csv.bak",
                "results/a-20261125T111607.809Z.json", "results/a-20261125T111607.809Z.plan.csv",
                "plan/update/a-20261125T111607.809Z.csv.bak", "progress/0123456789abcdef.json", "other/a.csv",
                "exports/agents-20261125T111607.809Z.csv"]:
        assert not any(key.startswith(p) and key.endswith(s) for p, s in seen), key
    # A continuation of a file too large for one invocation must start the function again.
    for key in ["create/a.part2-0123456789abcdef.csv", "update/a.part3-0123456789abcdef.csv", "delete/a.part2-0123456789abcdef.csv",
                "plan/update/a.part2-0123456789abcdef.csv"]:
        assert any(key.startswith(p) and key.endswith(s) for p, s in seen), key


def test_function_runs_one_file_at_a_time_on_provided_al2023(template):
    function = template["Resources"]["Function"]["Properties"]
    assert function["Runtime"] == "provided.al2023" and function["Handler"] == "bootstrap"
    assert function["Timeout"] == 900 and function["ReservedConcurrentExecutions"] == 1
    assert function["Environment"]["Variables"] == {
        "CONNECT_INSTANCE_ARN": {"Ref": "AmazonConnectARN"},
        "NUMBER_OF_RETRIES": {"Ref": "NumberOfRetries"},
        "API_INTERVAL_MS": {"Ref": "ApiIntervalMs"},
        "MAX_DELETES_PER_FILE": {"Ref": "MaxDeletesPerFile"},
        "BUCKET_NAME": {"Ref": "UserManagementS3BucketName"},
        "API_RATES": {"Ref": "ApiRates"},
    }
    parameters = template["Parameters"]
    assert parameters["NumberOfRetries"]["Default"] == 3
    assert (parameters["NumberOfRetries"]["MinValue"], parameters["NumberOfRetries"]["MaxValue"]) == (0, 10)
    assert parameters["ApiIntervalMs"]["Default"] == 600
    # The guard of delete/: the same default and range as the function's own check.
    assert parameters["MaxDeletesPerFile"]["Default"] == 500
    assert (parameters["MaxDeletesPerFile"]["MinValue"], parameters["MaxDeletesPerFile"]["MaxValue"]) == (0, 1_000_000)
    # API_RATES: empty by default (every API at ApiIntervalMs); the pattern takes what the
    # function parses and refuses what it would refuse.
    assert parameters["ApiRates"]["Default"] == ""
    rates = re.compile(parameters["ApiRates"]["AllowedPattern"])
    for good in ["", "DescribeUser=10", "DescribeUser=10,ListUsers=2.5/5"]:
        assert rates.match(good), good
    for bad in ["DescribeUser", "describeUser=10", "DescribeUser=fast", "DescribeUser=10,", "DescribeUser=1.5.5"]:
        assert not rates.match(bad), bad
    pattern = re.compile(parameters["AmazonConnectARN"]["AllowedPattern"])
    assert pattern.match(INSTANCE_ARN)
    for bad in ["arn:aws:connect:us-east-1:12345678901:instance/11111111-2222-4333-8444-555555555555",
                "arn:aws:connect:us-east-1:123456789012:instance/not-a-uuid",
                "arn:aws:s3:::bucket", INSTANCE_ARN + "/agent/x"]:
        assert not pattern.match(bad), bad
    # The stack's name is free: nothing names one (the original tool's createUpdateStack).
    assert "createupdatestack" not in TEMPLATE.read_text().lower()


def test_the_export_schedule_is_off_unless_set_and_only_events_may_invoke_for_it(template):
    parameter = template["Parameters"]["ExportSchedule"]
    assert parameter["Default"] == ""
    pattern = re.compile(parameter["AllowedPattern"])
    for good in ["", "rate(1 day)", "rate(12 hours)", "cron(0 2 * * ? *)"]:
        assert pattern.match(good), good
    for bad in ["daily", "rate(0 days)", "rate(1 week)", "cron()"]:
        assert not pattern.match(bad), bad
    assert template["Conditions"]["ExportOnSchedule"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "ExportSchedule"}, ""]}]}
    rule = template["Resources"]["ExportScheduleRule"]
    assert rule["Type"] == "AWS::Events::Rule" and rule["Condition"] == "ExportOnSchedule"
    assert rule["Properties"]["ScheduleExpression"] == {"Ref": "ExportSchedule"}
    assert rule["Properties"]["Targets"] == [{"Id": "export", "Arn": {"Fn::GetAtt": ["Function", "Arn"]}}]
    permission = template["Resources"]["ScheduleInvokesFunction"]
    assert permission["Condition"] == "ExportOnSchedule"
    assert permission["Properties"] == {"Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["Function", "Arn"]},
                                        "Principal": "events.amazonaws.com",
                                        "SourceArn": {"Fn::GetAtt": ["ExportScheduleRule", "Arn"]}}
    # Nothing else is conditional: with the schedule off the stack is what it was.
    assert [n for n, r in template["Resources"].items() if "Condition" in r] == ["ExportScheduleRule", "ScheduleInvokesFunction"]


# ---------------------------------------------------------------------------- least privilege

# What each operation the clients send needs in IAM. A new operation fails the test until it
# is mapped here and granted in the template.
CONNECT_DEPENDENT_ACTIONS = {
    # The service authorization reference lists these as dependent actions.
    "DescribeInstance": {"ds:DescribeDirectories"},
    "SearchUsers": {"connect:DescribeUser", "connect:ListUserProficiencies"},
}
S3_ACTIONS = {
    "GetObject": {"s3:GetObject"},
    "HeadObject": {"s3:GetObject"},
    "PutObject": {"s3:PutObject"},
    "CopyObject": {"s3:GetObject", "s3:PutObject"},
    "DeleteObject": {"s3:DeleteObject"},
    "ListObjectsV2": {"s3:ListBucket"},
}
# Used by Lambda itself with the function's role: its log lines and its dead-letter queue.
PLATFORM_ACTIONS = {"logs:CreateLogStream", "logs:PutLogEvents", "sqs:SendMessage"}


def sent_operations(path):
    """Operation names a client passes to AWSClient.send (`operation: "X"` / `let operation = "X"`);
    for the Connect client, the `ConnectOperation` cases it names (`.createUser`)."""
    text = path.read_text()
    if path.name == "ConnectHTTPClient.swift":
        cases = dict(re.findall(r'case (\w+) = "(\w+)"', (path.parent / "ConnectOperation.swift").read_text()))
        used = set(re.findall(r'(?:operation(?::|\s*=)\s*(?:ConnectOperation)?)\.(\w+)', text))
        return {cases[name] for name in used if name in cases}
    return set(re.findall(r'operation(?::|\s*=)\s*"([A-Z][A-Za-z0-9]+)"', text))


def protocol_methods(path, protocol):
    text = path.read_text()
    body = text[text.index(f"protocol {protocol}"):]
    body = body[:body.index("\n}")]
    return set(re.findall(r"func (\w+)\(", body))


def test_the_clients_send_what_their_protocols_promise():
    connect = sent_operations(ROOT / "Sources/ConnectClient/ConnectHTTPClient.swift")
    client = ROOT / "Sources/ConnectClient"
    methods = protocol_methods(client / "ConnectReading.swift", "ConnectReading") | protocol_methods(
        client / "ConnectWriting.swift", "ConnectWriting")
    assert connect == {m[0].upper() + m[1:] for m in methods}
    s3 = sent_operations(ROOT / "Sources/S3Client/S3HTTPClient.swift")
    methods = protocol_methods(ROOT / "Sources/S3Client/ObjectStore.swift", "ObjectStore")
    named = {"listObjects": "ListObjectsV2", "object": "GetObject"}
    assert s3 == {named.get(m, m[0].upper() + m[1:]) for m in methods}


def granted_statements(template):
    statements = []
    role = template["Resources"]["FunctionRole"]["Properties"]
    for policy in role["Policies"]:
        statements += policy["PolicyDocument"]["Statement"]
    for policy in resources_of(template, "AWS::IAM::Policy").values():
        assert policy["Properties"]["Roles"] == [{"Ref": "FunctionRole"}]
        statements += policy["Properties"]["PolicyDocument"]["Statement"]
    for statement in statements:
        assert statement["Effect"] == "Allow" and "NotAction" not in statement and "NotResource" not in statement
        actions = statement["Action"]
        statement["Action"] = [actions] if isinstance(actions, str) else actions
        resources = statement["Resource"]
        statement["Resource"] = resources if isinstance(resources, list) else [resources]
    return statements


def quota_operations():
    """The Service Quotas operations its client lists (`list("X", ...)`)."""
    text = (ROOT / "Sources/ServiceQuotasClient/ServiceQuotasHTTPClient.swift").read_text()
    return set(re.findall(r'try await list\("([A-Z][A-Za-z]+)"', text))


def test_the_role_grants_exactly_what_the_code_calls(template):
    connect = sent_operations(ROOT / "Sources/ConnectClient/ConnectHTTPClient.swift")
    s3 = sent_operations(ROOT / "Sources/S3Client/S3HTTPClient.swift")
    quotas = quota_operations()
    assert len(connect) == 23 and len(s3) == 6
    assert quotas == {"ListServiceQuotas", "ListAWSDefaultServiceQuotas"}
    unmapped = s3 - set(S3_ACTIONS)
    assert not unmapped, f"map these S3 operations to IAM actions: {unmapped}"
    expected = {f"connect:{op}" for op in connect} | {f"servicequotas:{op}" for op in quotas} | PLATFORM_ACTIONS
    for op in connect:
        expected |= CONNECT_DEPENDENT_ACTIONS.get(op, set())
    for op in s3:
        expected |= S3_ACTIONS[op]
    statements = granted_statements(template)
    granted = [a for s in statements for a in s["Action"]]
    assert len(granted) == len(set(granted)), "an action is granted twice"
    assert set(granted) == expected
    assert not any("*" in a for a in granted)


def test_each_grant_is_scoped_to_this_stacks_resources(template):
    for statement in granted_statements(template):
        services = {a.split(":")[0] for a in statement["Action"]}
        assert len(services) == 1, statement
        service = services.pop()
        resources = statement["Resource"]
        if service == "connect":
            assert resources == [{"Ref": "AmazonConnectARN"}, {"Fn::Sub": "${AmazonConnectARN}/*"}]
        elif service == "ds":
            # DescribeDirectories has no resource-level permission.
            assert statement["Action"] == ["ds:DescribeDirectories"] and resources == ["*"]
        elif service == "servicequotas":
            # Both list actions have no resource type in the service authorization reference.
            assert statement["Action"] == ["servicequotas:ListServiceQuotas", "servicequotas:ListAWSDefaultServiceQuotas"]
            assert resources == ["*"]
        elif service == "s3":
            bucket = "arn:${AWS::Partition}:s3:::${UserManagementS3BucketName}"
            want = bucket if statement["Action"] == ["s3:ListBucket"] else bucket + "/*"
            assert resources == [{"Fn::Sub": want}], statement
        elif service == "logs":
            assert resources == [{"Fn::GetAtt": ["FunctionLogGroup", "Arn"]}]
        elif service == "sqs":
            assert resources == [{"Fn::GetAtt": ["DeadLetterQueue", "Arn"]}]
        else:
            pytest.fail(f"unexpected service {service}")


# ---------------------------------------------------------------------------- moto


@pytest.fixture(scope="module")
def moto():
    server = MotoServer(ROOT / ".build" / f"moto-template-{os.getpid()}.log")
    yield server
    server.stop()


def tiny_package():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bootstrap", "#!/bin/sh\nexit 1\n")
    return buffer.getvalue()


def wait_for_stack(cloudformation, name, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stack = cloudformation.describe_stacks(StackName=name)["Stacks"][0]
        if not stack["StackStatus"].endswith("_IN_PROGRESS"):
            return stack
        time.sleep(0.3)
    raise AssertionError(f"stack {name} still in progress after {timeout}s")


def test_the_template_deploys_into_moto(moto):
    s3, cloudformation = moto.client("s3"), moto.client("cloudformation")
    s3.create_bucket(Bucket="template-code")
    s3.put_object(Bucket="template-code", Key="bootstrap.zip", Body=tiny_package())
    parameters = {"AmazonConnectARN": INSTANCE_ARN, "UserManagementS3BucketName": "agents-template-test",
                  "CodeS3Bucket": "template-code", "CodeS3Key": "bootstrap.zip", "NumberOfRetries": "4"}
    cloudformation.create_stack(StackName="any-name", TemplateBody=TEMPLATE.read_text(),
                                Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
                                Capabilities=["CAPABILITY_IAM"])
    stack = wait_for_stack(cloudformation, "any-name")
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    assert outputs["BucketName"] == "agents-template-test"
    assert outputs["CreateFolder"] == "s3://agents-template-test/create/"
    assert outputs["UpdateFolder"] == "s3://agents-template-test/update/"
    assert outputs["DeleteFolder"] == "s3://agents-template-test/delete/"
    assert outputs["FailedFolder"] == "s3://agents-template-test/failed/"
    assert outputs["ExportFolder"] == "s3://agents-template-test/export/"
    assert outputs["ExportsFolder"] == "s3://agents-template-test/exports/"
    name = outputs["FunctionName"]
    assert name.startswith("any-name-")

    # What moto's CloudFormation materializes. (It does not apply a bucket's public access
    # block, lifecycle, ownership or notifications, nor AWS::S3::BucketPolicy: those are
    # asserted on the template above and checked by cfn-lint's schemas and checkov.)
    encryption = s3.get_bucket_encryption(Bucket="agents-template-test")["ServerSideEncryptionConfiguration"]
    assert encryption["Rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"

    aws_lambda = moto.client("lambda")
    function = aws_lambda.get_function_configuration(FunctionName=name)
    assert function["Runtime"] == "provided.al2023" and function["Handler"] == "bootstrap"
    assert function["Timeout"] == 900 and function["Architectures"] == ["x86_64"]
    assert {k: str(v) for k, v in function["Environment"]["Variables"].items()} == {
        "CONNECT_INSTANCE_ARN": INSTANCE_ARN, "NUMBER_OF_RETRIES": "4", "API_INTERVAL_MS": "600", "MAX_DELETES_PER_FILE": "500",
        "BUCKET_NAME": "agents-template-test", "API_RATES": ""}
    assert aws_lambda.get_function_concurrency(FunctionName=name)["ReservedConcurrentExecutions"] == 1
    (permission,) = json.loads(aws_lambda.get_policy(FunctionName=name)["Policy"])["Statement"]
    assert permission["Principal"] == {"Service": "s3.amazonaws.com"}
    assert permission["Condition"]["ArnLike"]["AWS:SourceArn"] == "arn:aws:s3:::agents-template-test"
    assert permission["Condition"]["StringEquals"]["AWS:SourceAccount"] == ACCOUNT

    iam = moto.client("iam")
    role = function["Role"].split("/")[-1]
    granted = set()
    for policy_name in iam.list_role_policies(RoleName=role)["PolicyNames"]:
        document = iam.get_role_policy(RoleName=role, PolicyName=policy_name)["PolicyDocument"]
        if isinstance(document, str):
            # moto's CloudFormation stores an inline policy as the Python repr of the document.
            document = json.loads(document) if document.startswith('{"') else ast.literal_eval(document)
        for statement in document["Statement"]:
            actions = statement["Action"]
            granted |= {actions} if isinstance(actions, str) else set(actions)
            if any(a.startswith("connect:") for a in granted & set(statement["Action"])):
                assert statement["Resource"] == [INSTANCE_ARN, INSTANCE_ARN + "/*"]
            if statement["Sid"] == "ObjectsInTheBucket":
                assert statement["Resource"] == "arn:aws:s3:::agents-template-test/*"
    assert "connect:CreateUser" in granted and "s3:ListBucket" in granted and "logs:PutLogEvents" in granted
    assert not iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]

    (group,) = [g for g in moto.client("logs").describe_log_groups()["logGroups"]
                if g["logGroupName"] == f"/aws/lambda/{name}"]
    assert group["retentionInDays"] == 90


def test_an_export_schedule_deploys_a_rule_that_targets_the_function(moto):
    s3, cloudformation = moto.client("s3"), moto.client("cloudformation")
    s3.create_bucket(Bucket="template-code-scheduled")
    s3.put_object(Bucket="template-code-scheduled", Key="bootstrap.zip", Body=tiny_package())
    parameters = {"AmazonConnectARN": INSTANCE_ARN, "UserManagementS3BucketName": "agents-scheduled-test",
                  "CodeS3Bucket": "template-code-scheduled", "CodeS3Key": "bootstrap.zip", "ExportSchedule": "cron(0 2 * * ? *)"}
    cloudformation.create_stack(StackName="scheduled", TemplateBody=TEMPLATE.read_text(),
                                Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
                                Capabilities=["CAPABILITY_IAM"])
    stack = wait_for_stack(cloudformation, "scheduled")
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack
    name = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}["FunctionName"]
    function_arn = moto.client("lambda").get_function_configuration(FunctionName=name)["FunctionArn"]
    events = moto.client("events")
    [rule] = [r for r in events.list_rules()["Rules"] if r.get("ScheduleExpression") == "cron(0 2 * * ? *)"]
    assert rule["State"] == "ENABLED"
    [target] = events.list_targets_by_rule(Rule=rule["Name"])["Targets"]
    assert target["Arn"] == function_arn
