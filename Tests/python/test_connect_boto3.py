"""boto3's own `connect` client against the local stack: every operation, paginators, and
each error arriving as the right boto3 exception class with the right HTTP status."""
import json
import subprocess

import pytest
from botocore.exceptions import ClientError

from conftest import LocalStack, binary


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


def test_search_users_without_criteria_pages_every_user_once(connect, managed, profiles):
    """What an export lists: SearchUsers with no SearchCriteria is every user of the instance,
    each once across pages, with the same members as ListUsers."""
    for index in range(4):
        new_user(connect, managed, profiles, f"everyone{index}")
    pages = list(connect.get_paginator("search_users").paginate(InstanceId=managed, PaginationConfig={"PageSize": 2}))
    searched = [u["Username"] for page in pages for u in page["Users"]]
    listed = [u["Username"] for page in connect.get_paginator("list_users").paginate(InstanceId=managed) for u in page["UserSummaryList"]]
    assert len(searched) == len(set(searched)) and sorted(searched) == sorted(listed)
    assert {f"everyone{i}" for i in range(4)} <= set(searched)
    assert len(pages) == -(-len(searched) // 2)
    assert all(page["ApproximateTotalCount"] == len(searched) for page in pages)


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


# Issue 14: per-channel settings, tags on the user, predefined attributes and proficiencies.

CHANNELS = ("VOICE", "CHAT", "TASK", "EMAIL")

PER_CHANNEL = dict(
    AutoAcceptConfigs=[{"Channel": "VOICE", "AutoAccept": True, "AgentFirstCallbackAutoAccept": True},
                       {"Channel": "CHAT", "AutoAccept": True}],
    AfterContactWorkConfigs=[{"Channel": "VOICE", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 30},
                              "AgentFirstCallbackAfterContactWorkConfig": {"AfterContactWorkTimeLimit": 10}},
                             {"Channel": "EMAIL", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 600}}],
    PhoneNumberConfigs=[{"Channel": "VOICE", "PhoneType": "DESK_PHONE", "PhoneNumber": "+12065550199"}],
    PersistentConnectionConfigs=[{"Channel": "VOICE", "PersistentConnection": True}],
    VoiceEnhancementConfigs=[{"Channel": "VOICE", "VoiceEnhancementMode": "VOICE_ISOLATION"}],
)


def channel_user(connect, managed, profiles, username, **extra):
    arguments = dict(
        Username=username, Password="F@keP@ssw0rd",
        IdentityInfo={"FirstName": "Mary", "LastName": "Major", "Email": f"{username}@example.com"},
        SecurityProfileIds=[profiles["security"]["Agent"]], RoutingProfileId=profiles["routing"]["Basic Routing Profile"],
        InstanceId=managed, Tags={"team": "blue", "site": "SEA"}, **PER_CHANNEL,
    )
    arguments.update(extra)
    return connect.create_user(**arguments)


def by_channel(user, member):
    return {item["Channel"]: item for item in user[member]}


def acw(user, member="AfterContactWorkConfig"):
    return {channel: item.get(member, {}).get("AfterContactWorkTimeLimit")
            for channel, item in by_channel(user, "AfterContactWorkConfigs").items()}


def test_create_user_with_per_channel_lists_and_tags_reads_back_in_describe_and_search(connect, managed, profiles):
    created = channel_user(connect, managed, profiles, "channels1")
    user = connect.describe_user(InstanceId=managed, UserId=created["UserId"])["User"]
    assert user["Tags"] == {"team": "blue", "site": "SEA"}
    auto = by_channel(user, "AutoAcceptConfigs")
    assert {c: auto[c]["AutoAccept"] for c in CHANNELS} == {"VOICE": True, "CHAT": True, "TASK": False, "EMAIL": False}
    assert auto["VOICE"]["AgentFirstCallbackAutoAccept"] is True and "AgentFirstCallbackAutoAccept" not in auto["CHAT"]
    assert acw(user) == {"VOICE": 30, "CHAT": 0, "TASK": 0, "EMAIL": 600}
    assert acw(user, "AgentFirstCallbackAfterContactWorkConfig")["VOICE"] == 10
    assert user["PhoneNumberConfigs"] == [{"Channel": "VOICE", "PhoneType": "DESK_PHONE", "PhoneNumber": "+12065550199"}]
    assert user["PersistentConnectionConfigs"] == [{"Channel": "VOICE", "PersistentConnection": True}]
    assert user["VoiceEnhancementConfigs"] == [{"Channel": "VOICE", "VoiceEnhancementMode": "VOICE_ISOLATION"}]
    assert user["PhoneConfig"]["PhoneType"] == "DESK_PHONE" and user["PhoneConfig"]["AfterContactWorkTimeLimit"] == 30

    searched = connect.search_users(InstanceId=managed, SearchCriteria={
        "StringCondition": {"FieldName": "Username", "Value": "channels1", "ComparisonType": "EXACT"}})["Users"][0]
    assert searched["Tags"] == {"team": "blue", "site": "SEA"}
    # SearchUsers: "AfterContactWorkTimeLimit is returned in milliseconds", the per-channel ones too.
    assert acw(searched) == {"VOICE": 30000, "CHAT": 0, "TASK": 0, "EMAIL": 600000}
    assert acw(searched, "AgentFirstCallbackAfterContactWorkConfig")["VOICE"] == 10000
    assert searched["PhoneConfig"]["AfterContactWorkTimeLimit"] == 30000
    assert by_channel(searched, "AutoAcceptConfigs")["CHAT"]["AutoAccept"] is True
    assert searched["VoiceEnhancementConfigs"] == user["VoiceEnhancementConfigs"]


@pytest.mark.parametrize("phone,member", [
    ({"AutoAccept": True}, "AutoAcceptConfigs"),
    ({"AfterContactWorkTimeLimit": 5}, "AfterContactWorkConfigs"),
    ({"PhoneType": "SOFT_PHONE"}, "PhoneNumberConfigs"),
    ({"PersistentConnection": False}, "PersistentConnectionConfigs"),
])
def test_phone_config_fields_conflict_with_their_per_channel_list(connect, managed, profiles, phone, member):
    with pytest.raises(connect.exceptions.InvalidParameterException) as excinfo:
        new_user(connect, managed, profiles, "conflict1", PhoneConfig=phone, **{member: PER_CHANNEL[member]})
    assert error_of(excinfo) == ("InvalidParameterException", 400)
    assert member in excinfo.value.response["Error"]["Message"]


def test_update_user_config_leaves_what_it_does_not_carry(connect, managed, profiles):
    user_id = channel_user(connect, managed, profiles, "channels2")["UserId"]
    before = connect.describe_user(InstanceId=managed, UserId=user_id)["User"]
    connect.update_user_config(InstanceId=managed, UserId=user_id,
                               AfterContactWorkConfigs=[{"Channel": "CHAT", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 45}}],
                               AutoAcceptConfigs=[{"Channel": "VOICE", "AutoAccept": False}])
    after = connect.describe_user(InstanceId=managed, UserId=user_id)["User"]
    assert acw(after) == {"VOICE": 30, "CHAT": 45, "TASK": 0, "EMAIL": 600}
    assert acw(after, "AgentFirstCallbackAfterContactWorkConfig")["VOICE"] == 10
    auto = by_channel(after, "AutoAcceptConfigs")
    assert {c: auto[c]["AutoAccept"] for c in CHANNELS} == {"VOICE": False, "CHAT": True, "TASK": False, "EMAIL": False}
    assert auto["VOICE"]["AgentFirstCallbackAutoAccept"] is True
    for member in ("PhoneNumberConfigs", "PersistentConnectionConfigs", "VoiceEnhancementConfigs", "Tags"):
        assert after[member] == before[member], member

    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.update_user_config(InstanceId=managed, UserId=user_id,
                                   PhoneNumberConfigs=[{"Channel": "CHAT", "PhoneType": "SOFT_PHONE"}])
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_user_config(InstanceId=managed, UserId="no-such-user",
                                   AutoAcceptConfigs=[{"Channel": "CHAT", "AutoAccept": True}])


def test_update_user_phone_config_sets_the_acw_of_every_channel(connect, managed, profiles):
    user_id = channel_user(connect, managed, profiles, "channels3")["UserId"]
    connect.update_user_phone_config(InstanceId=managed, UserId=user_id,
                                     PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 90})
    user = connect.describe_user(InstanceId=managed, UserId=user_id)["User"]
    assert acw(user) == {"VOICE": 90, "CHAT": 90, "TASK": 90, "EMAIL": 90}
    auto = by_channel(user, "AutoAcceptConfigs")
    assert {c: auto[c]["AutoAccept"] for c in CHANNELS} == {"VOICE": False, "CHAT": True, "TASK": False, "EMAIL": False}
    assert user["PhoneNumberConfigs"][0]["PhoneType"] == "SOFT_PHONE"


def test_tag_and_untag_a_user_arn(connect, managed, profiles):
    created = channel_user(connect, managed, profiles, "tagged1")
    arn = created["UserArn"]
    connect.tag_resource(resourceArn=arn, tags={"cost": "42", "team": "green"})
    assert connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "green", "site": "SEA", "cost": "42"}
    connect.untag_resource(resourceArn=arn, tagKeys=["site", "cost"])
    assert connect.describe_user(InstanceId=managed, UserId=created["UserId"])["User"]["Tags"] == {"team": "green"}
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.tag_resource(resourceArn=arn, tags={f"k{i}": "v" for i in range(50)})
    with pytest.raises(ClientError) as excinfo:
        connect.tag_resource(resourceArn=arn, tags={"aws:team": "x"})
    assert error_of(excinfo) == ("InvalidParameterException", 400)


def test_predefined_attributes_are_searched_listed_and_described(connect, managed):
    pages = list(connect.get_paginator("search_predefined_attributes").paginate(InstanceId=managed, PaginationConfig={"PageSize": 1})) \
        if connect.can_paginate("search_predefined_attributes") else [connect.search_predefined_attributes(InstanceId=managed)]
    found = {a["Name"]: a["Values"]["StringList"] for page in pages for a in page["PredefinedAttributes"]}
    assert found == {"Language": ["English", "Spanish", "French"], "Technology": ["Billing", "Networking"]}
    first = connect.search_predefined_attributes(InstanceId=managed, MaxResults=1)
    assert len(first["PredefinedAttributes"]) == 1 and "NextToken" in first
    listed = connect.list_predefined_attributes(InstanceId=managed)["PredefinedAttributeSummaryList"]
    assert [a["Name"] for a in listed] == ["Language", "Technology"]
    described = connect.describe_predefined_attribute(InstanceId=managed, Name="Technology")["PredefinedAttribute"]
    assert described["Values"]["StringList"] == ["Billing", "Networking"]
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.describe_predefined_attribute(InstanceId=managed, Name="Weather")


def test_user_proficiencies_associate_update_list_disassociate(connect, managed, profiles):
    user_id = channel_user(connect, managed, profiles, "skilled1")["UserId"]

    def held():
        pages = connect.get_paginator("list_user_proficiencies").paginate(InstanceId=managed, UserId=user_id, PaginationConfig={"PageSize": 1}) \
            if connect.can_paginate("list_user_proficiencies") else [connect.list_user_proficiencies(InstanceId=managed, UserId=user_id)]
        return {(p["AttributeName"], p["AttributeValue"]): p["Level"] for page in pages for p in page["UserProficiencyList"]}

    assert held() == {}
    connect.associate_user_proficiencies(InstanceId=managed, UserId=user_id, UserProficiencies=[
        {"AttributeName": "Language", "AttributeValue": "English", "Level": 4.0},
        {"AttributeName": "Technology", "AttributeValue": "Billing", "Level": 2.0}])
    assert held() == {("Language", "English"): 4.0, ("Technology", "Billing"): 2.0}
    connect.update_user_proficiencies(InstanceId=managed, UserId=user_id, UserProficiencies=[
        {"AttributeName": "Technology", "AttributeValue": "Billing", "Level": 5.0}])
    connect.disassociate_user_proficiencies(InstanceId=managed, UserId=user_id, UserProficiencies=[
        {"AttributeName": "Language", "AttributeValue": "English"}])
    assert held() == {("Technology", "Billing"): 5.0}

    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.associate_user_proficiencies(InstanceId=managed, UserId=user_id, UserProficiencies=[
            {"AttributeName": "Weather", "AttributeValue": "Rain", "Level": 3.0}])
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.associate_user_proficiencies(InstanceId=managed, UserId=user_id, UserProficiencies=[
            {"AttributeName": "Language", "AttributeValue": "Klingon", "Level": 3.0}])
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.update_user_proficiencies(InstanceId=managed, UserId=user_id, UserProficiencies=[
            {"AttributeName": "Language", "AttributeValue": "French", "Level": 3.0}])


def test_a_seed_carries_channels_tags_and_proficiencies(tmp_path):
    seed = json.loads(default_seed())
    user = seed["instances"][0]["users"][0]
    user.update(tags={"team": "red"}, channels={"CHAT": {"autoAccept": True, "afterContactWorkTimeLimit": 120},
                                                 "VOICE": {"voiceEnhancementMode": "NOISE_SUPPRESSION"}},
                proficiencies=[{"attributeName": "Language", "attributeValue": "French", "level": 3}])
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed))
    running = LocalStack("--seed", str(path))
    try:
        connect = running.client("connect")
        managed = instance(running, "CONNECT_MANAGED")
        summary = next(u for u in connect.list_users(InstanceId=managed)["UserSummaryList"] if u["Username"] == user["username"])
        described = connect.describe_user(InstanceId=managed, UserId=summary["Id"])["User"]
        assert described["Tags"] == {"team": "red"}
        assert by_channel(described, "AutoAcceptConfigs")["CHAT"]["AutoAccept"] is True
        assert acw(described)["CHAT"] == 120
        assert described["VoiceEnhancementConfigs"] == [{"Channel": "VOICE", "VoiceEnhancementMode": "NOISE_SUPPRESSION"}]
        listed = connect.list_user_proficiencies(InstanceId=managed, UserId=summary["Id"])["UserProficiencyList"]
        assert listed == [{"AttributeName": "Language", "AttributeValue": "French", "Level": 3.0}]
    finally:
        running.stop()


def default_seed():
    return subprocess.run([binary(), "--print-default-seed"], check=True, capture_output=True, text=True).stdout
