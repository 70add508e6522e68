"""The README's "run it" command, as a person runs it: `bash deploy/run-local.sh`."""
import csv
import io
import subprocess

from conftest import ROOT


def test_run_local_creates_the_example_users_and_reports_the_bad_rows():
    result = subprocess.run(["bash", str(ROOT / "deploy" / "run-local.sh")], cwd=ROOT, capture_output=True,
                            text=True, timeout=600)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "invocation: succeeded" in out
    users = out.split("== the users in the instance", 1)[1].split("== the bucket", 1)[0].split()
    for created in ["rroe", "mjackson", "mmajor", "zoneil"]:
        assert created in users
    for refused in ["wpassword", "tprofile", "nnumber"]:
        assert refused not in users
    bucket = out.split("== the bucket", 1)[1].split("== the failure file", 1)[0]
    assert "create/agents-example-" in bucket and ".csv.bak" in bucket
    assert "create/agents-example.csv\n" not in bucket
    failure = out.split("drop it back into create/ as it is)\n", 1)[1]
    rows = list(csv.DictReader(io.StringIO(failure.lstrip("\ufeff"))))
    assert sorted(r["user login"] for r in rows) == ["nnumber", "tprofile", "wpassword"]
    assert all(r["error"] for r in rows)
    # The example's passwords appear in the failure file by design, never in the function's log.
    summary = [line for line in out.splitlines() if '"summary"' in line]
    assert len(summary) == 1 and '"created":4' in summary[0] and '"failed":3' in summary[0]
