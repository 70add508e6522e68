#!/usr/bin/env bash
# `swift build "$@"` for people: the progress lines are dropped (the build's, and on a first
# build the dependencies' fetching and checking out), errors and warnings are shown,
# except SwiftPM's warnings about files in *dependency* packages that it does not handle
# ("warning: 'swift-nio': found 1 file(s) which are unhandled; explicitly declare them as
# resources or exclude from the target", then the files, their CMakeLists.txt): those are the
# dependencies' business, not the user's. Exits with the build's status; when the build fails
# its stdout is shown too, but for the progress lines (swift build writes compiler errors there).
set -uo pipefail
cd "$(dirname "$0")/.."

# This package's own name: its warnings are never hidden.
own_package="connect-agents-bulk"

# Drops each dependency's "unhandled files" warning with the indented file lines after it.
drop_dependency_warnings() {
    awk -v own="$own_package" '
        match($0, /^warning: \x27[^\x27]+\x27: found [0-9]+ file\(s\) which are unhandled; explicitly declare them as resources or exclude from the target$/) {
            package = $0; sub(/^warning: \x27/, "", package); sub(/\x27.*/, "", package)
            if (package != own) { skipping = 1; next }
        }
        skipping && /^[ \t]/ { next }
        { skipping = 0 }
        # Resolving the dependencies, on a first build: progress, not news.
        /^(Fetching|Fetched|Computing version for|Computed|Creating working copy for|Working copy of) https?:\/\// { next }
        { print; fflush() }
    '
}

out="$(mktemp)" err="$(mktemp)"
trap 'rm -f "$out" "$err"' EXIT
swift build "$@" >"$out" 2>"$err"
status=$?
drop_dependency_warnings <"$err" >&2
if [ "$status" -ne 0 ]; then
    # The compiler's diagnostics come on stdout, among the progress lines.
    drop_dependency_warnings <"$out" | grep -Ev '^\[[0-9]+/[0-9]+\] ' >&2 || true
    echo "build-quiet.sh: swift build $* failed (exit $status)" >&2
fi
exit "$status"
