"""The code's layout as docs/ARCHITECTURE.md states it (issue 21): lines no longer than the
repository's .swift-format says, one type per file named after it, no `public` in a module that
is not a product, and a plan's Connect dependency the read protocol only."""
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = ROOT / "Sources"
TYPE = re.compile(r"^(?:public |package |private |fileprivate )?(?:final )?(?:struct|enum|class|actor|protocol) ([A-Za-z0-9_]+)")
PRODUCTS = {"AWSCore", "Base", "CurlTransport", "LocalStack"}


def swift_files():
    return sorted(p for p in SOURCES.rglob("*.swift"))


def test_every_source_line_keeps_the_formatters_line_length():
    limit = json.loads((ROOT / ".swift-format").read_text())["lineLength"]
    assert limit == 150
    long = [f"{p.relative_to(ROOT)}:{n}" for p in swift_files()
            for n, line in enumerate(p.read_text().split("\n"), 1) if len(line) > limit]
    assert long == [], long[:20]


def test_one_type_per_file_named_after_it():
    wrong = []
    for path in swift_files():
        if path.name == "main.swift":
            continue
        types = [m.group(1) for line in path.read_text().split("\n") if (m := TYPE.match(line))]
        if len(types) > 1 or (types and types[0] != path.stem.split("+")[0]):
            wrong.append((str(path.relative_to(ROOT)), types))
    assert wrong == [], wrong


def test_public_only_in_products():
    products = set(re.findall(r'\.library\(name: "([A-Za-z]+)"', (ROOT / "Package.swift").read_text()))
    assert products == PRODUCTS
    found = []
    for path in swift_files():
        module = path.relative_to(SOURCES).parts[0]
        if module in products or module.startswith("C"):
            continue
        for n, line in enumerate(path.read_text().split("\n"), 1):
            code = line.split("//")[0]
            if re.search(r"(^|\s)public\s", code):
                found.append(f"{path.relative_to(ROOT)}:{n}")
    assert found == [], found[:20]


def test_a_plan_is_given_the_connect_reads_only():
    plan = (SOURCES / "BulkEngine/Run/Kinds/PlanKind.swift").read_text()
    assert "static func narrow(_ connect: any ConnectAPI) -> any ConnectReading" in plan
    assert "ReadOnlyConnect" not in "".join(p.read_text() for p in swift_files())
