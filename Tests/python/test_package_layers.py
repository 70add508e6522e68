"""The module graph as docs/ARCHITECTURE.md promises it, read from `swift package dump-package`.

The local stack must not link libcurl, the runtime loop and its logger must not link the
signer or libcrypto, and the architecture's table must name each module's direct dependencies.
"""
import json
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def package():
    out = subprocess.run(["swift", "package", "dump-package"], cwd=ROOT, capture_output=True, text=True, timeout=300, check=True)
    targets = {}
    for target in json.loads(out.stdout)["targets"]:
        deps = set()
        for dependency in target["dependencies"]:
            (kind, value), = dependency.items()
            if kind in ("byName", "target"):
                deps.add(value[0])
        targets[target["name"]] = deps
    return targets


TARGETS = None


def targets():
    global TARGETS
    if TARGETS is None:
        TARGETS = package()
    return TARGETS


def closure(name):
    seen, stack = set(), [name]
    while stack:
        for dependency in targets().get(stack.pop(), set()):
            if dependency not in seen:
                seen.add(dependency)
                stack.append(dependency)
    return seen


def test_the_local_stack_does_not_link_libcurl():
    for module in ("LocalStack", "LocalStackServer", "connect-local"):
        assert not {"CCurl", "CurlTransport"} & closure(module), module


def test_the_runtime_loop_and_the_logger_do_not_link_the_signer():
    for module in ("LambdaRuntime", "JSONLog"):
        assert not {"COpenSSL", "AWSCore"} & closure(module), module


def test_base_depends_on_nothing():
    assert targets()["Base"] == set()


def test_the_architecture_table_names_each_modules_direct_dependencies():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text()
    checked = 0
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        modules = re.findall(r"`([^`]+)`", cells[0])
        if not all(module in targets() for module in modules) or "all of" in cells[2]:
            continue
        promised = set(re.findall(r"`([^`]+)`", cells[2]))
        for module in modules:
            actual = {dependency for dependency in targets()[module] if dependency in targets()}
            assert promised == actual, f"{module}: the table says {sorted(promised)}, Package.swift has {sorted(actual)}"
            checked += 1
    assert checked >= 12
