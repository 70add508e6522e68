"""What the benchmarks share: the test suite's stack and function harness, the template's
sheets, a stack whose Connect bucket keeps AWS's headroom over the function's pace, and a
child process's peak resident memory.

The stack and the harness are the Python tests' own (`Tests/python/conftest.py`,
`Tests/python/bootstrap_harness.py`), so a benchmark runs exactly what the tests run.
"""
import csv
import io
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Tests" / "python"))

from bootstrap_harness import Function, instance_arn, wait_for_invocations  # noqa: E402,F401
from conftest import LocalStack, stop_process  # noqa: E402,F401

DEFAULT_INTERVAL_MS = 600  # the function's default API_INTERVAL_MS
AWS_RATE, AWS_BURST = 2.0, 5  # Amazon Connect's default user-management throttle

HEADER = ["first name", "last name", "email address", "password", "user login", "routing profile name",
          "security_profile_name_1|security_profile_name_2", "phone type (soft/desk)", "phone number",
          "soft phone auto accept (yes/no)", "ACW timeout (seconds)", "UserHierarchy"]
LOOK_UPS = ("DescribeInstance", "ListSecurityProfiles", "ListRoutingProfiles", "SearchUserHierarchyGroups")
UPDATE_APIS = ("UpdateUserIdentityInfo", "UpdateUserConfig", "UpdateUserRoutingProfile",
               "UpdateUserSecurityProfiles", "UpdateUserHierarchy", "TagResource")


def bucket_for(interval_ms):
    """The stack's Connect bucket for a pace: AWS's 2 requests/s, burst 5 at the default
    600 ms, and scaled by 600 / interval below it, so a shortened run keeps the same headroom
    (the pace uses 83% of the rate) instead of meeting a limit AWS would not have."""
    scale = max(1.0, DEFAULT_INTERVAL_MS / interval_ms) if interval_ms > 0 else 10_000.0
    return AWS_RATE * scale, AWS_BURST


def create_sheet(rows, prefix="bench", proficiencies=0):
    """`rows` valid create rows, each naming a hierarchy group (so every look-up is made);
    `proficiencies` of them, spread evenly, carry proficiencies (an AssociateUserProficiencies
    after their CreateUser)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER + (["proficiencies"] if proficiencies else []))
    every = rows / proficiencies if proficiencies else 0
    marked = {int(k * every) for k in range(proficiencies)}
    for index in range(rows):
        cells = ["Bench", f"Agent{index}", f"{prefix}{index}@example.com", "F@keP@ssw0rd1", f"{prefix}{index}",
                 "Basic Routing Profile", "Agent", "soft", "", "no", "0", "general inquiries"]
        if proficiencies:
            cells.append("Language:English:4|Technology:Billing:2" if index in marked else "")
        writer.writerow(cells)
    return out.getvalue().encode()


def start_stack(tmp, rate, burst, users_quota=500, seed=None, function_timeout=900, scope="operation", operations=None,
                quotas=None):
    """connect-local with the given bucket (one per Connect operation, or one `shared`;
    `operations` gives some their own), users quota, function timeout and seed, on a free
    port. `quotas` (a dict: `applied`, `denied`) makes its Service Quotas list the Connect API
    rates, AWS's defaults scaled by rate / 2 with its buckets; without it none is listed, and
    the function paces at its API_INTERVAL_MS."""
    config = pathlib.Path(tmp) / "config.json"
    config.write_text(json.dumps({"throttle": {"ratePerSecond": rate, "burst": burst}, "throttleScope": scope,
                                  "operationThrottles": operations or {},
                                  "connect": {"usersPerInstanceQuota": users_quota},
                                  "lambda": {"timeoutSeconds": function_timeout},
                                  "serviceQuotas": dict(quotas or {}, published=quotas is not None)}))
    args = ["--config", str(config)]
    if seed is not None:
        path = pathlib.Path(tmp) / "seed.json"
        path.write_text(json.dumps(seed))
        args += ["--seed", str(path)]
    return LocalStack(*args, quotas=quotas is not None)


def default_seed():
    """connect-local's built-in seed, as JSON, to add users to."""
    out = subprocess.run([os.environ.get("CONNECT_LOCAL") or str(ROOT / ".build" / "debug" / "connect-local"),
                          "--print-default-seed"], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def reap(process, grace=10):
    """Stops `process` (SIGTERM, then SIGKILL) and reaps it with wait4, which reports the
    child's own peak resident set. Returns the peak in KiB."""
    if process.returncode is None:
        try:
            process.send_signal(signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid == process.pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return usage.ru_maxrss
        if time.monotonic() > deadline:
            process.kill()
            deadline = time.monotonic() + grace
        time.sleep(0.01)


def proc_status_kib(pid, field):
    """A `/proc/<pid>/status` figure in KiB (VmHWM: peak resident set so far; VmRSS: now)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def scratch_dir():
    (ROOT / ".build").mkdir(exist_ok=True)
    return tempfile.TemporaryDirectory(prefix="bench-", dir=ROOT / ".build")


def verdict(problems):
    """Prints each broken bound; the exit status: 1 when any was broken."""
    for problem in problems:
        print("FAIL:", problem)
    return 1 if problems else 0
