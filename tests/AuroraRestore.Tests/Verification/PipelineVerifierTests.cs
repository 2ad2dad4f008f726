using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Tests.Support;
using AuroraRestore.Verification;
using Xunit;

namespace AuroraRestore.Tests.Verification
{
    /// <summary>
    /// The verifier engine without PowerShell, against pipelines installed on moto by the installer; broken states are
    /// made through the AWS CLI. (The Pester file covers every broken case through the cmdlet.)
    /// </summary>
    public sealed class PipelineVerifierTests : IClassFixture<MotoServer>, IDisposable
    {
        private readonly MotoServer moto;
        private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("verifier-");

        public PipelineVerifierTests(MotoServer moto) => this.moto = moto;

        public void Dispose() => work.Delete(recursive: true);

        [Fact]
        public async Task A_healthy_install_passes_every_check_but_the_sample_restore_which_is_skipped()
        {
            var env = await InstallAsync("vhealthy", "3.0.0");
            var log = new RecordingLog();
            using var aws = new AwsClients(TestContexts.For(moto, log: log));
            var verifier = new PipelineVerifier(aws, log);
            var request = new VerificationRequest(env);
            var target = await verifier.PrepareAsync(request, CancellationToken.None);
            var streamed = new System.Collections.Generic.List<string>();

            var checks = await verifier.VerifyAsync(request, target, c => streamed.Add(c.Name), CancellationToken.None);

            Assert.Equal(CheckNames.All, checks.Select(c => c.Name).ToArray());
            Assert.Equal(CheckNames.All, streamed.ToArray());
            Assert.All(checks.Where(c => c.Name != CheckNames.SampleRestore), c => Assert.True(c.Passed, c.ToString()));
            Assert.Equal(CheckOutcome.Skipped, checks.Single(c => c.Name == CheckNames.SampleRestore).Outcome);
            Assert.Contains("may put metrics in AuroraRestore", checks.Single(c => c.Name == CheckNames.Monitoring).Detail);
            Assert.Matches("^[0-9a-f]{8}$", target.VerificationId);
            // Narrated call by call, as every AWS call must be.
            Assert.Contains(log.VerboseLines, l => l.Contains("StartExecution"));
            Assert.Contains(log.VerboseLines, l => l.Contains("CreateQueue"));
        }

        [Fact]
        public async Task FunctionVersions_fails_for_live_on_LATEST_and_the_other_checks_still_run()
        {
            var env = await InstallAsync("vlatest", "1.0.0");
            var function = env.FunctionName("archive-snapshot");
            AwsCli.Run(moto, "lambda", "update-alias", "--function-name", function, "--name", "live", "--function-version", "$LATEST");
            using var aws = new AwsClients(TestContexts.For(moto));
            var verifier = new PipelineVerifier(aws, NullOperationLog.Instance);
            var request = new VerificationRequest(env) { Checks = new[] { CheckNames.FunctionVersions, CheckNames.TableSchema } };

            var checks = await verifier.VerifyAsync(request, await verifier.PrepareAsync(request, CancellationToken.None), null, CancellationToken.None);

            var failed = Assert.Single(checks, c => !c.Passed);
            Assert.Equal(CheckNames.FunctionVersions, failed.Name);
            Assert.Equal(new[] { $"{function}: live points at $LATEST, not at a published version" }, failed.Problems);
            Assert.Contains("Install-RestorePipeline", failed.Fix);
            Assert.True(checks.Single(c => c.Name == CheckNames.TableSchema).Passed);
        }

        [Fact]
        public async Task Bad_requests_are_refused_before_anything_is_created()
        {
            using var aws = new AwsClients(TestContexts.For(moto));
            var verifier = new PipelineVerifier(aws, NullOperationLog.Instance);
            var env = PipelineEnvironment.Named("vnothing");

            async Task<string> ErrorId(VerificationRequest request) => (await Assert.ThrowsAsync<AuroraRestoreException>(() => verifier.PrepareAsync(request, CancellationToken.None))).ErrorId;

            Assert.Equal("PipelineNotInstalled", await ErrorId(new VerificationRequest(env)));
            Assert.Equal("UnknownPipelineVersion", await ErrorId(new VerificationRequest(env) { ExpectedVersion = "4.0.0" }));
            Assert.Equal("SnapshotWithoutSampleRestore", await ErrorId(new VerificationRequest(env) { SnapshotIdentifier = "snap" }));
            Assert.Equal("InvalidSnapshotIdentifier", await ErrorId(new VerificationRequest(env) { SampleRestore = true, SnapshotIdentifier = "bad snapshot!" }));
            Assert.Equal("UnknownVerificationCheck", await ErrorId(new VerificationRequest(env) { Checks = new[] { "Everything" } }));
        }

        private async Task<PipelineEnvironment> InstallAsync(string name, string version)
        {
            var env = PipelineEnvironment.Named(name);
            var zip = Path.Combine(work.FullName, name + ".zip");
            using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
            {
                using var entry = new StreamWriter(archive.CreateEntry("pipeline-version.txt").Open(), Encoding.UTF8);
                entry.Write(version + " " + name);
            }

            using var aws = new AwsClients(TestContexts.For(moto));
            await new PipelineInstaller(aws, NullOperationLog.Instance).InstallAsync(new InstallRequest(env, version, zip, null), CancellationToken.None);
            return env;
        }
    }
}
