"""Issue 15.3 end to end: `plan/update/`, `plan/create/` and `plan/delete/` through the real `bootstrap` against connect-local.
A plan of an update with every kind of change makes no mutating call (the stack's call log),
and the changes it predicts are the calls the real run then makes, row by row (each call's
path names its user), and as many calls in all."""
import collections
import csv
import io
import json

from bootstrap_harness import instance_arn
from test_bootstrap_update import ids, run_file
from test_whole_agent import MUTATING, every_change, seed_users, snapshot, to_csv

IDENTITY = ("first name", "last name", "email address", "secondary email address", "mobile")
CHANNEL = ("voice ", "chat ", "task ", "email ")


def operations(plan):
    """The mutating calls a plan cell names: one UpdateUserIdentityInfo for any identity
    change, one UpdateUserConfig for any channel change, TagResource for tags added and
    UntagResource for tags removed, and so on."""
    if not plan.startswith("update: "):
        return collections.Counter()
    out = collections.Counter()
    for piece in plan[len("update: "):].split("; "):
        if piece.startswith(IDENTITY):
            out["UpdateUserIdentityInfo"] = 1
        elif piece.startswith(CHANNEL):
            out["UpdateUserConfig"] = 1
        elif piece.startswith("routing profile"):
            out["UpdateUserRoutingProfile"] = 1
        elif piece.startswith("security profiles"):
            out["UpdateUserSecurityProfiles"] = 1
        elif piece.startswith("hierarchy"):
            out["UpdateUserHierarchy"] = 1
        elif piece.startswith("tags "):
            words = piece[len("tags "):].split(" ")
            if any(w.startswith("+") for w in words):
                out["TagResource"] += 1
            if any(w.startswith("-") for w in words):
                out["UntagResource"] += 1
        elif piece.startswith("proficiencies "):
            words = piece[len("proficiencies "):].split(" ")
            if any(w.startswith("-") for w in words):
                out["DisassociateUserProficiencies"] += 1
            if any(w.startswith("+") for w in words):
                out["AssociateUserProficiencies"] += 1
            if "level" in words:
                out["UpdateUserProficiencies"] += 1
        else:
            raise AssertionError(f"a plan piece this test does not know: {piece!r}")
    return out


def made_per_user(stack, users):
    """The mutating Connect calls of the call log, by the login whose id is in the path."""
    by_id = {user_id: login for login, user_id in users.items()}
    made = collections.defaultdict(collections.Counter)
    for call in stack.calls():
        if call["service"] != "Connect" or call["operation"] not in MUTATING:
            continue
        login = next((login for user_id, login in by_id.items() if user_id in call.get("path", "")), "?")
        made[login][call["operation"]] += 1
    return made


def read_plan(stack, key):
    body = stack.client("s3").get_object(Bucket="agents", Key=key)["Body"].read()
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")))), body


def test_a_plan_of_every_kind_of_change_changes_nothing_and_predicts_the_real_run_row_by_row(fresh):
    stack = fresh
    arn, instance_id = instance_arn(stack)
    connect = stack.client("connect")
    changes = every_change(*ids(stack, instance_id))
    logins = [f"plan{i}" for i in range(len(changes))]
    users = seed_users(stack, instance_id, logins)
    rows = [dict(cells, **{"user login": login}) for login, (cells, _, _) in zip(logins, changes) if "agent hierarchy" not in cells]
    rows.append({"user login": "nobody", "routing profile name": "Sales Routing Profile"})
    header = ["user login"] + sorted({k for r in rows for k in r} - {"user login"})
    before = {login: snapshot(connect, instance_id, users[login]) for login in logins}

    stack.reset_calls()
    plan, logs = run_file(stack, arn, "plan/update/whole.csv", to_csv(header, rows), 1)
    assert plan["status"] == "completed", plan
    assert (plan["rows"], plan["planned"], plan["failed"], plan["updated"]) == (len(rows), len(rows) - 1, 1, 0), plan
    assert plan["plan"]["update"] == len(rows) - 1 and plan["plan"]["fail"] == 1, plan
    connect_calls = [c["operation"] for c in stack.calls() if c["service"] == "Connect"]
    assert [c for c in connect_calls if c in MUTATING] == [], "a plan makes no change"
    assert plan["apiCalls"] == len(connect_calls)
    assert {login: snapshot(connect, instance_id, users[login]) for login in logins} == before
    assert "failureFile" not in plan
    assert plan["processedInput"].startswith("plan/update/whole-") and plan["processedInput"].endswith(".csv.bak")

    planned, body = read_plan(stack, plan["planFile"])
    assert plan["planFile"].startswith("results/whole-") and plan["planFile"].endswith(".plan.csv")
    assert [r["user login"] for r in planned] == [r["user login"] for r in rows]
    assert list(planned[0]) == header + ["plan"]
    assert "not found" in planned[-1]["plan"]
    routing_row = next(r for r in planned if r.get("routing profile name") == "Sales Routing Profile" and r["user login"] != "nobody")
    assert routing_row["plan"] == "update: routing profile 'Basic Routing Profile' -> 'Sales Routing Profile'", routing_row
    tags_row = next(r for r in planned if r.get("tags") == "team=green|floor=3")
    assert tags_row["plan"] == "update: tags +floor=3 +team=green -site", tags_row
    predicted = {r["user login"]: operations(r["plan"]) for r in planned}
    # The summary's time: the look-ups one after another, then each API's calls in its lane.
    calls = plan["plan"]["calls"]
    assert sum(calls.values()) + plan["plan"]["lookUps"] == plan["plan"]["apiCalls"]

    # The plan file dropped into update/ as it is: the calls the plan predicted, row by row.
    stack.reset_calls()
    real, _ = run_file(stack, arn, "update/whole.csv", body, 2)
    assert (real["updated"], real["failed"]) == (len(rows) - 1, 1), real
    assert "does not know" not in (real.get("message") or ""), real
    made = made_per_user(stack, users)
    for login in logins[:len(rows) - 1]:
        assert made[login] == predicted[login], (login, predicted[login], made[login])
    assert real["apiCalls"] == plan["plan"]["apiCalls"], (real["apiCalls"], plan["plan"])


def test_a_create_plan_says_which_logins_exist_and_creates_nobody(fresh):
    stack = fresh
    arn, instance_id = instance_arn(stack)
    header = ["first name", "last name", "email address", "password", "user login", "routing profile name",
              "security_profile_name_1|security_profile_name_2", "phone type (soft/desk)"]
    rows = [{"first name": "New", "last name": f"Agent{i}", "email address": f"new{i}@example.com", "password": "Str0ngPassw0rd",
             "user login": f"new{i}", "routing profile name": "Basic Routing Profile",
             "security_profile_name_1|security_profile_name_2": "Agent", "phone type (soft/desk)": "soft"} for i in range(3)]
    rows.append(dict(rows[0], **{"user login": "jdoe"}))
    stack.reset_calls()
    plan, logs = run_file(stack, arn, "plan/create/new.csv", to_csv(header, rows), 1)
    assert plan["plan"]["create"] == 3 and plan["plan"]["fail"] == 1, plan
    assert plan["plan"]["calls"] == {"CreateUser": 3}, plan
    assert not any(c["operation"] in MUTATING for c in stack.calls() if c["service"] == "Connect")
    listed = {u["Username"] for u in stack.client("connect").list_users(InstanceId=instance_id)["UserSummaryList"]}
    assert not listed & {"new0", "new1", "new2"}
    planned, _ = read_plan(stack, plan["planFile"])
    assert [r["plan"] for r in planned][:3] == ["create"] * 3
    assert "already exists" in planned[3]["plan"]
    assert "Str0ngPassw0rd" not in logs


def test_a_delete_plan_names_the_quick_connects_deletes_nothing_and_predicts_the_delete(fresh):
    from test_bootstrap_delete import logins as users_of, quick_connects, seed_quick_connects
    from test_bootstrap_update import seed_users as seed_plain_users
    stack = fresh
    arn, instance_id = instance_arn(stack)
    seed_plain_users(stack, instance_id, 20, "gone")
    seeded = {login: uid for login, uid in users_of(stack, instance_id).items() if login.startswith("gone")}
    seed_quick_connects(stack, instance_id, seeded, every=5)
    before = (set(users_of(stack, instance_id)), quick_connects(stack, instance_id))
    rows = [{"user login": f"gone{i}"} for i in range(10)] + [{"user login": "ghost"}, {"user login": "gone3"}]
    body = to_csv(["user login"], rows)

    stack.reset_calls()
    plan, _ = run_file(stack, arn, "plan/delete/leavers.csv", body, 1)
    assert (plan["plan"]["delete"], plan["plan"]["fail"]) == (10, 2), plan
    assert not any(c["operation"] in {"DeleteUser", "DeleteQuickConnect"} for c in stack.calls())
    assert (set(users_of(stack, instance_id)), quick_connects(stack, instance_id)) == before
    planned, plan_body = read_plan(stack, plan["planFile"])
    quick_rows = {r["user login"]: r["plan"] for r in planned if "quick connect" in r["plan"]}
    assert quick_rows.keys() == {"gone0", "gone5"} and "'to gone0 0', 'to gone0 1'" in quick_rows["gone0"], quick_rows
    assert "not found" in planned[10]["plan"] and "more than once" in planned[11]["plan"]
    predicted = plan["plan"]["calls"]

    stack.reset_calls()
    real, _ = run_file(stack, arn, "delete/leavers.csv", plan_body, 2)
    assert (real["deleted"], real["failed"]) == (10, 2), real
    made = collections.Counter(c["operation"] for c in stack.calls() if c["operation"] in {"DeleteUser", "DeleteQuickConnect"})
    assert made == collections.Counter(predicted), (made, predicted)
    assert real["apiCalls"] == plan["plan"]["apiCalls"], (real, plan["plan"])
