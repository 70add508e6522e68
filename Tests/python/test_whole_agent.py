"""Issue 14 end to end: every setting of a user (per channel, tags, proficiencies, secondary
email, mobile) through the real `bootstrap` against connect-local. Users are seeded with boto3,
outside the tool; what they become is read back with boto3 (DescribeUser, SearchUsers,
ListUserProficiencies), and the calls made are counted from the stack's call log."""
import collections
import csv
import io

from bootstrap_harness import instance_arn
from test_bootstrap_update import ids, run_file

CHANNELS = ("VOICE", "CHAT", "TASK", "EMAIL")
MUTATING = {"UpdateUserIdentityInfo", "UpdateUserPhoneConfig", "UpdateUserConfig", "UpdateUserRoutingProfile",
            "UpdateUserSecurityProfiles", "UpdateUserHierarchy", "TagResource", "UntagResource",
            "AssociateUserProficiencies", "DisassociateUserProficiencies", "UpdateUserProficiencies", "CreateUser"}
ATTRIBUTES = {"Language": ["English", "Spanish", "French"], "Technology": ["Billing", "Networking"]}
SEED_CHANNELS = {
    "VOICE": {"autoAccept": False, "callbackAutoAccept": False, "acw": 30, "callbackAcw": 10, "phoneType": "SOFT_PHONE",
              "phoneNumber": None, "persistentConnection": False, "voiceEnhancement": "NONE"},
    "CHAT": {"autoAccept": True, "acw": 60},
    "TASK": {"autoAccept": False, "acw": 90},
    "EMAIL": {"autoAccept": True, "acw": 120},
}


def to_csv(header, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def channel_lists(channels):
    """boto3's per-channel lists for {channel: settings}."""
    auto, acw, phone, persistent, enhancement = [], [], [], [], []
    for channel, s in channels.items():
        item = {"Channel": channel, "AutoAccept": s["autoAccept"]}
        if "callbackAutoAccept" in s:
            item["AgentFirstCallbackAutoAccept"] = s["callbackAutoAccept"]
        auto.append(item)
        item = {"Channel": channel, "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": s["acw"]}}
        if "callbackAcw" in s:
            item["AgentFirstCallbackAfterContactWorkConfig"] = {"AfterContactWorkTimeLimit": s["callbackAcw"]}
        acw.append(item)
        if "phoneType" in s:
            phone.append(dict({"Channel": channel, "PhoneType": s["phoneType"]}, **({"PhoneNumber": s["phoneNumber"]} if s["phoneNumber"] else {})))
        if "persistentConnection" in s:
            persistent.append({"Channel": channel, "PersistentConnection": s["persistentConnection"]})
        if "voiceEnhancement" in s:
            enhancement.append({"Channel": channel, "VoiceEnhancementMode": s["voiceEnhancement"]})
    return {"AutoAcceptConfigs": auto, "AfterContactWorkConfigs": acw, "PhoneNumberConfigs": phone,
            "PersistentConnectionConfigs": persistent, "VoiceEnhancementConfigs": enhancement}


def channels_of(user, unit=1):
    """{channel: settings} from a DescribeUser user (ACW in seconds) or a SearchUsers one
    (`unit=1000`: it reports milliseconds)."""
    out = {c: {} for c in CHANNELS}
    for item in user.get("AutoAcceptConfigs", []):
        out[item["Channel"]]["autoAccept"] = item["AutoAccept"]
        if "AgentFirstCallbackAutoAccept" in item:
            out[item["Channel"]]["callbackAutoAccept"] = item["AgentFirstCallbackAutoAccept"]
    for item in user.get("AfterContactWorkConfigs", []):
        out[item["Channel"]]["acw"] = item["AfterContactWorkConfig"]["AfterContactWorkTimeLimit"] // unit
        if "AgentFirstCallbackAfterContactWorkConfig" in item:
            out[item["Channel"]]["callbackAcw"] = item["AgentFirstCallbackAfterContactWorkConfig"]["AfterContactWorkTimeLimit"] // unit
    for item in user.get("PhoneNumberConfigs", []):
        out[item["Channel"]]["phoneType"] = item["PhoneType"]
        out[item["Channel"]]["phoneNumber"] = item.get("PhoneNumber")
    for item in user.get("PersistentConnectionConfigs", []):
        out[item["Channel"]]["persistentConnection"] = item["PersistentConnection"]
    for item in user.get("VoiceEnhancementConfigs", []):
        out[item["Channel"]]["voiceEnhancement"] = item["VoiceEnhancementMode"]
    return out


def snapshot(connect, instance_id, user_id):
    """Every field of a user, as boto3 reads it."""
    user = connect.describe_user(InstanceId=instance_id, UserId=user_id)["User"]
    proficiencies = connect.list_user_proficiencies(InstanceId=instance_id, UserId=user_id)["UserProficiencyList"]
    return {
        "identity": {k: user.get("IdentityInfo", {}).get(k) for k in ("FirstName", "LastName", "Email", "SecondaryEmail", "Mobile")},
        "channels": channels_of(user),
        "tags": user.get("Tags", {}),
        "proficiencies": {(p["AttributeName"], p["AttributeValue"]): p["Level"] for p in proficiencies},
        "routing": user["RoutingProfileId"],
        "security": sorted(user["SecurityProfileIds"]),
        "hierarchy": user.get("HierarchyGroupId"),
    }


def seed_attributes(connect, instance_id):
    existing = {a["Name"] for a in connect.search_predefined_attributes(InstanceId=instance_id).get("PredefinedAttributes", [])}
    for name, values in ATTRIBUTES.items():
        if name not in existing:
            connect.create_predefined_attribute(InstanceId=instance_id, Name=name, Values={"StringList": values})


def seed_users(stack, instance_id, logins):
    connect = stack.client("connect")
    security, routing, paths = ids(stack, instance_id)
    seed_attributes(connect, instance_id)
    users = {}
    for login in logins:
        created = connect.create_user(
            InstanceId=instance_id, Username=login, Password="Seed3dPassword",
            IdentityInfo={"FirstName": "First", "LastName": "Last", "Email": f"{login}@example.com",
                          "SecondaryEmail": f"{login}@example.org", "Mobile": "+12065550100"},
            SecurityProfileIds=[security["Agent"]], RoutingProfileId=routing["Basic Routing Profile"],
            HierarchyGroupId=paths["general inquiries"], Tags={"team": "blue", "site": "austin"},
            **channel_lists(SEED_CHANNELS))
        connect.associate_user_proficiencies(InstanceId=instance_id, UserId=created["UserId"], UserProficiencies=[
            {"AttributeName": "Language", "AttributeValue": "English", "Level": 3.0},
            {"AttributeName": "Technology", "AttributeValue": "Billing", "Level": 2.0}])
        users[login] = created["UserId"]
    return users


def every_change(security, routing, paths):
    """One row per setting, every new column and every old one: (cells, how the snapshot
    changes, the mutating APIs it costs)."""
    def channel(name, **members):
        return lambda s: s["channels"][name].update(members)

    def all_acw(seconds):
        return lambda s: [s["channels"][c].update(acw=seconds) for c in CHANNELS]

    def identity(**members):
        return lambda s: s["identity"].update(members)

    def tags(value):
        return lambda s: s.update(tags=value)

    def proficiencies(value):
        return lambda s: s.update(proficiencies=value)

    config = ["UpdateUserConfig"]
    return [
        ({"first name": "Renamed"}, identity(FirstName="Renamed"), ["UpdateUserIdentityInfo"]),
        ({"last name": "Moved"}, identity(LastName="Moved"), ["UpdateUserIdentityInfo"]),
        ({"email address": "new@example.com"}, identity(Email="new@example.com"), ["UpdateUserIdentityInfo"]),
        ({"secondary email address": "other@example.net"}, identity(SecondaryEmail="other@example.net"), ["UpdateUserIdentityInfo"]),
        ({"mobile": "+1 (206) 555-0199"}, identity(Mobile="+12065550199"), ["UpdateUserIdentityInfo"]),
        ({"phone type (soft/desk)": "desk", "phone number": "+12145550198"},
         channel("VOICE", phoneType="DESK_PHONE", phoneNumber="+12145550198"), config),
        ({"soft phone auto accept (yes/no)": "yes"}, channel("VOICE", autoAccept=True), config),
        ({"ACW timeout (seconds)": "45"}, all_acw(45), config),
        ({"voice ACW timeout (seconds)": "33"}, channel("VOICE", acw=33), config),
        ({"chat auto accept (yes/no)": "no"}, channel("CHAT", autoAccept=False), config),
        ({"task auto accept (yes/no)": "yes"}, channel("TASK", autoAccept=True), config),
        ({"email auto accept (yes/no)": "no"}, channel("EMAIL", autoAccept=False), config),
        ({"chat ACW timeout (seconds)": "61"}, channel("CHAT", acw=61), config),
        ({"task ACW timeout (seconds)": "91"}, channel("TASK", acw=91), config),
        ({"email ACW timeout (seconds)": "121"}, channel("EMAIL", acw=121), config),
        ({"callback auto accept (yes/no)": "yes"}, channel("VOICE", callbackAutoAccept=True), config),
        ({"callback ACW timeout (seconds)": "11"}, channel("VOICE", callbackAcw=11), config),
        ({"persistent connection (yes/no)": "yes"}, channel("VOICE", persistentConnection=True), config),
        ({"voice enhancement": "noise suppression"}, channel("VOICE", voiceEnhancement="NOISE_SUPPRESSION"), config),
        ({"tags": "team=green|floor=3"}, tags({"team": "green", "floor": "3"}), ["TagResource", "UntagResource"]),
        ({"tags": "(none)"}, tags({}), ["UntagResource"]),
        ({"proficiencies": "Language:English:5|Language:Spanish:1"},
         proficiencies({("Language", "English"): 5.0, ("Language", "Spanish"): 1.0}),
         ["DisassociateUserProficiencies", "AssociateUserProficiencies", "UpdateUserProficiencies"]),
        ({"proficiencies": "(none)"}, proficiencies({}), ["DisassociateUserProficiencies"]),
        ({"routing profile name": "Sales Routing Profile"}, lambda s: s.update(routing=routing["Sales Routing Profile"]),
         ["UpdateUserRoutingProfile"]),
        ({"security_profile_name_1|security_profile_name_2": "Agent|CallCenterManager"},
         lambda s: s.update(security=sorted([security["Agent"], security["CallCenterManager"]])), ["UpdateUserSecurityProfiles"]),
        ({"UserHierarchy": "technical support/IT/Eastern"}, lambda s: s.update(hierarchy=paths["technical support/IT/Eastern"]),
         ["UpdateUserHierarchy"]),
        ({"agent hierarchy": "(none)"}, lambda s: s.update(hierarchy=None), ["UpdateUserHierarchy"]),
    ]


def mutating(stack):
    return collections.Counter(c["operation"] for c in stack.calls() if c["service"] == "Connect" and c["operation"] in MUTATING)


def test_each_row_changes_its_one_setting_and_nothing_else_then_a_second_drop_changes_nothing(fresh):
    stack = fresh
    arn, instance_id = instance_arn(stack)
    connect = stack.client("connect")
    security, routing, paths = ids(stack, instance_id)
    changes = every_change(security, routing, paths)
    logins = [f"whole{i}" for i in range(len(changes))]
    users = seed_users(stack, instance_id, logins)
    before = {login: snapshot(connect, instance_id, users[login]) for login in logins}
    assert before[logins[0]]["channels"]["CHAT"] == SEED_CHANNELS["CHAT"]

    # `UserHierarchy` and `agent hierarchy` in one header would be one column twice: two files.
    rows = [dict(cells, **{"user login": login}) for login, (cells, _, _) in zip(logins, changes)]
    second = [r for r in rows if "agent hierarchy" in r]
    first = [r for r in rows if "agent hierarchy" not in r]
    header = ["user login"] + sorted({k for r in first for k in r} - {"user login"})
    stack.reset_calls()
    result, _ = run_file(stack, arn, "update/whole.csv", to_csv(header, first), 1)
    assert (result["updated"], result["unchanged"], result["failed"]) == (len(first), 0, 0), result
    result, _ = run_file(stack, arn, "update/whole-hierarchy.csv", to_csv(["user login", "agent hierarchy"], second), 2)
    assert (result["updated"], result["failed"]) == (len(second), 0), result

    expected_calls = collections.Counter(api for _, _, apis in changes for api in apis)
    assert mutating(stack) == expected_calls
    assert "UpdateUserPhoneConfig" not in expected_calls

    for login, (_, change, _) in zip(logins, changes):
        want = snapshot_copy(before[login])
        change(want)
        assert snapshot(connect, instance_id, users[login]) == want, login

    # The phone-type-only row: every channel's ACW and auto accept as they were.
    phone_row = next(i for i, (cells, _, _) in enumerate(changes) if "phone type (soft/desk)" in cells)
    after = snapshot(connect, instance_id, users[logins[phone_row]])
    for name in CHANNELS:
        for member in ("acw", "autoAccept", "callbackAcw", "callbackAutoAccept"):
            assert after["channels"][name].get(member) == before[logins[phone_row]]["channels"][name].get(member), (name, member)

    # The same files again: nothing to do.
    stack.reset_calls()
    again, _ = run_file(stack, arn, "update/whole.csv", to_csv(header, first), 3)
    assert (again["updated"], again["unchanged"], again["failed"]) == (0, len(first), 0), again
    assert mutating(stack) == collections.Counter()


def snapshot_copy(s):
    return {"identity": dict(s["identity"]), "channels": {c: dict(v) for c, v in s["channels"].items()}, "tags": dict(s["tags"]),
            "proficiencies": dict(s["proficiencies"]), "routing": s["routing"], "security": list(s["security"]), "hierarchy": s["hierarchy"]}


FULL_ROW = {
    "first name": "Ada", "last name": "Lovelace", "email address": "ada@example.com", "secondary email address": "ada@example.org",
    "mobile": "+12065550123", "password": "Str0ngPassw0rd", "user login": "alovelace", "routing profile name": "Sales Routing Profile",
    "security_profile_name_1|security_profile_name_2": "Agent|CallCenterManager", "phone type (soft/desk)": "desk",
    "phone number": "+12145550111", "soft phone auto accept (yes/no)": "yes", "ACW timeout (seconds)": "15",
    "UserHierarchy": "technical support/IT/Eastern", "tags": "team=red|site=london", "voice ACW timeout (seconds)": "20",
    "chat auto accept (yes/no)": "yes", "task auto accept (yes/no)": "no", "email auto accept (yes/no)": "yes",
    "chat ACW timeout (seconds)": "25", "task ACW timeout (seconds)": "35", "email ACW timeout (seconds)": "45",
    "callback auto accept (yes/no)": "yes", "callback ACW timeout (seconds)": "5", "persistent connection (yes/no)": "yes",
    "voice enhancement": "voice isolation", "proficiencies": "Language:French:4|Technology:Networking:2",
}


def test_a_create_with_every_column_filled_shows_exactly_the_row(fresh):
    stack = fresh
    arn, instance_id = instance_arn(stack)
    connect = stack.client("connect")
    security, routing, paths = ids(stack, instance_id)
    seed_attributes(connect, instance_id)
    # `directory user id` is for existing-directory instances only: this one keeps users itself.
    stack.reset_calls()
    result, _ = run_file(stack, arn, "create/full.csv", to_csv(list(FULL_ROW), [FULL_ROW]), 1)
    assert (result["created"], result["failed"]) == (1, 0), result
    assert mutating(stack) == collections.Counter({"CreateUser": 1, "AssociateUserProficiencies": 1})

    [found] = connect.search_users(InstanceId=instance_id, SearchCriteria={
        "StringCondition": {"FieldName": "Username", "Value": "alovelace", "ComparisonType": "EXACT"}})["Users"]
    want_channels = {
        "VOICE": {"autoAccept": True, "callbackAutoAccept": True, "acw": 20, "callbackAcw": 5, "phoneType": "DESK_PHONE",
                  "phoneNumber": "+12145550111", "persistentConnection": True, "voiceEnhancement": "VOICE_ISOLATION"},
        "CHAT": {"autoAccept": True, "acw": 25}, "TASK": {"autoAccept": False, "acw": 35}, "EMAIL": {"autoAccept": True, "acw": 45},
    }
    assert channels_of(found, unit=1000) == want_channels
    assert found["Tags"] == {"team": "red", "site": "london"}
    got = snapshot(connect, instance_id, found["Id"])
    assert got == {
        "identity": {"FirstName": "Ada", "LastName": "Lovelace", "Email": "ada@example.com", "SecondaryEmail": "ada@example.org",
                     "Mobile": "+12065550123"},
        "channels": want_channels, "tags": {"team": "red", "site": "london"},
        "proficiencies": {("Language", "French"): 4.0, ("Technology", "Networking"): 2.0},
        "routing": routing["Sales Routing Profile"], "security": sorted([security["Agent"], security["CallCenterManager"]]),
        "hierarchy": paths["technical support/IT/Eastern"],
    }


def test_a_console_style_file_sets_tags_secondary_email_and_mobile_and_names_the_ignored_column(fresh):
    stack = fresh
    arn, instance_id = instance_arn(stack)
    connect = stack.client("connect")
    header = ["first name", "last name", "email address", "secondary email address", "mobile", "password", "user login",
              "routing profile name", "security_profile_name_1|security_profile_name_2", "phone type (soft/desk)", "phone number",
              "soft phone auto accept (yes/no)", "ACW timeout (seconds)", "UserHierarchy", "tags", "notes"]
    row = {"first name": "Grace", "last name": "Hopper", "email address": "grace@example.com", "secondary email address": "gh@example.org",
           "mobile": "+12065550142", "password": "Str0ngPassw0rd", "user login": "ghopper", "routing profile name": "Basic Routing Profile",
           "security_profile_name_1|security_profile_name_2": "Agent", "phone type (soft/desk)": "soft",
           "soft phone auto accept (yes/no)": "no", "ACW timeout (seconds)": "10", "tags": "team=navy", "notes": "call back Monday"}
    result, logs = run_file(stack, arn, "create/console.csv", to_csv(header, [row]), 1)
    assert (result["created"], result["failed"]) == (1, 0), result
    assert "'notes'" in result["message"] and "ignored" in result["message"], result
    assert "call back Monday" not in result["message"] and "call back Monday" not in logs
    [found] = connect.search_users(InstanceId=instance_id, SearchCriteria={
        "StringCondition": {"FieldName": "Username", "Value": "ghopper", "ComparisonType": "EXACT"}})["Users"]
    user = connect.describe_user(InstanceId=instance_id, UserId=found["Id"])["User"]
    assert user["Tags"] == {"team": "navy"}
    assert user["IdentityInfo"]["SecondaryEmail"] == "gh@example.org" and user["IdentityInfo"]["Mobile"] == "+12065550142"
