using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using AuroraRestore.Aws;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Tests.Support;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Upgrades
{
    /// <summary>
    /// Bad inputs and failed preconditions: each is refused with its own error id, and the environment is exactly as it
    /// was (templates, tags, indexes, and no lock, run or freeze record), checked through boto3.
    /// </summary>
    [Collection(InstalledPipelinesCollection.Name)]
    public sealed class UpgradeRefusalTests
    {
        private readonly UpgradeFixture fixture;

        public UpgradeRefusalTests(UpgradeFixture fixture) => this.fixture = fixture;

        private UpgradeTestBed Bed => fixture.Bed;

        [Fact]
        public async Task One_0_to_3_0_with_multi_hop_disabled_is_refused_naming_the_path_through_2_0()
        {
            var request = Bed.Request(fixture.V1, "3.0.0");
            request.AllowMultiHop = false;
            var error = await RefusedAsync(fixture.V1, request, CompatibilityMatrix.UnsupportedUpgradePathErrorId);
            Assert.Contains("must upgrade to 2.0.x first", error.Message);
            Assert.Contains("1.0.0 -> 2.0.0 (direct", error.Message);
        }

        [Fact]
        public async Task A_downgrade_is_refused_with_the_supported_paths()
        {
            var error = await RefusedAsync(fixture.V2, Bed.Request(fixture.V2, "1.0.0"), CompatibilityMatrix.UnsupportedUpgradePathErrorId);
            Assert.Contains("is a downgrade", error.Message);
            Assert.Contains("Supported upgrade paths", error.Message);
        }

        [Fact]
        public async Task An_unknown_version_is_refused_with_the_supported_paths()
        {
            var error = await RefusedAsync(fixture.V1, Bed.Request(fixture.V1, "9.9.9"), CompatibilityMatrix.UnsupportedUpgradePathErrorId);
            Assert.Contains("'9.9.9' is not a known pipeline version", error.Message);
            Assert.Contains("1.0.0 -> 3.0.0 (through 2.0.0)", error.Message);
        }

        [Fact]
        public async Task A_stack_in_UPDATE_ROLLBACK_FAILED_is_refused_with_how_to_continue_the_rollback()
        {
            var cloudFormation = new StackStatusOverride(Bed.Aws.CloudFormation, fixture.V1.MainStackName, "UPDATE_ROLLBACK_FAILED");
            var error = await RefusedAsync(fixture.V1, Bed.Request(fixture.V1, "2.0.0"), UpgradeErrorIds.StackNotStable, Bed.Services(cloudFormation));
            Assert.Equal(FailureCategory.ResourceUnavailable, error.Category);
            Assert.Equal(fixture.V1.MainStackName, error.Target);
            Assert.Contains("continue-update-rollback", error.RecommendedAction);
        }

        [Fact]
        public async Task A_backup_set_that_does_not_exist_is_refused()
        {
            var request = Bed.Request(fixture.V1, "2.0.0");
            request.BackupName = "no-such-set";
            await RefusedAsync(fixture.V1, request, "BackupNotFound");
        }

        [Fact]
        public async Task A_missing_Lambda_package_is_refused()
        {
            var request = new UpgradeRequest(fixture.V1, v => "/nonexistent/aurora-restore-lambda-" + v + ".zip") { TargetVersion = "3.0.0", BackupLocation = BackupLocation.Folder(Bed.BackupFolder) };
            var error = await RefusedAsync(fixture.V1, request, UpgradeErrorIds.LambdaPackageNotFound);
            Assert.Contains("2.0.0", error.Message);
        }

        [Fact]
        public async Task An_environment_without_a_pipeline_is_refused()
            => await RefusedAsync(PipelineEnvironment.Named("nothing"), Bed.Request(PipelineEnvironment.Named("nothing"), "2.0.0"), UpgradeErrorIds.PipelineNotInstalled, checkUnchanged: false);

        [Fact]
        public async Task A_stale_plan_file_is_refused_naming_what_changed()
        {
            using var services = Bed.Services();
            var plan = await new UpgradePlanner(services).PlanAsync(fixture.V1, "2.0.0", true, false, Bed.Package, CancellationToken.None);
            var file = UpgradePlanFile.FromJson(UpgradePlanFile.ToJson(plan), "plan.json");

            // Someone adds an index after the plan was reviewed.
            Bed.Cli("dynamodb", "update-table", "--table-name", fixture.V1.AuditTableName, "--attribute-definitions", "AttributeName=step,AttributeType=S",
                "--global-secondary-index-updates", "[{\"Create\":{\"IndexName\":\"ByStep\",\"KeySchema\":[{\"AttributeName\":\"step\",\"KeyType\":\"HASH\"}],\"Projection\":{\"ProjectionType\":\"KEYS_ONLY\"}}}]");
            try
            {
                var request = Bed.Request(fixture.V1, null);
                request.Plan = file;
                var error = await RefusedAsync(fixture.V1, request, UpgradeErrorIds.UpgradePlanStale);
                Assert.Contains("audit table indexes", error.Message);
                Assert.Contains("ByStep", error.Message);
            }
            finally
            {
                Bed.Cli("dynamodb", "update-table", "--table-name", fixture.V1.AuditTableName, "--global-secondary-index-updates", "[{\"Delete\":{\"IndexName\":\"ByStep\"}}]");
            }
        }

        [Fact]
        public async Task A_plan_for_another_environment_is_refused()
        {
            using var services = Bed.Services();
            var plan = await new UpgradePlanner(services).PlanAsync(fixture.V1, "2.0.0", true, false, Bed.Package, CancellationToken.None);
            var request = Bed.Request(fixture.V2, null);
            request.Plan = plan;
            await RefusedAsync(fixture.V2, request, UpgradeErrorIds.UpgradePlanEnvironmentMismatch);
        }

        [Fact]
        public async Task Restores_in_progress_are_refused_or_waited_for_up_to_the_drain_timeout()
        {
            var item = "{\"operation_id\":{\"S\":\"op-00000000d4a1\"},\"status\":{\"S\":\"in_progress\"},\"completed\":{\"BOOL\":false},\"timestamp\":{\"S\":\"2026-11-25T10:00:00.000Z\"},\"state\":{\"M\":{}}}";
            Bed.Cli("dynamodb", "put-item", "--table-name", fixture.V1.StateTableName, "--item", item);
            try
            {
                var error = await RefusedAsync(fixture.V1, Bed.Request(fixture.V1, "2.0.0"), UpgradeErrorIds.OperationsInProgress);
                Assert.Contains("op-00000000d4a1", error.Message);

                var waiting = Bed.Request(fixture.V1, "2.0.0");
                waiting.DrainTimeout = TimeSpan.FromSeconds(1);
                var timedOut = await RefusedAsync(fixture.V1, waiting, UpgradeErrorIds.DrainTimedOut);
                Assert.Equal(FailureCategory.OperationTimeout, timedOut.Category);
            }
            finally
            {
                Bed.Cli("dynamodb", "delete-item", "--table-name", fixture.V1.StateTableName, "--key", "{\"operation_id\":{\"S\":\"op-00000000d4a1\"}}");
            }
        }

        [Fact]
        public async Task A_caller_without_the_permissions_is_refused_listing_what_is_missing()
        {
            // moto knows IAM users and their keys (GetCallerIdentity answers with the user); it does not simulate policies,
            // so this proves the module's own evaluation: the user may only read stacks.
            var user = "upgrader-" + Guid.NewGuid().ToString("N").Substring(0, 6);
            Bed.Cli("iam", "create-user", "--user-name", user);
            Bed.Cli("iam", "put-user-policy", "--user-name", user, "--policy-name", "read-stacks",
                "--policy-document", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"cloudformation:Describe*\",\"cloudformation:GetTemplate\"],\"Resource\":\"*\"}]}");
            var key = Bed.Cli("iam", "create-access-key", "--user-name", user)!["AccessKey"]!;
            using var limited = new AwsClients(AwsContext.Resolve(MotoServer.DefaultRegion, null, new BasicAWSCredentials((string)key["AccessKeyId"]!, (string)key["SecretAccessKey"]!), Bed.Moto.Endpoint, Bed.Log));
            using var services = new UpgradeServices(
                Bed.Aws.CloudFormation, Bed.Aws.Lambda, limited.Iam, new AuroraRestore.Aws.Iam.IamClient(limited.Context.WithRetry(new AuroraRestore.Aws.Protocol.AwsRetryPolicy(maxAttempts: 2))), limited.Sts,
                Bed.Aws.CloudWatch, Bed.Aws.DynamoDb, Bed.Aws.S3, Bed.Aws.Ssm, new BackupService(Bed.Aws, Bed.Log), new RunnerStateMigrator(Bed.Aws.DynamoDb, Bed.Log), MotoServer.DefaultRegion, true, Bed.Log);

            var error = await RefusedAsync(fixture.V1, Bed.Request(fixture.V1, "2.0.0"), UpgradeErrorIds.UpgradePermissionsMissing, services);
            Assert.Equal(FailureCategory.PermissionDenied, error.Category);
            Assert.Contains(user, error.Message);
            Assert.Contains("cloudformation:UpdateStack on arn:aws:cloudformation:us-east-1:123456789012:stack/aurora-restore-pipeline-refuse-iam/*", error.Message);
            Assert.Contains("own-evaluation", error.Message);
        }

        [Fact]
        public async Task An_upgrade_onto_a_runtime_AWS_no_longer_updates_is_refused_naming_the_runtime_and_the_date()
        {
            using var services = Bed.Services(clock: MovedClock.At("2029-01-15"));
            var error = await RefusedAsync(fixture.V1, Bed.Request(fixture.V1, "3.0.0"), LambdaRuntimeLifecycle.RuntimeRetiredErrorId, services);
            Assert.Equal(FailureCategory.InvalidOperation, error.Category);
            Assert.Equal("dotnet10", error.Target);
            Assert.Contains("Upgrading 'refuse' 1.0.0 -> 2.0.0 would update 11 function(s)", error.Message);
            Assert.Contains("AWS refuses updating dotnet10 functions since 2029-01-15", error.Message);
            Assert.Equal(LambdaRuntimeLifecycle.NewerModuleAction, error.RecommendedAction);

            // A day earlier AWS still takes the update: the preparation passes with a deprecation warning.
            using var earlier = Bed.Services(clock: MovedClock.At("2029-01-14"));
            await new UpgradeEngine(earlier, UpgradeTestBed.Options("test@runtime 1")).PrepareAsync(Bed.Request(fixture.V1, "3.0.0"), CancellationToken.None);
            Assert.Contains(Bed.Log.Warnings, w => w.Contains("dotnet10, deprecated since 2028-11-14", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Preparing_a_run_what_WhatIf_shows_changes_nothing()
        {
            var before = State(fixture.V1);
            using var services = Bed.Services();
            var preparation = await new UpgradeEngine(services, UpgradeTestBed.Options("test@whatif 1")).PrepareAsync(Bed.Request(fixture.V1, "3.0"), CancellationToken.None);

            Assert.False(preparation.Resumes);
            Assert.Equal("3.0.0", preparation.Plan.ToVersion);
            Assert.Contains("1.0.0 -> 2.0.0 -> 3.0.0", preparation.Describe());
            Assert.Contains("021#alarms [2.0.0 -> 3.0.0]", preparation.Describe());
            Assert.Equal(PermissionReportMethod(), preparation.Permissions!.Method);
            Assert.Equal(before, State(fixture.V1));
        }

        [Fact]
        public async Task The_version_already_deployed_is_up_to_date_and_nothing_is_done()
        {
            var before = State(fixture.V2);
            using var services = Bed.Services();
            var result = await new UpgradeEngine(services, UpgradeTestBed.Options("test@same 1")).RunAsync(Bed.Request(fixture.V2, "2.0.x"), null, CancellationToken.None);
            Assert.Equal(UpgradeResult.UpToDateStatus, result.Status);
            Assert.Empty(result.Steps);
            Assert.Equal(before, State(fixture.V2));
        }

        private static string PermissionReportMethod() => AuroraRestore.Security.PermissionReport.ByEndpointDefaultIdentity;

        private async Task<AuroraRestoreException> RefusedAsync(PipelineEnvironment env, UpgradeRequest request, string errorId, UpgradeServices? services = null, bool checkUnchanged = true)
        {
            var before = checkUnchanged ? State(env) : null;
            using var owned = services == null ? Bed.Services() : null;
            var engine = new UpgradeEngine(services ?? owned!, UpgradeTestBed.Options("test@refused 1"));
            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => engine.RunAsync(request, null, CancellationToken.None));
            Assert.Equal(errorId, error.ErrorId);
            Assert.False(string.IsNullOrWhiteSpace(error.RecommendedAction));
            if (checkUnchanged)
            {
                Assert.Equal(before, State(env));
            }

            return error;
        }

        /// <summary>Templates, tags, indexes, function aliases and the control table's run records, through boto3.</summary>
        private string State(PipelineEnvironment env)
        {
            var names = new JsonObject
            {
                ["stacks"] = new JsonArray(env.IamStackName, env.MainStackName),
                ["tables"] = new JsonArray(env.StateTableName, env.AuditTableName),
                ["control"] = env.ControlTableName,
                ["function"] = env.FunctionName("snapshot-check"),
            };
            return Boto3.Run(Bed.Moto, $@"
names = json.loads('''{names.ToJsonString()}''')
cfn, ddb, lam = client('cloudformation'), client('dynamodb'), client('lambda')
out = {{}}
for s in names['stacks']:
    body = cfn.get_template(StackName=s)['TemplateBody']
    stack = cfn.describe_stacks(StackName=s)['Stacks'][0]
    out[s] = [json.dumps(body, sort_keys=True) if not isinstance(body, str) else body, stack['StackStatus'], sorted((t['Key'], t['Value']) for t in stack['Tags'])]
for t in names['tables']:
    out[t] = sorted(i['IndexName'] for i in ddb.describe_table(TableName=t)['Table'].get('GlobalSecondaryIndexes', []))
out['alias'] = lam.get_alias(FunctionName=names['function'], Name='live')['FunctionVersion']
out['control'] = sorted((i['pk']['S'], i['sk']['S']) for i in ddb.scan(TableName=names['control'])['Items'] if i['pk']['S'] in ('lock', 'upgrade', 'freeze') or i['pk']['S'].startswith('journal#'))
emit(out)
")!.ToJsonString();
        }
    }
}
