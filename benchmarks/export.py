"""Export: the real `bootstrap` writing every user of an instance to exports/, through
connect-local with the Connect bucket at AWS's 2 requests/s, burst 5 (scaled with the pace, as
api.py does), measured from the stack's call log.

    python3 benchmarks/export.py                     # 2,000 users of every kind of setting at API_INTERVAL_MS=600 (~40 min)
    python3 benchmarks/export.py --interval-ms 60    # the same instance at a 10x pace and bucket (~4 min)
    python3 benchmarks/export.py --users 200 --interval-ms 20   # the short mode deploy/test.sh runs (~15 s)

The users are Tests/python/export_harness.py's: per-channel settings, tags, proficiencies,
hierarchy, desk phones, secondary emails and mobiles. Prints the calls by operation against the
prediction (docs/PERFORMANCE.md, "What it spends": in every part the five look-ups, then
SearchUsers at 500 users a page once, DescribeUser for every user, ListUserProficiencies for
every user since the instance has predefined attributes), the parts, the gaps between
consecutive calls of each operation (a lane each), and the wall time from the upload to the last
invocation's end against the busiest lane's calls x API_INTERVAL_MS.

Fails (exit 1) if the calls differ from the prediction, a user is missing or doubled, any run
of k consecutive gaps of one operation spans less than k x API_INTERVAL_MS (less api.py's
arrival jitter), the wall time exceeds 1.10 x the busiest lane's calls x interval + 10 s (process start, S3, the export's assembly), or any 429
came back.
"""
import argparse
import collections
import json
import math
import statistics
import sys
import time

from bench_support import DEFAULT_INTERVAL_MS, Function, bucket_for, default_seed, instance_arn, scratch_dir, start_stack, verdict
from api import JITTER_MS, tightest
from export_harness import read_export, seed_user

EXPORT_LOOK_UPS = ("DescribeInstance", "ListSecurityProfiles", "ListRoutingProfiles", "SearchUserHierarchyGroups",
                   "SearchPredefinedAttributes")
WALL_RATIO, WALL_ALLOWANCE_S = 1.10, 10.0


def predicted(users, parts):
    """What the export spends on `users` users in `parts` parts."""
    return {"look-ups": len(EXPORT_LOOK_UPS) * parts, "SearchUsers": math.ceil(users / 500), "DescribeUser": users,
            "ListUserProficiencies": users}


def run(count, interval, quotas=None, rate=None, unset=()):
    """Exports `count` seeded users (and the seed's 3) through a fresh stack: the users, the
    summary, the export's bytes, the Connect calls, the wall time and the bucket. `quotas` and
    `rate` set the stack's Service Quotas and its scale (benchmarks/quotas.py); `unset` leaves
    variables out of the function's environment."""
    rate, burst = (rate, 5) if rate else bucket_for(interval)
    seed = default_seed()
    seed["instances"][0]["users"] += [seed_user(i) for i in range(count)]
    users = len(seed["instances"][0]["users"])
    with scratch_dir() as tmp:
        # An hour of function time: at 600 ms 2,000 users take 40 minutes, one part.
        stack = start_stack(tmp, rate, burst, users_quota=users + 100, seed=seed, function_timeout=3600, quotas=quotas)
        try:
            arn, _ = instance_arn(stack)
            stack.reset_calls()
            function = Function(stack, arn, interval_ms=interval, unset=unset)
            try:
                started = time.monotonic()
                s3 = stack.client("s3")
                s3.put_object(Bucket="agents", Key="export/bench", Body=b"")
                budget = (4 * users + 20) * max(interval, 20) / 1000 * 1.5 + 120
                deadline = time.monotonic() + budget
                report = None
                while time.monotonic() < deadline and report is None:
                    for record in stack.admin("GET", "/_local/invocations"):
                        if record["status"] == "succeeded":
                            for result in json.loads(record["response"])["results"]:
                                if result["status"] == "completed":
                                    report = result
                        elif record["status"] in ("failed", "timedOut"):
                            raise SystemExit(f"an invocation {record['status']}: {function.logs()[-2000:]}")
                    time.sleep(0.1)
                elapsed = time.monotonic() - started
            finally:
                logs = function.stop()
            if report is None:
                raise SystemExit(f"no export in {budget:.0f} s: {logs[-2000:]}")
            body = s3.get_object(Bucket="agents", Key=report["export"])["Body"].read()
            calls = [c for c in stack.calls() if c["service"] == "Connect"]
        finally:
            stack.stop()
    return users, report, body, calls, elapsed, (rate, burst)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=2000, help="users seeded besides the default seed's three (default 2000)")
    parser.add_argument("--interval-ms", type=int, default=DEFAULT_INTERVAL_MS,
                        help=f"API_INTERVAL_MS, default {DEFAULT_INTERVAL_MS} (the function's default)")
    arguments = parser.parse_args(argv)
    interval = arguments.interval_ms
    if interval <= 0:
        parser.error("--interval-ms must be positive: the wall time is compared with calls x interval")

    users, report, body, calls, elapsed, (rate, burst) = run(arguments.users, interval)
    problems = []
    _, rows = read_export(body)
    logins = [r["user login"] for r in rows]
    if len(logins) != users or len(set(logins)) != users:
        problems.append(f"the export has {len(logins)} rows, {len(set(logins))} distinct, for {users} users")

    operations = collections.Counter(c["operation"] for c in calls)
    got = {"look-ups": sum(operations[name] for name in EXPORT_LOOK_UPS)}
    got.update({name: operations[name] for name in ("SearchUsers", "DescribeUser", "ListUserProficiencies")})
    plan = predicted(users, report["parts"])
    others = {name: n for name, n in operations.items() if name not in EXPORT_LOOK_UPS and name not in got}
    planned_total = sum(plan.values())
    # Each operation has its own lane (issue 16): DescribeUser and ListUserProficiencies go
    # side by side, so the busiest lane sets the time, and each lane keeps its own pace.
    by_operation = collections.defaultdict(list)
    for c in calls:
        by_operation[c["operation"]].append(c["timeMs"])
    busiest, busiest_calls = max(((name, len(t)) for name, t in by_operation.items()), key=lambda item: item[1])
    lane_slack = min(tightest(t, interval) for t in by_operation.values())
    times = by_operation[busiest]
    gaps = [b - a for a, b in zip(times, times[1:])] or [0]
    throttled = sum(1 for c in calls if c["status"] == 429)
    ideal_wall = busiest_calls * interval / 1000
    one_pace = planned_total * interval / 1000

    print(f"== Export: {users} users, API_INTERVAL_MS={interval}, bucket {rate:g}/s burst {burst}")
    print(f"Connect calls             {len(calls)}  ({len(calls) / users:.3f} per user; prediction {planned_total})")
    print("by kind                   " + ", ".join(f"{name} {got[name]} (predicted {plan[name]})" for name in plan))
    print(f"parts                     {report['parts']}")
    print(f"{busiest} gaps (ms)  min {min(gaps)}  mean {statistics.mean(gaps):.1f}  max {max(gaps)}"
          f"  (in every lane, any k gaps span at least k x {interval} {lane_slack:+d} ms)")
    print(f"wall time, upload to end  {elapsed:.1f} s  ({elapsed / ideal_wall:.4f} x the busiest lane's {busiest_calls} calls x interval"
          f" = {ideal_wall:.1f} s; {one_pace / elapsed:.2f}x faster than one pace for every call, {one_pace:.1f} s)")
    print(f"export                    {len(body):,} bytes, {len(rows)} rows")
    print(f"429 responses             {throttled}")

    if got != plan or others:
        problems.append(f"calls {got} (and {others}) differ from the prediction {plan}")
    if lane_slack < -JITTER_MS:
        problems.append(f"a lane's calls came {-lane_slack} ms sooner than the interval allows")
    if elapsed > ideal_wall * WALL_RATIO + WALL_ALLOWANCE_S:
        problems.append(f"wall time {elapsed:.1f} s is above {WALL_RATIO} x {ideal_wall:.1f} s + {WALL_ALLOWANCE_S:g} s")
    if throttled:
        problems.append(f"{throttled} calls were throttled")
    return verdict(problems)


if __name__ == "__main__":
    sys.exit(main())
