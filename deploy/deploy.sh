#!/usr/bin/env bash
# Deploys or updates the stack with the AWS CLI; run it again to update (it changes nothing
# when nothing changed).
#
#   deploy/deploy.sh --instance-arn ARN --bucket NAME --code-bucket NAME
#                    [--retries N] [--interval-ms N] [--api-rates LIST] [--max-deletes N] [--retention-days N] [--log-retention-days N]
#                    [--stack-name NAME] [--region REGION] [--package ZIP] [--export-schedule EXPR]
#
#   --instance-arn   the Amazon Connect instance (arn:aws:connect:<region>:<account>:instance/<id>)
#   --bucket         the bucket to create for the CSV files (globally unique name)
#   --code-bucket    an existing bucket, in the same region, for the function's package
#                    (created if it does not exist)
#   --retries        NUMBER_OF_RETRIES, 0 to 10 (default 3)
#   --interval-ms    API_INTERVAL_MS, 0 to 60000 (default 600)
#   --api-rates      API_RATES: APIs whose quota the account raised, DescribeUser=10,ListUsers=10
#                    (default: empty, every API at --interval-ms)
#   --max-deletes    MAX_DELETES_PER_FILE: the most users one delete/ file may delete (default 500)
#   --retention-days days before processed inputs and failure files are deleted (default 30)
#   --log-retention-days  days the log group keeps lines (default 90)
#   --stack-name     default connect-agents-bulk
#   --region         default: AWS_REGION, AWS_DEFAULT_REGION, else the instance ARN's region
#   --package        default .build-package/bootstrap.zip (built by deploy/package.sh if missing)
#   --export-schedule  export every user on a schedule: rate(1 day), "cron(0 2 * * ? *)"
#                    (default: empty, no schedule; an object in export/ still exports)
#
# Credentials and endpoints come from the usual AWS CLI configuration (AWS_PROFILE,
# AWS_ENDPOINT_URL, ...).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

instance_arn="" bucket="" code_bucket="" retries=3 interval_ms=600 max_deletes=500 retention_days=30 log_retention_days=90
stack_name=connect-agents-bulk region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}" package=.build-package/bootstrap.zip
export_schedule="" api_rates=""
while [ $# -gt 0 ]; do
    [ $# -ge 2 ] || usage
    case "$1" in
        --instance-arn) instance_arn="$2" ;;
        --bucket) bucket="$2" ;;
        --code-bucket) code_bucket="$2" ;;
        --retries) retries="$2" ;;
        --interval-ms) interval_ms="$2" ;;
        --api-rates) api_rates="$2" ;;
        --max-deletes) max_deletes="$2" ;;
        --retention-days) retention_days="$2" ;;
        --log-retention-days) log_retention_days="$2" ;;
        --stack-name) stack_name="$2" ;;
        --region) region="$2" ;;
        --package) package="$2" ;;
        --export-schedule) export_schedule="$2" ;;
        *) echo "deploy.sh: unknown option $1" >&2; usage ;;
    esac
    shift 2
done
[ -n "$instance_arn" ] && [ -n "$bucket" ] && [ -n "$code_bucket" ] || usage
if [ -z "$region" ]; then region="$(printf '%s' "$instance_arn" | cut -d: -f4)"; fi

if [ ! -f "$package" ]; then
    echo "== $package is missing: building it"
    bash deploy/package.sh --out "$(dirname "$package")"
fi

# The package's architecture from its ELF header, and a key per build: the same package
# keeps its key (nothing to update), a new build gets a new one (CloudFormation updates the
# function's code).
read -r architecture digest < <(python3 - "$package" <<'EOF'
import hashlib, sys, zipfile
data = open(sys.argv[1], "rb").read()
with zipfile.ZipFile(sys.argv[1]) as archive:
    header = archive.open("bootstrap").read(20)
machine = int.from_bytes(header[18:20], "little")
print({62: "x86_64", 183: "arm64"}.get(machine, "unknown"), hashlib.sha256(data).hexdigest()[:16])
EOF
)
[ "$architecture" != unknown ] || { echo "deploy.sh: $package holds no x86_64 or arm64 bootstrap" >&2; exit 1; }
code_key="connect-agents-bulk/bootstrap-$digest.zip"

aws_() { aws --region "$region" "$@"; }

echo "== package s3://$code_bucket/$code_key ($architecture)"
if ! aws_ s3api head-bucket --bucket "$code_bucket" >/dev/null 2>&1; then
    echo "creating the code bucket $code_bucket"
    aws_ s3 mb "s3://$code_bucket" >/dev/null
fi
if aws_ s3api head-object --bucket "$code_bucket" --key "$code_key" >/dev/null 2>&1; then
    echo "already uploaded"
else
    aws_ s3 cp --only-show-errors "$package" "s3://$code_bucket/$code_key"
fi

echo "== stack $stack_name in $region"
aws_ cloudformation deploy \
    --template-file template/connect-user-management.yaml \
    --stack-name "$stack_name" \
    --capabilities CAPABILITY_IAM \
    --no-fail-on-empty-changeset \
    --parameter-overrides \
        "AmazonConnectARN=$instance_arn" \
        "UserManagementS3BucketName=$bucket" \
        "NumberOfRetries=$retries" \
        "ApiIntervalMs=$interval_ms" \
        "ApiRates=$api_rates" \
        "MaxDeletesPerFile=$max_deletes" \
        "ProcessedFileRetentionDays=$retention_days" \
        "LogRetentionDays=$log_retention_days" \
        "CodeS3Bucket=$code_bucket" \
        "CodeS3Key=$code_key" \
        "Architecture=$architecture" \
        "ExportSchedule=$export_schedule"

function_name="$(aws_ cloudformation describe-stack-resources --stack-name "$stack_name" \
    --query "StackResources[?LogicalResourceId=='Function'].PhysicalResourceId" --output text)"
echo "== ready"
echo "create agents: drop a CSV into s3://$bucket/create/"
echo "update agents: drop a CSV into s3://$bucket/update/"
echo "delete agents: drop a CSV into s3://$bucket/delete/ (only its user login column counts)"
echo "export agents: drop any object into s3://$bucket/export/ (the export: s3://$bucket/exports/)"
echo "failed rows:   s3://$bucket/failed/ (fix them, drop the file back into its folder)"
echo "summaries:     s3://$bucket/results/"
echo "function:      $function_name (logs: /aws/lambda/$function_name)"
