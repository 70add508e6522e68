"""The throttle benchmark, kept under its old name: `benchmarks/api.py create` with the same
options (`--rows`, default 40; `--interval-ms`, default 600). See api.py.

    python3 benchmarks/throttle.py            # = python3 benchmarks/api.py create
"""
import sys

from api import main

if __name__ == "__main__":
    sys.exit(main(["create", *sys.argv[1:]]))
