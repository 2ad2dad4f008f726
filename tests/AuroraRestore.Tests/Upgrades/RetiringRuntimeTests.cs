using System;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Rollbacks;
using AuroraRestore.Tests.Rollbacks;
using AuroraRestore.Tests.Support;
using AuroraRestore.Tests.Versions;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Upgrades
{
    /// <summary>
    /// Deployments onto a Lambda runtime AWS is retiring (docs/versions.md, "Lambda runtime"): the date comes from an
    /// injected clock; the dotnet8 pipelines are installed from a catalog whose templates are this module's before it moved
    /// to dotnet10. Every refusal leaves the account as it was, read back through boto3.
    /// </summary>
    public sealed class RetiringRuntimeTests : IClassFixture<MotoServer>, IDisposable
    {
        /// <summary>Every version's functions on dotnet8, as the module shipped them until the move to dotnet10.</summary>
        private static readonly PipelineVersionCatalog OnDotnet8 = PipelineVersionCatalog.FromDocuments(CatalogFiles.Embedded().ToDictionary(
            f => f.Key,
            f => f.Key.EndsWith("main.template.json", StringComparison.Ordinal) || f.Key.EndsWith("version.json", StringComparison.Ordinal)
                ? f.Value.Replace("\"dotnet10\"", "\"dotnet8\"", StringComparison.Ordinal)
                : f.Value));

        private readonly RollbackTestBed bed;

        public RetiringRuntimeTests(MotoServer moto) => bed = new RollbackTestBed(moto);

        private UpgradeTestBed Upgrades => bed.Upgrades;

        public void Dispose() => bed.Dispose();

        [Fact]
        public async Task An_install_on_a_runtime_AWS_no_longer_lets_anyone_create_is_refused_before_anything_is_created()
        {
            var env = PipelineEnvironment.Named("rt-install");
            var request = new InstallRequest(env, "2.0.0", Upgrades.Package("2.0.0"), UpgradeTestBed.Configuration);
            var before = Account();

            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => Installer(OnDotnet8, "2026-12-10").InstallAsync(request, CancellationToken.None));

            Assert.Equal(LambdaRuntimeLifecycle.RuntimeRetiredErrorId, error.ErrorId);
            Assert.Equal(FailureCategory.InvalidOperation, error.Category);
            Assert.Equal("dotnet8", error.Target);
            Assert.Contains("would create 11 function(s)", error.Message);
            Assert.Contains("AWS refuses creating dotnet8 functions since 2026-12-10", error.Message);
            Assert.Equal(LambdaRuntimeLifecycle.NewerModuleAction, error.RecommendedAction);
            Assert.Equal(before, Account());

            // The day before, AWS still creates them: the install goes ahead with a warning naming the dates.
            await Installer(OnDotnet8, "2026-12-09").ValidateAsync(request, CancellationToken.None);
            Assert.Contains(Upgrades.Log.Warnings, w => w.Contains("dotnet8, deprecated since 2026-11-10", StringComparison.Ordinal) && w.Contains("from 2026-12-10", StringComparison.Ordinal));

            // The module's own templates: dotnet10 is accepted today and refused from its own create-block date.
            await Installer(PipelineVersionCatalog.Default, "2026-12-10").ValidateAsync(request, CancellationToken.None);
            var late = await Assert.ThrowsAsync<AuroraRestoreException>(() => Installer(PipelineVersionCatalog.Default, "2028-12-14").ValidateAsync(request, CancellationToken.None));
            Assert.Contains("AWS refuses creating dotnet10 functions since 2028-12-14", late.Message);
            Assert.Equal(before, Account());
        }

        [Fact]
        public async Task An_upgrade_moves_dotnet8_functions_to_dotnet10_and_a_rollback_refuses_to_put_them_back_once_AWS_blocks_updates()
        {
            var env = PipelineEnvironment.Named("rt-move");
            await Installer(OnDotnet8, "2026-12-01").InstallAsync(new InstallRequest(env, "1.0.0", Upgrades.Package("1.0.0"), UpgradeTestBed.Configuration), CancellationToken.None);
            Assert.Equal("dotnet8", Runtime(env, null));

            // Two hops: the first moves the functions to dotnet10 (its template's runtime), the second keeps them there.
            using (var services = Upgrades.Services(clock: At("2026-12-07")))
            {
                var result = await new UpgradeEngine(services, UpgradeTestBed.Options("test@runtime 1")).RunAsync(Upgrades.Request(env, "3.0.0"), null, CancellationToken.None);
                Assert.Equal(UpgradeResult.CompletedStatus, result.Status);
            }

            Assert.Equal("dotnet10", Runtime(env, null));
            Assert.Equal("dotnet10", Runtime(env, "live"));

            // Back to 1.0.0 would put the dotnet8 template back: refused from dotnet8's update-block date, before any change.
            var before = Account();
            using (var services = Upgrades.Services(clock: At("2027-01-11")))
            {
                var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => bed.Engine(services, RollbackTestBed.Options("test@runtime 2")).PrepareAsync(new RollbackRequest(env), CancellationToken.None));
                Assert.Equal(LambdaRuntimeLifecycle.RuntimeRetiredErrorId, error.ErrorId);
                Assert.Equal(FailureCategory.InvalidOperation, error.Category);
                Assert.Equal("dotnet8", error.Target);
                Assert.Contains("Rolling 'rt-move' back 2.0.0 -> 1.0.0 would update 11 function(s)", error.Message);
                Assert.Contains("since 2027-01-11", error.Message);
                Assert.Contains("-ToVersion 2.0.0 still goes back to 2.0.0", error.RecommendedAction);
            }

            Assert.Equal(before, Account());

            // What it can still do: go back one hop, to 2.0.0, whose template keeps the functions on dotnet10.
            using (var services = Upgrades.Services(clock: At("2027-01-11")))
            {
                var result = await bed.Engine(services, RollbackTestBed.Options("test@runtime 3", compare: false)).RunAsync(new RollbackRequest(env) { ToVersion = "2.0.0" }, null, CancellationToken.None);
                Assert.Equal(RollbackResult.CompletedStatus, result.Status);
            }

            Assert.Equal("2.0.0", (string?)Upgrades.Cli("cloudformation", "describe-stacks", "--stack-name", env.MainStackName)!["Stacks"]![0]!["Tags"]!.AsArray().First(t => (string?)t!["Key"] == PipelineVersionDefinition.VersionTagKey)!["Value"]);
            Assert.Equal("dotnet10", Runtime(env, null));
            Assert.Equal("dotnet10", Runtime(env, "live"));
        }

        private static TimeProvider At(string day) => MovedClock.At(day);

        private PipelineInstaller Installer(PipelineVersionCatalog catalog, string day) => new PipelineInstaller(Upgrades.Aws, Upgrades.Log, catalog, clock: At(day));

        /// <summary>The snapshot-check function's runtime ($LATEST or a qualifier), through the AWS CLI.</summary>
        private string? Runtime(PipelineEnvironment env, string? qualifier)
            => (string?)Upgrades.Cli(new[] { "lambda", "get-function-configuration", "--function-name", env.FunctionName("snapshot-check") }.Concat(qualifier == null ? Array.Empty<string>() : new[] { "--qualifier", qualifier }).ToArray())!["Runtime"];

        /// <summary>Stacks (status, tags, template), tables, buckets, functions with their runtime and aliases, and control records, through boto3.</summary>
        private string Account() => Boto3.Run(bed.Moto, @"
cfn, ddb, lam, s3 = client('cloudformation'), client('dynamodb'), client('lambda'), client('s3')
out = {'stacks': {}, 'functions': {}, 'control': {}}
for s in cfn.describe_stacks()['Stacks']:
    out['stacks'][s['StackName']] = [s['StackStatus'], sorted((t['Key'], t['Value']) for t in s.get('Tags', [])), json.dumps(cfn.get_template(StackName=s['StackName'])['TemplateBody'], sort_keys=True)]
out['tables'] = sorted(ddb.list_tables()['TableNames'])
out['buckets'] = sorted(b['Name'] for b in s3.list_buckets()['Buckets'])
for f in lam.list_functions()['Functions']:
    out['functions'][f['FunctionName']] = [f['Runtime'], sorted((a['Name'], a['FunctionVersion']) for a in lam.list_aliases(FunctionName=f['FunctionName'])['Aliases'])]
for t in out['tables']:
    if t.startswith('AuroraRestoreControl'):
        out['control'][t] = sorted((i['pk']['S'], i['sk']['S'], i.get('status', {}).get('S', '')) for i in ddb.scan(TableName=t, ConsistentRead=True)['Items'])
emit(out)
")!.ToJsonString();
    }
}
