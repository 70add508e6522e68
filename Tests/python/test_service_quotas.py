"""Service Quotas in connect-local, through boto3 (AWS JSON 1.1, SigV4 for `servicequotas`),
and the real `bootstrap` pacing each lane at the quotas it reads (issue 20, point 3).

The stack serves AWS's current defaults for Connect's APIs (10/s for seven reads, 2/s for
every other) and no applied quota unless told; its Connect buckets follow what it serves.
"""
import json

import pytest
from botocore.exceptions import ClientError

from bootstrap_harness import instance_arn, run_upload
from conftest import LocalStack

READS_AT_TEN = {"DescribeUser", "ListUsers", "ListRoutingProfiles", "ListUserHierarchyGroups", "ListUserProficiencies",
                "ListQuickConnects", "DescribeQuickConnect"}


def api_rates(quotas):
    """{operation: value} of the API rate quotas, by their usage metric's Resource."""
    out = {}
    for quota in quotas:
        dimensions = quota.get("UsageMetric", {}).get("MetricDimensions", {})
        if dimensions.get("Type") == "API":
            assert quota["QuotaName"] == f"Rate of {dimensions['Resource']} API requests"
            assert quota["Period"] == {"PeriodValue": 1, "PeriodUnit": "SECOND"}
            out[dimensions["Resource"]] = quota["Value"]
    return out


@pytest.fixture()
def quotas_stack():
    running = LocalStack("--quota", "CreateUser=5", quotas=True)
    yield running
    running.stop()


def test_defaults_are_awss_in_pages_and_applied_are_what_the_account_raised(quotas_stack):
    client = quotas_stack.client("service-quotas")
    pages = list(client.get_paginator("list_aws_default_service_quotas").paginate(
        ServiceCode="connect", PaginationConfig={"PageSize": 7}))
    assert len(pages) > 1 and all(len(p["Quotas"]) <= 7 for p in pages)
    defaults = api_rates(q for p in pages for q in p["Quotas"])
    assert {name for name, value in defaults.items() if value == 10} == READS_AT_TEN
    assert all(value == 2 for name, value in defaults.items() if name not in READS_AT_TEN)
    assert {"CreateUser", "SearchUsers", "UpdateUserConfig", "DescribeUserHierarchyGroup"} <= set(defaults)
    names = {q["QuotaName"] for p in pages for q in p["Quotas"]}
    assert "Users per instance" in names  # not an API rate: a function must leave it out

    applied = client.list_service_quotas(ServiceCode="connect")
    assert api_rates(applied["Quotas"]) == {"CreateUser": 5}
    assert "NextToken" not in applied
    calls = [c for c in quotas_stack.calls() if c["service"] == "ServiceQuotas"]
    assert [c["operation"] for c in calls] == ["ListAWSDefaultServiceQuotas"] * len(pages) + ["ListServiceQuotas"]


def test_errors_are_the_models(quotas_stack):
    client = quotas_stack.client("service-quotas")
    with pytest.raises(client.exceptions.NoSuchResourceException):
        client.list_service_quotas(ServiceCode="notaservice")
    with pytest.raises(client.exceptions.InvalidPaginationTokenException):
        client.list_service_quotas(ServiceCode="connect", NextToken="bm90YW51bWJlcg==")
    bad = quotas_stack.client("service-quotas")
    bad._request_signer._credentials.secret_key = "not-the-secret"
    with pytest.raises(ClientError) as excinfo:
        bad.list_service_quotas(ServiceCode="connect")
    assert excinfo.value.response["Error"]["Code"] == "InvalidSignatureException"


def test_denied_answers_access_denied_and_buckets_follow_the_quotas(tmp_path):
    stack = LocalStack("--quotas-denied", quotas=True)
    try:
        client = stack.client("service-quotas")
        for call in (client.list_service_quotas, client.list_aws_default_service_quotas):
            with pytest.raises(client.exceptions.AccessDeniedException) as excinfo:
                call(ServiceCode="connect")
            assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
            assert "servicequotas:" in excinfo.value.response["Error"]["Message"]
        # The Connect buckets are the account's: DescribeUser at 10/s burst 5, CreateUser at 2/s.
        connect = stack.client("connect")
        instance_id = instance_arn(stack)[1]
        user_id = connect.list_users(InstanceId=instance_id)["UserSummaryList"][0]["Id"]
        stack.reset_calls()
        for _ in range(12):
            try:
                connect.describe_user(InstanceId=instance_id, UserId=user_id)
            except connect.exceptions.ThrottlingException:
                pass
        admitted = [c for c in stack.calls() if c["operation"] == "DescribeUser" and c["status"] == 200]
        elapsed = (stack.calls()[-1]["timeMs"] - stack.calls()[0]["timeMs"]) / 1000
        assert 5 <= len(admitted) <= 5 + int(elapsed * 10) + 1
    finally:
        stack.stop()


def summary(result):
    return {lane["operation"]: lane for lane in result.get("pace") or []}


def test_the_function_paces_each_lane_at_the_quota_it_reads_and_api_rates_win(quotas_stack):
    """CreateUser applied at 5/s, ListRoutingProfiles at AWS's default 10/s, DescribeInstance's
    at 2/s unless API_RATES says otherwise; API_INTERVAL_MS only where nothing else is known."""
    arn, _ = instance_arn(quotas_stack)
    rows = "\n".join(f"Q,User{i},quser{i},F@keP@ssw0rd1,Basic Routing Profile,Agent,soft" for i in range(6))
    body = ("first name,last name,user login,password,routing profile name,"
            "security_profile_name_1|security_profile_name_2,phone type (soft/desk)\n" + rows + "\n").encode()
    result, logs = run_upload(quotas_stack, arn, "create/quotas.csv", body, 1, interval_ms=5,
                              extra_env={"API_RATES": "DescribeInstance=7"})
    assert result["created"] == 6 and result["throttled"] == 0, logs
    pace = summary(result)
    assert pace["CreateUser"] == {"operation": "CreateUser", "ratePerSecond": 5, "burst": 4, "source": "quota"}
    assert pace["ListRoutingProfiles"]["ratePerSecond"] == 10 and pace["ListRoutingProfiles"]["source"] == "default quota"
    assert pace["ListSecurityProfiles"]["ratePerSecond"] == 2 and pace["ListSecurityProfiles"]["source"] == "default quota"
    assert pace["DescribeInstance"] == {"operation": "DescribeInstance", "ratePerSecond": 7, "burst": 1, "source": "API_RATES"}
    assert "quotasNotRead" not in result
    made = [c["operation"] for c in quotas_stack.calls() if c["service"] == "ServiceQuotas"]
    assert made == ["ListServiceQuotas", "ListAWSDefaultServiceQuotas"], made


def test_quotas_denied_the_job_goes_at_api_interval_ms_and_says_why(tmp_path):
    stack = LocalStack("--quotas-denied", quotas=True)
    try:
        arn, _ = instance_arn(stack)
        body = b"first name,last name,user login,password,routing profile name,security_profile_name_1|security_profile_name_2\n" \
               b"Den,Ied,denied1,F@keP@ssw0rd1,Basic Routing Profile,Agent\n"
        result, logs = run_upload(stack, arn, "create/denied.csv", body, 1, interval_ms=5)
        assert result["status"] == "completed" and result["created"] == 1 and result["throttled"] == 0, logs
        assert "AccessDeniedException" in result["quotasNotRead"]
        assert "servicequotas:ListServiceQuotas" in result["quotasNotRead"]
        assert {lane["source"] for lane in result["pace"]} == {"API_INTERVAL_MS"}
        assert all(lane["ratePerSecond"] == 200 for lane in result["pace"])
        warnings = [json.loads(line) for line in logs.splitlines() if line.startswith("{") and '"WARN"' in line]
        assert len([w for w in warnings if w["message"].startswith("Service Quotas not read")]) == 1, warnings
        assert [c["status"] for c in stack.calls() if c["service"] == "ServiceQuotas"] == [400]
    finally:
        stack.stop()
