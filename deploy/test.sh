#!/usr/bin/env bash
# The whole test suite: Swift tests (which call botocore as the SigV4 oracle), then the
# Python suites under Tests/python, if any.
set -euo pipefail
cd "$(dirname "$0")/.."
# What a new machine lacks (Debian packages, the pinned Python tools, checkov's environment)
# goes in first; one line when everything is there.
bash deploy/setup.sh --for test
swift build --build-tests
swift test --skip-build
# The Lambda package (a release build) and its provided.al2023 checks; the Python suite then
# runs the packaged bootstrap as Lambda would.
bash deploy/package.sh --out .build-package
if compgen -G "Tests/python/test_*.py" >/dev/null; then
    python3 -m pytest -q Tests/python
fi
# Benchmarks in their short mode: they print figures and fail only if a stated bound breaks.
python3 benchmarks/run.py --short
