"""An instance of 2,000 users with every kind of setting, seeded into connect-local, and what
an export of it should say; shared by test_export.py and benchmarks/export.py."""
import csv
import io
import json
import subprocess

from conftest import LocalStack, binary

GROUPS = ["technical support/IT/Eastern", "technical support/IT/Australia", "technical support/US/Eastern", "general inquiries", None]
ROUTING = ["Basic Routing Profile", "Sales Routing Profile", "Support Routing Profile"]
SECURITY = [["Agent"], ["Agent", "QualityAnalyst"], ["CallCenterManager"]]
TAGS = [{}, {"team": "blue"}, {"team": "red", "site": "austin"}, {"cost center": "cc-1", "floor": "3"}]
PROFICIENCIES = [[], [("Language", "English", 4)], [("Language", "Spanish", 2), ("Technology", "Billing", 5)]]
ENHANCEMENT = ["NONE", "NOISE_SUPPRESSION", "VOICE_ISOLATION"]
PASSWORD = "Seed3dPassw0rd"
# A value a spreadsheet would run: the export must not write it, and must say so.
FORMULA_USER = 7


def seed_user(i):
    desk = i % 5 == 0
    user = {
        "username": f"agent{i:04d}", "firstName": f"First{i}", "lastName": f"Last{i}", "email": f"agent{i}@example.com",
        "password": PASSWORD, "securityProfiles": SECURITY[i % 3], "routingProfile": ROUTING[i % 3],
        "phoneType": "DESK_PHONE" if desk else "SOFT_PHONE", "autoAccept": i % 2 == 0, "afterContactWorkTimeLimit": i % 300,
        "tags": TAGS[i % 4],
        "channels": {
            "VOICE": {"autoAccept": i % 2 == 0, "afterContactWorkTimeLimit": i % 300, "agentFirstCallbackAutoAccept": i % 3 == 0,
                      "agentFirstCallbackAfterContactWorkTimeLimit": i % 7, "persistentConnection": i % 4 == 0,
                      "voiceEnhancementMode": ENHANCEMENT[i % 3]},
            "CHAT": {"autoAccept": i % 3 == 1, "afterContactWorkTimeLimit": 60 + i % 5},
            "TASK": {"autoAccept": i % 2 == 1, "afterContactWorkTimeLimit": 90},
            "EMAIL": {"autoAccept": False, "afterContactWorkTimeLimit": 120 + i % 3},
        },
        "proficiencies": [{"attributeName": a, "attributeValue": v, "level": level} for a, v, level in PROFICIENCIES[i % 3]],
    }
    if desk:
        user["deskPhoneNumber"] = f"+1206555{i % 10000:04d}"
    if GROUPS[i % 5]:
        user["hierarchyGroup"] = GROUPS[i % 5]
    if i % 2:
        user["secondaryEmail"] = f"agent{i}@example.org"
    if i % 3 == 0:
        user["mobile"] = f"+1425555{i % 10000:04d}"
    if i == FORMULA_USER:
        user["firstName"] = "=HYPERLINK(\"http://example.com\")"
    return user


def seed(count):
    base = json.loads(subprocess.run([binary(), "--print-default-seed"], capture_output=True, text=True, check=True).stdout)
    base["instances"][0]["users"] += [seed_user(i) for i in range(count)]
    return base


def start_stack(tmp_path, count, timeout_seconds=900, rate=1000, burst=5, connect=None):
    """connect-local seeded with `count` users; `connect` adds to its `connect` options."""
    (tmp_path / "seed.json").write_text(json.dumps(seed(count)))
    (tmp_path / "config.json").write_text(json.dumps({
        "throttle": {"ratePerSecond": rate, "burst": burst},
        "connect": {"usersPerInstanceQuota": count + 100, **(connect or {})},
        "lambda": {"timeoutSeconds": timeout_seconds},
    }))
    return LocalStack("--config", str(tmp_path / "config.json"), "--seed", str(tmp_path / "seed.json"))


def expected_cells(i):
    """The export's cells for seeded user i (every column that is not left empty)."""
    desk = i % 5 == 0
    cells = {
        "first name": "" if i == FORMULA_USER else f"First{i}", "last name": f"Last{i}", "email address": f"agent{i}@example.com",
        "password": "", "user login": f"agent{i:04d}", "routing profile name": ROUTING[i % 3],
        "security_profile_name_1|security_profile_name_2": "|".join(sorted(SECURITY[i % 3])),
        "phone type (soft/desk)": "desk" if desk else "soft", "phone number": f"+1206555{i % 10000:04d}" if desk else "",
        "soft phone auto accept (yes/no)": "yes" if i % 2 == 0 else "no", "ACW timeout (seconds)": "",
        "UserHierarchy": GROUPS[i % 5] or "(none)", "secondary email address": f"agent{i}@example.org" if i % 2 else "",
        "mobile": f"+1425555{i % 10000:04d}" if i % 3 == 0 else "",
        "tags": "|".join(f"{k}={v}" for k, v in sorted(TAGS[i % 4].items())) or "(none)",
        "voice ACW timeout (seconds)": str(i % 300), "chat auto accept (yes/no)": "yes" if i % 3 == 1 else "no",
        "task auto accept (yes/no)": "yes" if i % 2 == 1 else "no", "email auto accept (yes/no)": "no",
        "chat ACW timeout (seconds)": str(60 + i % 5), "task ACW timeout (seconds)": "90", "email ACW timeout (seconds)": str(120 + i % 3),
        "callback auto accept (yes/no)": "yes" if i % 3 == 0 else "no", "callback ACW timeout (seconds)": str(i % 7),
        "persistent connection (yes/no)": "yes" if i % 4 == 0 else "no",
        "voice enhancement": ["none", "noise suppression", "voice isolation"][i % 3],
        "proficiencies": "|".join(f"{a}:{v}:{level}" for a, v, level in sorted(PROFICIENCIES[i % 3])) or "(none)",
        "directory user id": "",
    }
    return cells


def read_export(body):
    """(header, rows as dicts) of an export's bytes; it must start with a UTF-8 BOM."""
    assert body.startswith(b"\xef\xbb\xbf"), body[:10]
    reader = csv.reader(io.StringIO(body[3:].decode("utf-8"), newline=""))
    header = next(reader)
    return header, [dict(zip(header, row)) for row in reader]
