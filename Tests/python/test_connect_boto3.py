"""boto3's own `connect` client against the local stack: every operation, paginators, and
each error arriving as the right boto3 exception class with the right HTTP status."""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import LocalStack


def instance(stack, kind):
    return next(i for i in stack.admin("GET", "/_local/instances") if i["identityManagementType"] == kind)["id"]


@pytest.fixture(scope="module")
def connect(stack):
    return stack.client("connect")


@pytest.fixture(scope="module")
def managed(stack):
    return instance(stack, "CONNECT_MANAGED")


@pytest.fixture(scope="module")
def saml(stack):
    return instance(stack, "SAML")


def ids_by_name(pages, key):
    return {item["Name"]: item["Id"] for page in pages for item in page[key]}


@pytest.fixture(scope="module")
def profiles(connect, managed):
    security = ids_by_name(connect.get_paginator("list_security_profiles").paginate(InstanceId=managed), "SecurityProfileSummaryList")
    routing = ids_by_name(connect.get_paginator("list_routing_profiles").paginate(InstanceId=managed), "RoutingProfileSummaryList")
    groups = connect.search_user_hierarchy_groups(InstanceId=managed, MaxResults=100)["UserHierarchyGroups"]
    paths = {"/".join(group["HierarchyPath"][level]["Name"] for level in ("LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive")
                      if level in group["HierarchyPath"]): group["Id"] for group in groups}
    return {"security": security, "routing": routing, "groups": paths}


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


def new_user(connect, managed, profiles, username, **extra):
    arguments = dict(
        Username=username, Password="F@keP@ssw0rd",
        IdentityInfo={"FirstName": "Mary", "LastName": "Major", "Email": f"{username}@example.com"},
        PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": True, "AfterContactWorkTimeLimit": 30},
        SecurityProfileIds=[profiles["security"]["Agent"]], RoutingProfileId=profiles["routing"]["Basic Routing Profile"],
        InstanceId=managed,
    )
    arguments.update(extra)
    return connect.create_user(**arguments)


def test_instance_and_reference_data(connect, managed, profiles):
    described = connect.describe_instance(InstanceId=managed)["Instance"]
    assert described["Id"] == managed
    assert described["IdentityManagementType"] == "CONNECT_MANAGED"
    assert {"Admin", "Agent", "CallCenterManager", "QualityAnalyst"} <= set(profiles["security"])
    assert "Basic Routing Profile" in profiles["routing"]
    assert "technical support/IT/Eastern" in profiles["groups"]
    structure = connect.describe_user_hierarchy_structure(InstanceId=managed)["HierarchyStructure"]
    assert "LevelOne" in structure
    group_id = profiles["groups"]["technical support/IT/Eastern"]
    group = connect.describe_user_hierarchy_group(InstanceId=managed, HierarchyGroupId=group_id)["HierarchyGroup"]
    assert group["Name"] == "Eastern" and group["HierarchyPath"]["LevelTwo"]["Name"] == "IT"
    listed = [g for page in connect.get_paginator("list_user_hierarchy_groups").paginate(InstanceId=managed, PaginationConfig={"PageSize": 2})
              for g in page["UserHierarchyGroupSummaryList"]]
    assert group_id in {g["Id"] for g in listed}


def test_paginators_page_through_every_item(connect, managed):
    pages = list(connect.get_paginator("list_security_profiles").paginate(InstanceId=managed, PaginationConfig={"PageSize": 1}))
    assert len(pages) >= 4
    assert all(len(page["SecurityProfileSummaryList"]) <= 1 for page in pages)


def test_user_life_cycle(connect, managed, profiles):
    created = new_user(connect, managed, profiles, "lifecycle1", HierarchyGroupId=profiles["groups"]["general inquiries"], Tags={"team": "a"})
    user_id = created["UserId"]
    assert created["UserArn"].endswith(user_id)
    user = connect.describe_user(InstanceId=managed, UserId=user_id)["User"]
    assert user["Username"] == "lifecycle1"
    assert user["PhoneConfig"] == {"PhoneType": "SOFT_PHONE", "AutoAccept": True, "AfterContactWorkTimeLimit": 30}
    assert user["HierarchyGroupId"] == profiles["groups"]["general inquiries"]

    connect.update_user_identity_info(InstanceId=managed, UserId=user_id, IdentityInfo={"FirstName": "Zoë", "LastName": "Major"})
    connect.update_user_phone_config(InstanceId=managed, UserId=user_id, PhoneConfig={
        "PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+12145550198", "AutoAccept": False, "AfterContactWorkTimeLimit": 0})
    connect.update_user_routing_profile(InstanceId=managed, UserId=user_id, RoutingProfileId=profiles["routing"]["Sales Routing Profile"])
    connect.update_user_security_profiles(InstanceId=managed, UserId=user_id, SecurityProfileIds=[
        profiles["security"]["Agent"], profiles["security"]["CallCenterManager"]])
    connect.update_user_hierarchy(InstanceId=managed, UserId=user_id, HierarchyGroupId=profiles["groups"]["technical support/IT/Eastern"])
    user = connect.describe_user(InstanceId=managed, UserId=user_id)["User"]
    assert user["IdentityInfo"]["FirstName"] == "Zoë"
    assert user["PhoneConfig"]["DeskPhoneNumber"] == "+12145550198"
    assert user["RoutingProfileId"] == profiles["routing"]["Sales Routing Profile"]
    assert sorted(user["SecurityProfileIds"]) == sorted([profiles["security"]["Agent"], profiles["security"]["CallCenterManager"]])
    assert user["HierarchyGroupId"] == profiles["groups"]["technical support/IT/Eastern"]

    # Omitting HierarchyGroupId removes the user from its group.
    connect.update_user_hierarchy(InstanceId=managed, UserId=user_id)
    assert "HierarchyGroupId" not in connect.describe_user(InstanceId=managed, UserId=user_id)["User"]

    connect.tag_resource(resourceArn=created["UserArn"], tags={"site": "dallas"})
    assert connect.list_tags_for_resource(resourceArn=created["UserArn"])["tags"] == {"team": "a", "site": "dallas"}

    listed = [u["Username"] for page in connect.get_paginator("list_users").paginate(InstanceId=managed) for u in page["UserSummaryList"]]
    assert "lifecycle1" in listed

    connect.delete_user(InstanceId=managed, UserId=user_id)
    with pytest.raises(connect.exceptions.ResourceNotFoundException) as excinfo:
        connect.describe_user(InstanceId=managed, UserId=user_id)
    assert error_of(excinfo) == ("ResourceNotFoundException", 404)


def test_errors_arrive_as_boto3_exception_classes(connect, managed, profiles):
    new_user(connect, managed, profiles, "duplicate1")
    with pytest.raises(connect.exceptions.DuplicateResourceException) as excinfo:
        new_user(connect, managed, profiles, "duplicate1")
    assert error_of(excinfo) == ("DuplicateResourceException", 409)

    with pytest.raises(connect.exceptions.InvalidParameterException) as excinfo:
        new_user(connect, managed, profiles, "weakpassword", Password="password")
    assert error_of(excinfo) == ("InvalidParameterException", 400)

    with pytest.raises(connect.exceptions.InvalidParameterException):
        new_user(connect, managed, profiles, "deskwithoutnumber", PhoneConfig={"PhoneType": "DESK_PHONE"})

    with pytest.raises(connect.exceptions.InvalidParameterException):
        new_user(connect, managed, profiles, "elevenprofiles", SecurityProfileIds=[profiles["security"]["Agent"]] * 11)

    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        new_user(connect, managed, profiles, "norouting", RoutingProfileId="00000000-0000-0000-0000-000000000000")

    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.list_users(InstanceId="00000000-0000-0000-0000-000000000000")


def test_saml_instances_refuse_passwords_and_emails(stack, connect, saml):
    security = ids_by_name([connect.list_security_profiles(InstanceId=saml)], "SecurityProfileSummaryList")
    routing = ids_by_name([connect.list_routing_profiles(InstanceId=saml)], "RoutingProfileSummaryList")
    base = dict(InstanceId=saml, Username="samluser", SecurityProfileIds=[security["Agent"]],
                RoutingProfileId=routing["Basic Routing Profile"], PhoneConfig={"PhoneType": "SOFT_PHONE"},
                IdentityInfo={"FirstName": "Sam", "LastName": "Ell"})
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.create_user(Password="F@keP@ssw0rd", **base)
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.create_user(**{**base, "IdentityInfo": {"FirstName": "Sam", "LastName": "Ell", "Email": "s@example.com"}})
    assert connect.create_user(**base)["UserId"]


def test_search_users_pages_conditions_and_milliseconds(connect, managed, profiles):
    for index in range(7):
        new_user(connect, managed, profiles, f"searchme{index}")
    criteria = {"OrConditions": [{"StringCondition": {"FieldName": "Username", "Value": f"searchme{i}", "ComparisonType": "EXACT"}} for i in range(7)]}
    pages = list(connect.get_paginator("search_users").paginate(InstanceId=managed, SearchCriteria=criteria, PaginationConfig={"PageSize": 3}))
    users = [u for page in pages for u in page["Users"]]
    assert len(pages) == 3
    assert sorted(u["Username"] for u in users) == [f"searchme{i}" for i in range(7)]
    # The trap: SearchUsers reports the after-contact-work limit in milliseconds.
    assert all(u["PhoneConfig"]["AfterContactWorkTimeLimit"] == 30_000 for u in users)
    exact = connect.search_users(InstanceId=managed, MaxResults=500, SearchCriteria={
        "StringCondition": {"FieldName": "Username", "Value": "searchme3", "ComparisonType": "EXACT"}})["Users"]
    assert [u["Username"] for u in exact] == ["searchme3"]


def test_bad_signatures_are_refused(stack):
    import boto3
    from botocore.config import Config

    def client(key, secret):
        return boto3.client("connect", endpoint_url=stack.endpoint, region_name="us-east-1", aws_access_key_id=key,
                            aws_secret_access_key=secret, config=Config(retries={"max_attempts": 1}))

    with pytest.raises(ClientError) as excinfo:
        client("AKIAIOSFODNN7EXAMPLE", "not-the-secret").list_users(InstanceId="x")
    assert error_of(excinfo) == ("InvalidSignatureException", 403)
    with pytest.raises(ClientError) as excinfo:
        client("AKIANOBODY", "whatever").list_users(InstanceId="x")
    assert error_of(excinfo) == ("UnrecognizedClientException", 403)


def test_quota_is_a_limit_not_a_throttle(tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"connect": {"usersPerInstanceQuota": 0}}))
    stack = LocalStack("--config", str(config))
    try:
        connect = stack.client("connect")
        managed = instance(stack, "CONNECT_MANAGED")
        security = ids_by_name([connect.list_security_profiles(InstanceId=managed)], "SecurityProfileSummaryList")
        routing = ids_by_name([connect.list_routing_profiles(InstanceId=managed)], "RoutingProfileSummaryList")
        with pytest.raises(connect.exceptions.LimitExceededException) as excinfo:
            new_user(connect, managed, {"security": security, "routing": routing}, "overquota")
        assert error_of(excinfo) == ("LimitExceededException", 429)
    finally:
        stack.stop()


def test_throttle_admits_exactly_the_token_bucket(tmp_path):
    stack = LocalStack()
    try:
        connect = stack.client("connect")
        managed = instance(stack, "CONNECT_MANAGED")
        stack.reset_calls()
        throttled = 0
        for _ in range(20):
            try:
                connect.describe_instance(InstanceId=managed)
            except connect.exceptions.ThrottlingException as error:
                assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 429
                throttled += 1
        calls = stack.calls()
        admitted = [c for c in calls if c["status"] == 200]
        # 20 calls well within a second: the burst of 5, plus at most the 2/s refill meanwhile.
        elapsed = (calls[-1]["timeMs"] - calls[0]["timeMs"]) / 1000
        assert 5 <= len(admitted) <= 5 + int(elapsed * 2) + 1
        assert throttled == 20 - len(admitted)
        assert all(c["errorCode"] == "ThrottlingException" for c in calls if c["status"] == 429)
    finally:
        stack.stop()
