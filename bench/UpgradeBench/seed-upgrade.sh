#!/usr/bin/env bash
# The migration guide's procedure for 1.0.x -> 3.0.x (/work/shared/seed/aurora-restore-pipeline-migration-guide.md), as
# an operator would script it with the AWS CLI: Preparation Steps 1-3, the 1.0.x -> 2.0.x and 2.0.x -> 3.0.x upgrade
# paths (1.0 -> 3.0 is not direct), the State Migration scripts (scan, transform, one PutItem per item) and the
# Post-Migration Verification. It leaves an environment installed at 1.0.0 in the same shape Invoke-RestoreUpgrade
# leaves it in (stacks, live aliases, index, alarms, configuration format, items), so the bench can compare the two.
# The Lambda packages are built beforehand (the guide's build_lambda_packages.sh; ./build.ps1 Build here).
#
# Usage: seed-upgrade.sh <endpoint> <environment> <versions folder> <lambda package folder> <work folder>
set -euo pipefail

endpoint=$1 env=$2 versions=$3 packages=$4 work=$5
here=$(cd "$(dirname "$0")" && pwd)
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE
aws() { command aws --endpoint-url "$endpoint" --output json "$@"; }

main_stack=aurora-restore-pipeline-$env
iam_stack=aurora-restore-pipeline-$env-iam
state_table=AuroraRestoreState-$env
audit_table=AuroraRestoreAudit-$env
prefix=aurora-restore-$env
functions=(snapshot-check copy-snapshot check-copy-status delete-rds check-delete-status restore-snapshot
           check-restore-status setup-db-users verify-restore archive-snapshot sns-notification)
mkdir -p "$work"

step() { printf '%(%H:%M:%S)T %s\n' -1 "$*" >&2; }

# --- Preparation Steps ------------------------------------------------------------------------------------------------
step "1. Backup current state: create-backup of both tables"
aws dynamodb create-backup --table-name "$state_table" --backup-name pre-upgrade-backup >/dev/null
aws dynamodb create-backup --table-name "$audit_table" --backup-name pre-upgrade-backup >/dev/null
step "2. Backup CloudFormation stacks: get-template"
aws cloudformation get-template --stack-name "$main_stack" > "$work/aurora-restore-pipeline-template-backup.json"
step "3. Review resource usage: operations in progress"
running=$(aws dynamodb scan --table-name "$state_table" --filter-expression "completed = :completed" \
  --expression-attribute-values '{":completed": {"BOOL": false}}' --select COUNT --query Count)
if [ "$running" != "0" ]; then echo "$running restore operations are in progress: schedule the upgrade when none runs" >&2; exit 1; fi

# --- helpers for the upgrade paths ------------------------------------------------------------------------------------
upload_package() {   # ./build_lambda_packages.sh: the version's package where the main stack's ArtifactKey points
  local version=$1
  bucket=$(aws cloudformation describe-stacks --stack-name "$main_stack" \
    --query "Stacks[0].Parameters[?ParameterKey=='ArtifactBucket'].ParameterValue | [0]" --output text)
  aws s3 cp "$packages/aurora-restore-lambda-$version.zip" "s3://$bucket/lambda/$version/aurora-restore-lambda-$version.zip" >/dev/null
}

update_stack() {     # update-stack with the stack's parameters (file://parameters.json), then wait for it
  # Values as deployed (moto fails UsePreviousValue on a parameter left at its default), NoEcho ones kept unseen.
  local stack=$1 template=$2 override=${3:-}
  local no_echo
  no_echo=$(jq -c '[.Parameters | to_entries[] | select(.value.NoEcho == true or .value.NoEcho == "true") | .key]' "$template")
  aws cloudformation describe-stacks --stack-name "$stack" --query "Stacks[0].Parameters" \
    | jq --arg override "$override" --argjson noecho "$no_echo" '[.[] | .ParameterKey as $key
        | if ($override | startswith($key + "=")) then {ParameterKey: $key, ParameterValue: ($override | ltrimstr($key + "="))}
          elif ($noecho | index($key)) then {ParameterKey: $key, UsePreviousValue: true}
          else {ParameterKey: $key, ParameterValue: .ParameterValue} end]' \
    > "$work/parameters.json"
  aws cloudformation update-stack --stack-name "$stack" --template-body "file://$template" \
    --parameters "file://$work/parameters.json" --capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM >/dev/null
  aws cloudformation wait stack-update-complete --stack-name "$stack"
}

publish_versions() { # publish-version and point the live alias at it, function by function
  local function version
  for function in "${functions[@]}"; do
    version=$(aws lambda publish-version --function-name "$prefix-$function" --query Version --output text)
    aws lambda update-alias --function-name "$prefix-$function" --name live --function-version "$version" >/dev/null
  done
}

put_alarm() {        # one of the version's CloudWatch alarms
  local suffix=$1 description=$2 namespace=$3 metric=$4 dimension=$5
  aws cloudwatch put-metric-alarm --alarm-name "$prefix-$suffix" --alarm-description "$description" --namespace "$namespace" \
    --metric-name "$metric" --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 \
    --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching --dimensions "$dimension"
}

state_machine_arn() { aws cloudformation describe-stacks --stack-name "$main_stack" --query "Stacks[0].Outputs[?OutputKey=='StateMachineArn'].OutputValue | [0]" --output text; }

# --- Upgrading from 1.0.x to 2.0.x ------------------------------------------------------------------------------------
step "1.0 -> 2.0: Lambda package, main stack update, new versions"
upload_package 2.0.0
update_stack "$main_stack" "$versions/2.0.0/main.template.json" "ArtifactKey=lambda/2.0.0/aurora-restore-lambda-2.0.0.zip"
publish_versions
step "1.0 -> 2.0: DynamoDB schema update (StatusIndex) and alarms"
aws dynamodb update-table --table-name "$state_table" \
  --attribute-definitions AttributeName=status,AttributeType=S AttributeName=updated_at,AttributeType=S \
  --global-secondary-index-updates '[{"Create": {"IndexName": "StatusIndex", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}, {"AttributeName": "updated_at", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}}]' >/dev/null
arn=$(state_machine_arn)
put_alarm execution-timeouts "A restore execution timed out." AWS/States ExecutionsTimedOut "Name=StateMachineArn,Value=$arn"
put_alarm lambda-errors "The restore-snapshot function failed." AWS/Lambda Errors "Name=FunctionName,Value=$prefix-restore-snapshot"
step "1.0 -> 2.0: state migration (scripts/migrate_state_v1_to_v2.py)"
python3 "$here/migrate_state.py" "$endpoint" "$state_table" "$audit_table" 1-2

# --- Upgrading from 2.0.x to 3.0.x ------------------------------------------------------------------------------------
step "2.0 -> 3.0: IAM stack first"
update_stack "$iam_stack" "$versions/3.0.0/iam.template.json"
step "2.0 -> 3.0: Lambda package, main stack update, new versions"
upload_package 3.0.0
update_stack "$main_stack" "$versions/3.0.0/main.template.json" "ArtifactKey=lambda/3.0.0/aurora-restore-lambda-3.0.0.zip"
publish_versions
step "2.0 -> 3.0: configuration file format 2 and the step-failures alarm"
aws ssm get-parameter --name "/aurora-restore/$env/config" --query Parameter.Value --output text > "$work/config-format1.json"
python3 -c '
import json, sys
document = json.load(open(sys.argv[1]))
document.update({"format_version": 2, "metrics_namespace": "AuroraRestore", "metrics_enabled": True, "notification_detail": "full", "step_retry_max_attempts": 3, "operation_timeout_minutes": 240})
json.dump(document, open(sys.argv[2], "w"))' "$work/config-format1.json" "$work/config-format2.json"
aws ssm put-parameter --name "/aurora-restore/$env/config" --type String --overwrite --value "file://$work/config-format2.json" >/dev/null
put_alarm step-failures "A pipeline step reported a failure." AuroraRestore StepFailure "Name=Environment,Value=$env"
step "2.0 -> 3.0: state migration (scripts/migrate_state_v2_to_v3.py)"
python3 "$here/migrate_state.py" "$endpoint" "$state_table" "$audit_table" 2-3

# --- Post-Migration Verification --------------------------------------------------------------------------------------
step "Verification 1: every function's live alias runs 3.0.0"
for function in "${functions[@]}"; do
  runs=$(aws lambda get-function-configuration --function-name "$prefix-$function" --qualifier live \
    --query Environment.Variables.AURORA_RESTORE_PIPELINE_VERSION --output text)
  [ "$runs" = "3.0.0" ] || { echo "$prefix-$function live runs $runs" >&2; exit 1; }
done
step "Verification 2: the state machine is active"
status=$(aws stepfunctions describe-state-machine --state-machine-arn "$(state_machine_arn)" --query status --output text)
[ "$status" = "ACTIVE" ] || { echo "state machine $status" >&2; exit 1; }
step "Verification 3: the tables have the 3.0 schema"
index=$(aws dynamodb describe-table --table-name "$state_table" --query "Table.GlobalSecondaryIndexes[0].IndexName" --output text)
[ "$index" = "StatusIndex" ] || { echo "$state_table has no StatusIndex" >&2; exit 1; }
aws dynamodb describe-table --table-name "$audit_table" --query Table.TableStatus --output text | grep -qx ACTIVE
step "Verification 5: monitoring and alerting"
alarms=$(aws cloudwatch describe-alarms --alarm-name-prefix "$prefix-" --query "length(MetricAlarms)")
[ "$alarms" = "4" ] || { echo "$alarms alarms instead of 4" >&2; exit 1; }
step "done"
