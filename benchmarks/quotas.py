"""Each lane at the account's quota (issue 20): the real `bootstrap`, with nothing configured
(no API_INTERVAL_MS, no API_RATES), reading Service Quotas from connect-local, whose Connect
buckets are the quotas it serves; measured from the stack's call log.

    python3 benchmarks/quotas.py                  # 2,000 users, AWS's scale (about 25 minutes)
    python3 benchmarks/quotas.py --scale 10       # the same account ten times faster, quotas and buckets alike (~3 min)
    python3 benchmarks/quotas.py --short          # what run.py --short runs (~30 s)

Two measurements:
- export, side by side in one run: the stack serving AWS's current defaults (10/s for
  DescribeUser, ListUserProficiencies and five other reads; 2/s for every other API), then
  the same instance with every API at 2/s. Prints both Connect phases (first call to last, at
  the server) and their ratio.
- create, `--rows` rows (a quarter with proficiencies) with CreateUser's applied quota raised
  to 5/s: the Connect phase against the CreateUser lane's ideal, (calls - 1) / 5 s.

`--scale S` multiplies every quota and bucket by S (the stack's throttle at 2 x S/s: its
quotas are served at that scale), so a run is S times shorter with the same shape.

Fails (exit 1) when: the default-quota export is less than 4x faster than the 2/s one; either
export has 429s above 1 % of its calls, or a user missing; the create's Connect phase is above
1.10 x the CreateUser lane's ideal, has 429s above 1 %, or a row not created; a summary does
not say each lane's source as expected.
"""
import argparse
import json
import sys
import time

from bench_support import Function, create_sheet, instance_arn, scratch_dir, start_stack, verdict, wait_for_invocations
import export

SPEED_UP = 4.0
THROTTLED_SHARE = 0.01
CREATE_BOUND = 1.10
RAISED_CREATE = 5.0
# Every Connect API at 2/s: AWS's defaults above it brought down (the stack serves these).
AT_TWO = {name: 2 for name in ("DescribeUser", "ListUsers", "ListRoutingProfiles", "ListUserHierarchyGroups",
                               "ListUserProficiencies", "ListQuickConnects", "DescribeQuickConnect")}


def phase(calls):
    """The Connect phase at the server, seconds: first call to last."""
    times = [c["timeMs"] for c in calls]
    return (times[-1] - times[0]) / 1000 if len(times) > 1 else 0.0


def sources(report):
    return {lane["operation"]: (lane["source"], lane.get("ratePerSecond")) for lane in report.get("pace") or []}


def run_export(users, scale, quotas, label, problems):
    count, report, body, calls, elapsed, _ = export.run(users, 600, quotas=quotas, rate=2 * scale, unset=["API_INTERVAL_MS"])
    _, rows = export.read_export(body)
    throttled = sum(1 for c in calls if c["status"] == 429)
    seconds = phase(calls)
    lanes = sources(report)
    print(f"export, {label:28s} {len(calls):5d} calls, Connect phase {seconds:7.1f} s, wall {elapsed:7.1f} s,"
          f" 429s {throttled} ({throttled / len(calls):.2%}); DescribeUser lane {lanes.get('DescribeUser')}")
    if len(rows) != count:
        problems.append(f"export ({label}): {len(rows)} rows for {count} users")
    if throttled > THROTTLED_SHARE * len(calls):
        problems.append(f"export ({label}): {throttled} 429s, above {THROTTLED_SHARE:.0%} of {len(calls)} calls")
    if report.get("quotasNotRead") or any(source not in ("quota", "default quota") for source, _ in lanes.values()):
        problems.append(f"export ({label}): lanes not at the quotas read: {lanes} {report.get('quotasNotRead')}")
    return seconds


def run_create(rows, scale, problems):
    body = create_sheet(rows, "quota", rows // 4)
    with scratch_dir() as tmp:
        stack = start_stack(tmp, 2 * scale, 5, users_quota=rows + 100, function_timeout=3600,
                            quotas={"applied": {"CreateUser": RAISED_CREATE}})
        try:
            arn, _ = instance_arn(stack)
            stack.reset_calls()
            function = Function(stack, arn, unset=["API_INTERVAL_MS"])
            try:
                stack.client("s3").put_object(Bucket="agents", Key="create/quotas.csv", Body=body)
                records = wait_for_invocations(stack, 1, timeout=rows / (RAISED_CREATE * scale) * 3 + 120)
            finally:
                logs = function.stop()
            calls = [c for c in stack.calls() if c["service"] == "Connect"]
        finally:
            stack.stop()
    result = json.loads(records[-1]["response"])["results"][0] if records[-1]["status"] == "succeeded" else {}
    creates = [c for c in calls if c["operation"] == "CreateUser"]
    rate = RAISED_CREATE * scale
    ideal = (len(creates) - 1) / rate
    seconds = phase(calls)
    throttled = sum(1 for c in calls if c["status"] == 429)
    lane = sources(result).get("CreateUser")
    print(f"create, CreateUser at {rate:g}/s     {len(calls):5d} calls, Connect phase {seconds:7.1f} s = {seconds / ideal:.4f} x the"
          f" CreateUser lane's ideal {ideal:.1f} s, 429s {throttled} ({throttled / max(1, len(calls)):.2%}); lane {lane}")
    if result.get("created") != rows:
        problems.append(f"create: {result.get('created')} of {rows} rows created; log tail:\n{logs[-2000:]}")
    if seconds > CREATE_BOUND * ideal:
        problems.append(f"create: the Connect phase took {seconds:.1f} s, above {CREATE_BOUND} x the lane's ideal {ideal:.1f} s")
    if throttled > THROTTLED_SHARE * len(calls):
        problems.append(f"create: {throttled} 429s, above {THROTTLED_SHARE:.0%} of {len(calls)} calls")
    if lane != ("quota", rate):
        problems.append(f"create: the CreateUser lane is {lane}, not the applied quota {rate:g}/s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, help="users seeded besides the seed's 3 (default 2000; --short 400)")
    parser.add_argument("--rows", type=int, help="create rows (default 200; --short 100)")
    parser.add_argument("--scale", type=float, help="every quota and bucket times this (default 1; --short 10)")
    parser.add_argument("--short", action="store_true", help="the CI mode: 400 users and 100 rows at ten times AWS's scale")
    arguments = parser.parse_args(argv)
    users = arguments.users or (400 if arguments.short else 2000)
    rows = arguments.rows or (100 if arguments.short else 200)
    scale = arguments.scale or (10.0 if arguments.short else 1.0)

    problems = []
    print(f"== Each lane at the account's quota: {users} users, {rows} create rows, scale {scale:g}"
          " (nothing configured in the function)")
    fast = run_export(users, scale, {}, "AWS's default quotas", problems)
    slow = run_export(users, scale, {"defaults": AT_TWO}, "every API at 2/s", problems)
    ratio = slow / fast if fast else 0
    print(f"export at AWS's default quotas is {ratio:.2f}x faster than at 2/s per API ({slow:.1f} s -> {fast:.1f} s)")
    if ratio < SPEED_UP:
        problems.append(f"the export at AWS's default quotas is {ratio:.2f}x faster than at 2/s, under {SPEED_UP}x")
    run_create(rows, scale, problems)
    return verdict(problems)


if __name__ == "__main__":
    sys.exit(main())
