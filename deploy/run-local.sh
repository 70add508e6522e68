#!/usr/bin/env bash
# Runs the whole thing on this machine, as it runs on AWS: builds, starts connect-local (the
# local Amazon Connect, S3 and Lambda Runtime API), uploads the example spreadsheet to create/
# with the AWS CLI as a manager would, runs the real `bootstrap` binary against it, and shows
# what happened: the users created, the failure file, the renamed input and the summary.
set -euo pipefail
cd "$(dirname "$0")/.."

# What a new machine lacks for this (libcurl's and OpenSSL's headers, the AWS CLI) goes in first.
bash deploy/setup.sh --for run-local
bash deploy/build-quiet.sh --product connect-local
bash deploy/build-quiet.sh --product bootstrap
bin=$(swift build --show-bin-path)

work=$(mktemp -d)
cleanup() {
    [ -n "${function_pid:-}" ] && kill "$function_pid" 2>/dev/null || true
    [ -n "${stack_pid:-}" ] && kill "$stack_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$bin/connect-local" --port 0 > "$work/stack.out" 2> "$work/stack.err" &
stack_pid=$!
for _ in $(seq 1 100); do
    grep -q "listening on" "$work/stack.out" 2>/dev/null && break
    sleep 0.1
done
endpoint=$(sed -n "s/^connect-local listening on \(http:[^ ]*\).*/\1/p" "$work/stack.out")
[ -n "$endpoint" ] || { echo "connect-local did not start:" >&2; cat "$work/stack.err" >&2; exit 1; }
echo "connect-local on $endpoint"

export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL="$endpoint"
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
instance=$(curl -s "$endpoint/_local/instances" | python3 -c 'import json,sys; print(next(i["id"] for i in json.load(sys.stdin) if i["identityManagementType"] == "CONNECT_MANAGED"))')

echo
echo "== a manager drops the spreadsheet into create/"
aws s3 cp template/agents-example.csv s3://agents/create/agents-example.csv

echo
echo "== the function runs (each Connect API at the quota the stack's Service Quotas lists: AWS's defaults)"
AWS_LAMBDA_RUNTIME_API="${endpoint#http://}" \
CONNECT_INSTANCE_ARN="arn:aws:connect:us-east-1:123456789012:instance/$instance" \
    "$bin/bootstrap" > "$work/function.log" 2>&1 &
function_pid=$!
for _ in $(seq 1 600); do
    state=$(curl -s "$endpoint/_local/invocations" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r[0]["status"] if r else "none")')
    case "$state" in succeeded|failed|timedOut) break ;; esac
    sleep 0.2
done
kill "$function_pid" 2>/dev/null || true
wait "$function_pid" 2>/dev/null || true
function_pid=
echo "invocation: $state"
grep '"summary"' "$work/function.log" || true

echo
echo "== the users in the instance"
aws connect list-users --instance-id "$instance" --query 'UserSummaryList[].Username' --output text | tr '\t' '\n' | sort

echo
echo "== the bucket"
aws s3 ls --recursive s3://agents/

echo
echo "== the failure file (fix the rows, then drop it back into create/ as it is)"
failed=$(aws s3 ls --recursive s3://agents/failed/ | awk '{print $4}' | head -1)
[ -n "$failed" ] && aws s3 cp "s3://agents/$failed" - || echo "(none)"
