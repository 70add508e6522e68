"""Every benchmark, one command.

    python3 benchmarks/run.py            # full: release builds, 100,000 rows locally, 20 start-ups a
                                         # side, 10,000 rows for memory, create 40 and update 1,000
                                         # at API_INTERVAL_MS=600, export 2,000 users (about an hour:
                                         # the update's 1,306 calls and the export's 4,009 at 600 ms)
    python3 benchmarks/run.py --interval-ms 60   # the same, API benchmarks at a 10x pace and bucket
    python3 benchmarks/run.py --short    # what deploy/test.sh runs: debug builds, small files (~1 min)
    python3 benchmarks/run.py --only api # one group: api, startup, local, export

Each benchmark is its own script and prints its own figures and bounds (see its docstring);
this runs them in turn and exits 1 if any of them failed.
"""
import argparse
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


def plan(short, interval):
    python = [sys.executable]
    if short:
        return [
            # Lanes at a 10x pace and buckets: the same bounds as the full sizes, in about 40 s.
            ("api", python + [str(HERE / "api.py"), "create", "--rows", "100", "--interval-ms", "60"]),
            ("api", python + [str(HERE / "api.py"), "update", "--rows", "560", "--interval-ms", "60"]),
            ("api", python + [str(HERE / "api.py"), "update", "--rows", "280", "--interval-ms", "60", "--throttle", "lowered"]),
            ("api", python + [str(HERE / "api.py"), "update", "--rows", "560", "--interval-ms", "60", "--throttle", "shared"]),
            ("export", python + [str(HERE / "export.py"), "--users", "200", "--interval-ms", "20"]),
            # Each lane at the account's quota, at ten times AWS's scale (about 30 s).
            ("api", python + [str(HERE / "quotas.py"), "--short"]),
            ("startup", python + [str(HERE / "startup.py"), "--debug", "--runs", "5", "--rows", "1000"]),
            ("local", [str(ROOT / ".build" / "debug" / "bulk-bench"), "--rows", "10000", "--repeat", "1",
                       "--sign-seconds", "0.3", "--check"]),
        ]
    pace = ["--interval-ms", str(interval)]
    return [
        ("local", "release-bulk-bench"),
        ("startup", python + [str(HERE / "startup.py")]),
        ("api", python + [str(HERE / "api.py"), "create"] + pace),
        ("api", python + [str(HERE / "api.py"), "update"] + pace),
        ("export", python + [str(HERE / "export.py")] + pace),
        ("api", python + [str(HERE / "quotas.py")]),
        ("api", python + [str(HERE / "api.py"), "update", "--throttle", "lowered"] + pace),
        ("api", python + [str(HERE / "api.py"), "update", "--throttle", "shared"] + pace),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="the CI mode: debug builds, small files")
    parser.add_argument("--only", choices=["api", "startup", "local", "export"], action="append",
                        help="run only this group (repeatable)")
    parser.add_argument("--interval-ms", type=int, default=600,
                        help="API_INTERVAL_MS of the API benchmarks in the full mode (default 600)")
    arguments = parser.parse_args()

    failed = []
    for group, command in plan(arguments.short, arguments.interval_ms):
        if arguments.only and group not in arguments.only:
            continue
        if command == "release-bulk-bench":
            from startup import swift_release_build
            command = [str(swift_release_build("bulk-bench")), "--rows", "100000", "--check"]
        started = time.monotonic()
        code = subprocess.run(command, cwd=ROOT).returncode
        name = " ".join(pathlib.Path(part).name if part.startswith("/") else part for part in command)
        print(f"-- {name}: {'ok' if code == 0 else f'FAILED ({code})'} in {time.monotonic() - started:.0f} s\n", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print("benchmarks failed:", "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
