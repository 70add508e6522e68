"""Throttle benchmark: the real `bootstrap` creating users through connect-local at the
default pace, measured from the stack's call log (arrival times at the server).

Prints: Connect calls, calls per row, the gaps between consecutive calls (min / mean / max),
the ratio of achieved to ideal wall time (calls x API_INTERVAL_MS), and 429 responses.
Fails (exit 1) if a gap is shorter than the interval (less 2 ms for timestamp rounding and
loopback jitter), the mean gap is more than 5% over it, or any 429 came back, with the
stack's bucket at AWS's 2 requests/s, burst 5.

    python3 benchmarks/throttle.py            # 40 rows at API_INTERVAL_MS=600 (about 30 s)
    python3 benchmarks/throttle.py --rows 10  # the short mode .ci/run uses
"""
import argparse
import csv
import io
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "Tests" / "python"))

from bootstrap_harness import Function, instance_arn, wait_for_invocations  # noqa: E402
from conftest import LocalStack  # noqa: E402


def sheet(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["first name", "last name", "email address", "password", "user login", "routing profile name",
                     "security_profile_name_1|security_profile_name_2", "phone type (soft/desk)", "phone number",
                     "soft phone auto accept (yes/no)", "ACW timeout (seconds)", "UserHierarchy"])
    for index in range(rows):
        writer.writerow(["Bench", f"Agent{index}", f"bench{index}@example.com", "F@keP@ssw0rd1", f"bench{index}",
                         "Basic Routing Profile", "Agent", "soft", "", "no", "0", "general inquiries"])
    return out.getvalue().encode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=40)
    parser.add_argument("--interval-ms", type=int, default=600)
    arguments = parser.parse_args()
    interval = arguments.interval_ms

    stack = LocalStack()  # the bucket as AWS has it: 2 requests/s, burst 5
    try:
        arn, _ = instance_arn(stack)
        stack.reset_calls()
        function = Function(stack, arn, interval_ms=interval)
        try:
            started = time.monotonic()
            stack.client("s3").put_object(Bucket="agents", Key="create/bench.csv", Body=sheet(arguments.rows))
            wait_for_invocations(stack, 1, timeout=60 + arguments.rows * 3)
            elapsed = time.monotonic() - started
        finally:
            function.stop()
        calls = [c for c in stack.calls() if c["service"] == "Connect"]
    finally:
        stack.stop()

    times = [c["timeMs"] for c in calls]
    gaps = [b - a for a, b in zip(times, times[1:])]
    throttled = sum(1 for c in calls if c["status"] == 429)
    span = (times[-1] - times[0]) if len(times) > 1 else 0
    ideal = (len(calls) - 1) * interval
    ratio = span / ideal if ideal else 1.0
    print(f"rows                      {arguments.rows}")
    print(f"Connect calls             {len(calls)}  ({len(calls) / arguments.rows:.3f} per row)")
    print(f"API_INTERVAL_MS           {interval}")
    print(f"gap between calls (ms)    min {min(gaps)}  mean {statistics.mean(gaps):.1f}  max {max(gaps)}")
    print(f"achieved / ideal time     {ratio:.4f}  ({span} ms for {len(calls) - 1} gaps of {interval} ms)")
    print(f"429 responses             {throttled}")
    print(f"wall time, upload to end  {elapsed:.1f} s")

    problems = []
    if min(gaps) < interval - 2:
        problems.append(f"a gap of {min(gaps)} ms is shorter than the interval")
    if statistics.mean(gaps) > interval * 1.05:
        problems.append(f"the mean gap {statistics.mean(gaps):.1f} ms is more than 5% over the interval")
    if throttled:
        problems.append(f"{throttled} calls were throttled")
    for problem in problems:
        print("FAIL:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
