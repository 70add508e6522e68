"""boto3's `connect` client against the local stack's quick connects and DeleteUser's effects:
Create/Describe/List/Search/DeleteQuickConnect at the model's shapes, paginators, errors; a
deleted user gone from Describe, List and Search with its tags and proficiencies, while its
quick connects stay (as in AWS, whose DeleteUser documentation asks the caller to delete them)."""
import pytest

from test_connect_boto3 import connect, error_of, managed, new_user, profiles  # noqa: F401 (fixtures)


def user_quick_connect(connect, instance_id, name, user_id, **extra):
    return connect.create_quick_connect(
        InstanceId=instance_id, Name=name,
        QuickConnectConfig={"QuickConnectType": "USER", "UserConfig": {"UserId": user_id, "ContactFlowId": "flow-1"}}, **extra)


def test_quick_connects_round_trip_through_every_operation(connect, managed, profiles):
    user_id = new_user(connect, managed, profiles, "qc-owner")["UserId"]
    created = user_quick_connect(connect, managed, "qc to owner", user_id, Description="transfer to the owner", Tags={"team": "a"})
    assert set(created) >= {"QuickConnectId", "QuickConnectARN"}
    queue = connect.create_quick_connect(
        InstanceId=managed, Name="qc sales queue",
        QuickConnectConfig={"QuickConnectType": "QUEUE", "QueueConfig": {"QueueId": "queue-1", "ContactFlowId": "flow-1"}})
    phone = connect.create_quick_connect(
        InstanceId=managed, Name="qc desk", QuickConnectConfig={"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+12065550100"}})

    described = connect.describe_quick_connect(InstanceId=managed, QuickConnectId=created["QuickConnectId"])["QuickConnect"]
    assert described["Name"] == "qc to owner" and described["Description"] == "transfer to the owner"
    assert described["QuickConnectConfig"] == {"QuickConnectType": "USER", "UserConfig": {"UserId": user_id, "ContactFlowId": "flow-1"}}
    assert described["Tags"] == {"team": "a"}

    # ListQuickConnects: summaries (no configuration), filtered by type, paged.
    pages = list(connect.get_paginator("list_quick_connects").paginate(InstanceId=managed, PaginationConfig={"PageSize": 1}))
    summaries = [s for page in pages for s in page["QuickConnectSummaryList"]]
    assert {"qc to owner", "qc sales queue", "qc desk"} <= {s["Name"] for s in summaries}
    assert all("QuickConnectConfig" not in s and "QuickConnectType" in s for s in summaries)
    users_only = connect.list_quick_connects(InstanceId=managed, QuickConnectTypes=["USER"])["QuickConnectSummaryList"]
    assert all(s["QuickConnectType"] == "USER" for s in users_only) and "qc to owner" in {s["Name"] for s in users_only}

    # SearchQuickConnects: every quick connect with its configuration, at most 100 a page.
    found = [q for page in connect.get_paginator("search_quick_connects").paginate(InstanceId=managed, PaginationConfig={"PageSize": 2})
             for q in page["QuickConnects"]]
    by_name = {q["Name"]: q for q in found}
    assert by_name["qc to owner"]["QuickConnectConfig"]["UserConfig"]["UserId"] == user_id
    assert by_name["qc sales queue"]["QuickConnectConfig"]["QueueConfig"]["QueueId"] == "queue-1"
    assert by_name["qc desk"]["QuickConnectConfig"]["PhoneConfig"]["PhoneNumber"] == "+12065550100"
    named = connect.search_quick_connects(
        InstanceId=managed, SearchCriteria={"StringCondition": {"FieldName": "name", "Value": "qc DESK", "ComparisonType": "EXACT"}})
    assert [q["Name"] for q in named["QuickConnects"]] == ["qc desk"] and named["ApproximateTotalCount"] == 1

    for quick in (created, queue, phone):
        connect.delete_quick_connect(InstanceId=managed, QuickConnectId=quick["QuickConnectId"])
    with pytest.raises(connect.exceptions.ResourceNotFoundException) as excinfo:
        connect.describe_quick_connect(InstanceId=managed, QuickConnectId=created["QuickConnectId"])
    assert error_of(excinfo) == ("ResourceNotFoundException", 404)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_quick_connect(InstanceId=managed, QuickConnectId=created["QuickConnectId"])


def test_quick_connect_errors_follow_the_model(connect, managed, profiles):
    user_id = new_user(connect, managed, profiles, "qc-errors")["UserId"]
    user_quick_connect(connect, managed, "qc dup", user_id)
    with pytest.raises(connect.exceptions.DuplicateResourceException) as excinfo:
        user_quick_connect(connect, managed, "qc dup", user_id)
    assert error_of(excinfo) == ("DuplicateResourceException", 409)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        user_quick_connect(connect, managed, "qc nobody", "00000000-0000-0000-0000-000000000000")
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.create_quick_connect(InstanceId=managed, Name="qc bad phone",
                                     QuickConnectConfig={"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "12065550100"}})
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.search_quick_connects(InstanceId=managed, MaxResults=101)
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.search_quick_connects(
            InstanceId=managed, SearchCriteria={"StringCondition": {"FieldName": "QuickConnectType", "Value": "USER", "ComparisonType": "EXACT"}})


def test_delete_user_removes_the_user_everywhere_but_leaves_its_quick_connects(connect, managed, profiles):
    created = new_user(connect, managed, profiles, "qc-leaver", Tags={"site": "dallas"})
    user_id = created["UserId"]
    quick = user_quick_connect(connect, managed, "qc to leaver", user_id)

    connect.delete_user(InstanceId=managed, UserId=user_id)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.describe_user(InstanceId=managed, UserId=user_id)
    listed = [u["Username"] for page in connect.get_paginator("list_users").paginate(InstanceId=managed) for u in page["UserSummaryList"]]
    assert "qc-leaver" not in listed
    searched = connect.search_users(InstanceId=managed, SearchCriteria={
        "StringCondition": {"FieldName": "Username", "Value": "qc-leaver", "ComparisonType": "EXACT"}})["Users"]
    assert searched == []
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.list_tags_for_resource(resourceArn=created["UserArn"])
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.list_user_proficiencies(InstanceId=managed, UserId=user_id)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_user(InstanceId=managed, UserId=user_id)

    # AWS leaves the quick connect: the caller deletes it.
    still = connect.describe_quick_connect(InstanceId=managed, QuickConnectId=quick["QuickConnectId"])["QuickConnect"]
    assert still["QuickConnectConfig"]["UserConfig"]["UserId"] == user_id
    connect.delete_quick_connect(InstanceId=managed, QuickConnectId=quick["QuickConnectId"])
