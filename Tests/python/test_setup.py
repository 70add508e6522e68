"""deploy/setup.sh and deploy/build-quiet.sh, on a machine made up for each test.

setup.sh asks each thing itself (pkg-config, the tools on PATH, the Python distributions'
versions), so a test hands it a PATH of fakes and Pythons whose only packages are fake
`.dist-info` folders: the checks are the real ones, and nothing is ever installed (no apt-get
or pip is reachable; a run that tried would fail)."""
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

BASH = shutil.which("bash")
REAL_PYTHON = sys.executable
# What setup.sh itself runs besides the tools it checks.
UTILITIES = ["dirname", "grep", "sed", "sort", "mktemp", "id", "rm", "cat", "env"]


def pins(path):
    found = []
    for line in (ROOT / path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = re.fullmatch(r"([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(\S+)", line).groups()
            found.append((line, name, version))
    return found


def fake_distribution(site, name, version, requires=()):
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    lines += [f"Requires-Dist: {requirement}" for requirement in requires]
    (info / "METADATA").write_text("\n".join(lines) + "\n")


def fake_python(path, site):
    """A python3 that sees only `site`: the real interpreter without its site-packages."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\nPYTHONPATH="{site}" exec "{REAL_PYTHON}" -S "$@"\n')
    path.chmod(0o755)
    # `python3 -m pip --version` must answer: a stand-in pip that installs nothing.
    (site / "pip").mkdir(parents=True, exist_ok=True)
    (site / "pip" / "__init__.py").write_text("")
    (site / "pip" / "__main__.py").write_text(
        "import sys\nif sys.argv[1:] == ['--version']: print('pip 0 (fake)')\nelse: sys.exit('the test pip installs nothing')\n")


def tool(bin_dir, name, script="exit 0"):
    path = bin_dir / name
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)


class Machine:
    """A repository copy with a PATH of fakes: everything present unless a test takes it away."""

    def __init__(self, tmp_path):
        self.repo = tmp_path / "repo"
        (self.repo / "deploy").mkdir(parents=True)
        for name in ["deploy/setup.sh", "requirements-test.txt", "requirements-checkov.txt"]:
            shutil.copy(ROOT / name, self.repo / name)
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        for name in UTILITIES:
            os.symlink(shutil.which(name), self.bin / name)
        for name in ["swift", "strip", "readelf", "objdump", "zip"]:
            tool(self.bin, name)
        self.pkg_config(libcurl=True, libcrypto=True)
        self.site = tmp_path / "site"
        for _, name, version in pins("requirements-test.txt"):
            requires = ['flask!=2.2.0,!=2.2.1; extra == "server"', 'flask-cors; extra == "server"'] if name == "moto" else []
            fake_distribution(self.site, name, version, requires)
        fake_distribution(self.site, "flask", "3.0.0")
        fake_distribution(self.site, "flask-cors", "5.0.0")
        fake_python(self.bin / "python3", self.site)
        self.venv_site = tmp_path / "venv-site"
        for _, name, version in pins("requirements-checkov.txt"):
            fake_distribution(self.venv_site, name, version)
        fake_python(self.repo / ".venv-checkov" / "bin" / "python", self.venv_site)

    def pkg_config(self, **present):
        cases = " ".join(f"{name}) exit {0 if there else 1} ;;" for name, there in present.items())
        tool(self.bin, "pkg-config", f'case "$2" in {cases} *) exit 1 ;; esac')

    def remove(self, *names):
        for name in names:
            (self.bin / name).unlink()

    def uninstall(self, name):
        shutil.rmtree(next(self.site.glob(f"{name.replace('-', '_')}-*.dist-info")))

    def setup(self, *args):
        result = subprocess.run([BASH, str(self.repo / "deploy" / "setup.sh"), *args], capture_output=True, text=True,
                                timeout=60, env={"PATH": str(self.bin), "HOME": str(self.repo)})
        return result.returncode, result.stdout.splitlines(), result.stderr


@pytest.fixture()
def machine(tmp_path):
    return Machine(tmp_path)


def test_nothing_to_install_when_everything_is_there(machine):
    for args in [["--dry-run"], [], ["--for", "run-local"], ["--for", "run-local", "--dry-run"]]:
        code, out, err = machine.setup(*args)
        assert (code, out) == (0, ["setup: nothing to install"]), (args, out, err)


def test_dry_run_names_exactly_what_is_missing(machine):
    machine.pkg_config(libcurl=False, libcrypto=True)
    machine.remove("zip", "objdump")
    machine.uninstall("botocore")
    fake_distribution(machine.site, "botocore", "1.0.0")  # another version than pinned
    machine.uninstall("flask-cors")                       # moto is there, its [server] extra is not
    shutil.rmtree(machine.repo / ".venv-checkov")
    code, out, err = machine.setup("--dry-run")
    assert code == 0, err
    moto = next(line for line, name, _ in pins("requirements-test.txt") if name == "moto")
    botocore = next(line for line, name, _ in pins("requirements-test.txt") if name == "botocore")
    checkov = next(line for line, _, _ in pins("requirements-checkov.txt"))
    assert out == [
        "would install binutils (Debian package)",
        "would install libcurl4-openssl-dev (Debian package)",
        "would install zip (Debian package)",
        f"would install {botocore} (python3 -m pip)",
        f"would install {moto} (python3 -m pip)",
        f"would install {checkov} (.venv-checkov)",
    ]
    # A dry run changes nothing: the same answer again.
    assert machine.setup("--dry-run")[1] == out


def test_run_local_needs_only_the_build_libraries_and_the_aws_cli(machine):
    machine.pkg_config(libcurl=True, libcrypto=False)
    machine.remove("zip")
    machine.uninstall("awscli")
    machine.uninstall("moto")
    shutil.rmtree(machine.repo / ".venv-checkov")
    code, out, _ = machine.setup("--for", "run-local", "--dry-run")
    awscli = next(line for line, name, _ in pins("requirements-test.txt") if name == "awscli")
    assert (code, out) == (0, ["would install libssl-dev (Debian package)", f"would install {awscli} (python3 -m pip)"])


def test_without_pkg_config_the_libraries_cannot_be_found_either(machine):
    machine.remove("pkg-config")
    code, out, _ = machine.setup("--for", "run-local", "--dry-run")
    assert (code, out) == (0, [f"would install {name} (Debian package)" for name in ["libcurl4-openssl-dev", "libssl-dev", "pkg-config"]])


def test_a_missing_swift_is_reported_not_installed(machine):
    machine.remove("swift")
    code, out, _ = machine.setup("--dry-run")
    assert code == 0 and len(out) == 1 and out[0].startswith("missing swift: install a Swift 6 toolchain")
    code, out, err = machine.setup()
    assert code == 1 and "swift.org" in err


def test_the_real_machine_needs_nothing_for_run_local():
    """This machine runs the suite, so what run-local needs is here: the real checks agree."""
    result = subprocess.run([BASH, str(ROOT / "deploy" / "setup.sh"), "--for", "run-local", "--dry-run"],
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (0, "setup: nothing to install\n"), result.stderr


# --- deploy/build-quiet.sh ---------------------------------------------------------------------

DEPENDENCY_WARNINGS = """\
warning: 'swift-distributed-tracing': found 1 file(s) which are unhandled; explicitly declare them as resources or exclude from the target
    /repo/.build/checkouts/swift-distributed-tracing/Sources/Tracing/CMakeLists.txt
warning: 'swift-nio': found 2 file(s) which are unhandled; explicitly declare them as resources or exclude from the target
    /repo/.build/checkouts/swift-nio/Sources/NIOCore/CMakeLists.txt
    /repo/.build/checkouts/swift-nio/Sources/NIOPosix/CMakeLists.txt
"""
OWN_WARNING = """\
warning: 'connect-agents-bulk': found 1 file(s) which are unhandled; explicitly declare them as resources or exclude from the target
    /repo/Sources/BulkEngine/notes.txt
"""


def quiet_build(tmp_path, stdout, stderr, status):
    """build-quiet.sh with a `swift` that writes `stdout` and `stderr` and exits `status`."""
    repo = tmp_path / "repo"
    (repo / "deploy").mkdir(parents=True)
    shutil.copy(ROOT / "deploy" / "build-quiet.sh", repo / "deploy" / "build-quiet.sh")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (tmp_path / "out.txt").write_text(stdout)
    (tmp_path / "err.txt").write_text(stderr)
    tool(bin_dir, "swift", f'cat "{tmp_path}/out.txt"; cat "{tmp_path}/err.txt" >&2; exit {status}')
    return subprocess.run([BASH, str(repo / "deploy" / "build-quiet.sh"), "--product", "bootstrap"], capture_output=True,
                          text=True, timeout=60, env={"PATH": f"{bin_dir}:{os.environ['PATH']}"})


RESOLVING = """\
Fetching https://github.com/apple/swift-nio.git from cache
Fetched https://github.com/apple/swift-nio.git from cache (0.02s)
Computing version for https://github.com/apple/swift-nio.git
Computed https://github.com/apple/swift-nio.git at 2.86.0 (0.40s)
Creating working copy for https://github.com/apple/swift-nio.git
Working copy of https://github.com/apple/swift-nio.git resolved at 2.86.0
"""


def test_build_quiet_hides_the_dependencies_warnings(tmp_path):
    result = quiet_build(tmp_path, "Building for debugging...\n[3/7] Compiling Foo a.swift\nBuild complete!\n",
                         RESOLVING + DEPENDENCY_WARNINGS, 0)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_build_quiet_shows_real_errors_and_the_packages_own_warnings(tmp_path):
    compiler = ("[3/7] Compiling bad main.swift\n"
                "/repo/Sources/bad/main.swift:1:14: error: cannot convert value of type 'String' to specified type 'Int'\n"
                "[4/7] Emitting module bad\n")
    fetch_error = "error: Failed to clone repository https://github.com/apple/swift-nio.git\n"
    result = quiet_build(tmp_path, compiler, RESOLVING + DEPENDENCY_WARNINGS + OWN_WARNING + fetch_error + "error: fatalError\n", 1)
    assert result.returncode == 1
    assert "CMakeLists.txt" not in result.stderr and "unhandled" not in result.stderr.replace(OWN_WARNING, "")
    assert "Fetching" not in result.stderr and "Working copy" not in result.stderr
    assert "error: cannot convert value of type 'String' to specified type 'Int'" in result.stderr
    assert "error: fatalError" in result.stderr and fetch_error in result.stderr
    assert OWN_WARNING in result.stderr
    assert "[3/7]" not in result.stderr and result.stdout == ""
    assert "swift build --product bootstrap failed (exit 1)" in result.stderr
