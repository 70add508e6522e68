"""Start-up and footprint: what Lambda bills and users wait for, side by side with the
alternative people run today for this job, a Python 3 Lambda with boto3.

    python3 benchmarks/startup.py            # the shipped binary (release, static stdlib, stripped)
    python3 benchmarks/startup.py --debug    # short mode: .build/debug/bootstrap, no release build

1. Start-up: from process start (just before the fork) to the first
   `GET /2018-06-01/runtime/invocation/next` arriving at a loopback listener standing in for
   the Runtime API, for `bootstrap` and for `python3 -c "import boto3; boto3.client('connect');
   boto3.client('s3')"` followed by the same GET (what a Python Lambda's init does before its
   first poll, without the runtime interface client: a lower bound for Python). Alternating
   runs, one warm-up each, median of `--runs`. Each process's peak resident set at that moment
   (VmHWM) is its init footprint.
2. Peak resident set of `bootstrap` while it creates `--rows` users from one file through
   connect-local (API_INTERVAL_MS=0, the bucket out of the way, log level INFO): VmHWM when the
   invocation has finished.
3. The zip Lambda runs: `deploy/package.sh --out DIR` when the branch has it, else the same
   steps here (`swift build -c release --product bootstrap --static-swift-stdlib`, strip, zip as
   `bootstrap`). The binary timed is the one in the zip.

Fails (exit 1) if `bootstrap` starts no faster than Python with boto3 (ratio below 1), or its
peak resident set exceeds 128 MiB, Lambda's smallest memory setting.
"""
import argparse
import os
import pathlib
import shutil
import socket
import statistics
import subprocess
import sys
import time
import zipfile

from bench_support import (verdict, ROOT, Function, bucket_for, create_sheet, instance_arn, proc_status_kib, reap,
                           scratch_dir, start_stack, wait_for_invocations)

NEXT = b"GET /2018-06-01/runtime/invocation/next"
LAMBDA_MIN_MEMORY_KIB = 128 * 1024
PYTHON_INIT = ("import boto3, http.client, os\n"
               "boto3.client('connect'); boto3.client('s3')\n"
               "c = http.client.HTTPConnection(os.environ['AWS_LAMBDA_RUNTIME_API'])\n"
               "c.request('GET', '/2018-06-01/runtime/invocation/next'); c.getresponse()\n")


def swift_release_build(product):
    """The product as Lambda gets it: release, Swift's standard library linked in."""
    command = ["swift", "build", "-c", "release", "--product", product, "--static-swift-stdlib"]
    print("$", " ".join(command), flush=True)
    built = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=3600)
    if built.returncode != 0:
        sys.stdout.write(built.stdout[-4000:] + built.stderr[-4000:])
        raise SystemExit(f"{' '.join(command)} failed ({built.returncode})")
    return ROOT / ".build" / "release" / product


def package(out_dir):
    """Builds `bootstrap.zip` into `out_dir` the way deployment does, and returns it with the
    `bootstrap` inside it, unpacked next to it. Prefers `deploy/package.sh` when it exists."""
    out_dir = pathlib.Path(out_dir)
    script = ROOT / "deploy" / "package.sh"
    archive = out_dir / "bootstrap.zip"
    if script.exists():
        subprocess.run(["bash", str(script), "--out", str(out_dir)], cwd=ROOT, check=True, timeout=3600)
        how = "from deploy/package.sh's zip"
    else:
        built = swift_release_build("bootstrap")
        staged = out_dir / "staging" / "bootstrap"
        staged.parent.mkdir(parents=True)
        shutil.copy2(built, staged)
        subprocess.run(["strip", str(staged)], check=True, timeout=300)
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
            info = zipfile.ZipInfo("bootstrap", date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = 0o100755 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(info, staged.read_bytes())
        how = "release, static stdlib, stripped; zipped here as deploy/package.sh is not on this branch"
    unpacked = out_dir / "unpacked"
    with zipfile.ZipFile(archive) as zipped:
        zipped.extract("bootstrap", unpacked)
    binary = unpacked / "bootstrap"
    binary.chmod(0o755)
    return archive, binary, how


class RuntimeListener:
    """A loopback socket standing in for the Runtime API: it only notes when the first
    `GET /next` has arrived."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(4)
        self.address = "127.0.0.1:%d" % self.socket.getsockname()[1]

    def time_first_poll(self, command, env, timeout=60):
        """Starts `command`, waits for its `GET /next`; returns (seconds from start, VmHWM in
        KiB at that moment) and stops the process."""
        self.socket.settimeout(timeout)
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            connection, _ = self.socket.accept()
            with connection:
                connection.settimeout(timeout)
                data = b""
                deadline = time.monotonic() + timeout
                while b"\r\n\r\n" not in data and time.monotonic() < deadline:
                    chunk = connection.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                arrived = time.perf_counter() - started
                peak = proc_status_kib(process.pid, "VmHWM")
            if not data.startswith(NEXT):
                raise RuntimeError(f"expected GET /next first, got {data[:80]!r}")
            return arrived, peak
        except socket.timeout:
            raise RuntimeError(f"{command[0]} made no request in {timeout}s: {process.stderr.read1(4000)!r}")
        finally:
            reap(process)
            process.stderr.close()

    def close(self):
        self.socket.close()


def lambda_env(runtime_api):
    return {
        "PATH": os.environ.get("PATH", ""), "HOME": "/nonexistent", "LANG": "C.UTF-8",
        "AWS_LAMBDA_RUNTIME_API": runtime_api, "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "CONNECT_INSTANCE_ARN": "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555",
    }


def start_up(binary, runs):
    listener = RuntimeListener()
    env = lambda_env(listener.address)
    python = [sys.executable, "-c", PYTHON_INIT]
    figures = {"bootstrap": [], "python": []}
    try:
        listener.time_first_poll([str(binary)], env)  # warm-up: page cache, dynamic loader
        listener.time_first_poll(python, env)
        for _ in range(runs):
            figures["bootstrap"].append(listener.time_first_poll([str(binary)], env))
            figures["python"].append(listener.time_first_poll(python, env))
    finally:
        listener.close()
    return {name: (statistics.median(t for t, _ in values), min(t for t, _ in values),
                   statistics.median(p for _, p in values)) for name, values in figures.items()}


def peak_while_processing(binary, rows):
    """VmHWM of `binary` after it created `rows` users from one file, and after its init."""
    rate, burst = bucket_for(0)
    os.environ["BOOTSTRAP"] = str(binary)
    with scratch_dir() as tmp:
        stack = start_stack(tmp, rate, burst, users_quota=rows + 100)
        try:
            arn, _ = instance_arn(stack)
            function = Function(stack, arn, interval_ms=0, extra_env={"LOG_LEVEL": "INFO"})
            try:
                # The stack logs a poll only once it is answered; init takes milliseconds.
                time.sleep(1)
                idle = proc_status_kib(function.process.pid, "VmHWM")
                started = time.monotonic()
                stack.client("s3").put_object(Bucket="agents", Key="create/footprint.csv", Body=create_sheet(rows, "fp"))
                records = wait_for_invocations(stack, 1, timeout=120 + rows * 0.05)
                elapsed = time.monotonic() - started
                peak = proc_status_kib(function.process.pid, "VmHWM")
            finally:
                function.stop()
        finally:
            stack.stop()
    if records[-1]["status"] != "succeeded":
        raise RuntimeError(f"the {rows}-row invocation did not succeed: {records[-1]}\n{function.logs()[-2000:]}")
    return idle, peak, elapsed


def mib(kib):
    return f"{kib / 1024:.1f} MiB"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--debug", action="store_true", help="short mode: the debug build, no release build or zip")
    parser.add_argument("--runs", type=int, default=20, help="start-ups measured per side (default 20)")
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the file for peak memory (default 10,000)")
    arguments = parser.parse_args(argv)

    problems = []
    with scratch_dir() as tmp:
        if arguments.debug:
            binary, archive, how = ROOT / ".build" / "debug" / "bootstrap", None, "debug build, dynamically linked"
        else:
            archive, binary, how = package(tmp)
        times = start_up(binary, arguments.runs)
        idle, peak, elapsed = peak_while_processing(binary, arguments.rows)
        boot, python = times["bootstrap"], times["python"]
        ratio = python[0] / boot[0]
        print(f"== Start-up and footprint: bootstrap ({how}) vs Python {sys.version.split()[0]} + boto3")
        print(f"start to first GET /next  bootstrap {boot[0] * 1000:.1f} ms (min {boot[1] * 1000:.1f}),"
              f" python+boto3 {python[0] * 1000:.1f} ms (min {python[1] * 1000:.1f}); median of {arguments.runs}")
        print(f"start-up ratio            python / bootstrap = {ratio:.1f}x")
        print(f"peak RSS at first poll    bootstrap {mib(boot[2])}, python+boto3 {mib(python[2])}"
              f" ({python[2] / boot[2]:.1f}x)")
        print(f"peak RSS, {arguments.rows} rows       {mib(peak)} (init {mib(idle)}; {(peak - idle) * 1024 / arguments.rows:.0f} bytes"
              f" per row; {peak / LAMBDA_MIN_MEMORY_KIB:.2f} of Lambda's 128 MiB; the file took {elapsed:.1f} s at API_INTERVAL_MS=0)")
        if archive is not None:
            print(f"zip                       {archive.stat().st_size / 1024 / 1024:.2f} MiB"
                  f" (bootstrap {binary.stat().st_size / 1024 / 1024:.2f} MiB unzipped)")
    if ratio < 1:
        problems.append(f"bootstrap starts slower than Python with boto3 ({ratio:.2f}x)")
    if peak > LAMBDA_MIN_MEMORY_KIB:
        problems.append(f"peak RSS {mib(peak)} is above Lambda's smallest memory setting, 128 MiB")
    return verdict(problems)


if __name__ == "__main__":
    sys.exit(main())
