using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Aws;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Common;
using AuroraRestore.Restores;
using AuroraRestore.Versions;

namespace AuroraRestore.Verification
{
    /// <summary>
    /// The migration guide's post-migration verification, as five checks (CheckNames) of one environment against the
    /// expected version. Each check reports what it found, never throws for what it finds wrong; only bad input, a
    /// missing pipeline or cancellation stop the run. Everything a check creates (a probe execution, a temporary queue
    /// and subscription, a scratch cluster) is named verify-&lt;id&gt; and removed before the check returns.
    /// </summary>
    public sealed class PipelineVerifier
    {
        private readonly AwsClients aws;
        private readonly IOperationLog log;
        private readonly PipelineVersionCatalog catalog;
        private readonly Func<RestoreServices> createRestoreServices;

        public PipelineVerifier(AwsClients aws, IOperationLog log, PipelineVersionCatalog? catalog = null, Func<RestoreServices>? createRestoreServices = null)
        {
            this.aws = aws;
            this.log = log;
            this.catalog = catalog ?? PipelineVersionCatalog.Default;
            this.createRestoreServices = createRestoreServices ?? (() => ServiceClientFactory.Create(aws.Context));
        }

        /// <summary>Checks the request and reads the deployment; nothing is created. Throws the first problem.</summary>
        public async Task<VerificationTarget> PrepareAsync(VerificationRequest request, CancellationToken cancellationToken)
        {
            var expected = request.ExpectedVersion == null ? null : catalog.Get(request.ExpectedVersion);
            if (request.SnapshotIdentifier != null && !request.SampleRestore)
            {
                throw new AuroraRestoreException(
                    "SnapshotWithoutSampleRestore", FailureCategory.InvalidArgument, request.SnapshotIdentifier,
                    "-SnapshotIdentifier names the snapshot of the sample restore, which runs only with -SampleRestore.",
                    "Add -SampleRestore, or leave -SnapshotIdentifier out.");
            }

            if (request.SnapshotIdentifier != null && !RestoreIdentifiers.IsValidSnapshotIdentifier(request.SnapshotIdentifier))
            {
                throw new AuroraRestoreException(
                    "InvalidSnapshotIdentifier", FailureCategory.InvalidArgument, request.SnapshotIdentifier,
                    $"'{request.SnapshotIdentifier}' is not a valid cluster snapshot identifier or ARN.",
                    "Pass the identifier shown by 'aws rds describe-db-cluster-snapshots', or its ARN.");
            }

            var unknown = request.Checks.Where(c => !CheckNames.All.Contains(c)).ToList();
            if (unknown.Count > 0)
            {
                throw new AuroraRestoreException(
                    "UnknownVerificationCheck", FailureCategory.InvalidArgument, unknown[0],
                    $"There is no check '{unknown[0]}'.",
                    "Use the names " + string.Join(", ", CheckNames.All) + ".");
            }

            var env = request.Environment;
            var main = await aws.CloudFormation.DescribeStackAsync(env.MainStackName, cancellationToken).ConfigureAwait(false);
            if (main == null)
            {
                throw new AuroraRestoreException(
                    "PipelineNotInstalled", FailureCategory.ObjectNotFound, env.MainStackName,
                    $"The pipeline of environment '{env.Name}' is not installed: stack {env.MainStackName} does not exist.",
                    "Install it with Install-RestorePipeline, or pass the right -Environment and -Region.");
            }

            var iam = await aws.CloudFormation.DescribeStackAsync(env.IamStackName, cancellationToken).ConfigureAwait(false);
            var deployed = DeployedVersion(main);
            if (expected == null)
            {
                if (deployed == null || !catalog.TryGet(deployed, out var found) || found == null)
                {
                    throw new AuroraRestoreException(
                        "PipelineVersionUnknown", FailureCategory.InvalidData, env.MainStackName,
                        $"Stack {env.MainStackName} names no version this module knows ('{deployed ?? "none"}'), so there is nothing to verify against.",
                        "Pass -ExpectedVersion with the version the pipeline should be at.");
                }

                expected = found;
            }

            var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
            return new VerificationTarget(env, expected, deployed, main, iam, id);
        }

        /// <summary>Runs the requested checks in the guide's order; <paramref name="onCheck"/> sees each result as it is known.</summary>
        public async Task<IReadOnlyList<PipelineCheck>> VerifyAsync(VerificationRequest request, VerificationTarget target, Action<PipelineCheck>? onCheck, CancellationToken cancellationToken)
        {
            var results = new List<PipelineCheck>();
            var step = 0;
            foreach (var name in CheckNames.All.Where(request.Checks.Contains))
            {
                log.Progress(new ProgressReport(1, "Test-RestorePipeline", name, 100 * step++ / CheckNames.All.Length));
                PipelineCheck check;
                try
                {
                    check = await RunCheckAsync(name, request, target, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is AuroraRestoreException || ex is AwsServiceException || ex is Amazon.Runtime.AmazonServiceException || ex is System.Net.Http.HttpRequestException)
                {
                    // A check that cannot run (AWS refused or failed a call) has not passed: report why, and go on with the others.
                    // Anything else is a defect of the module and ends the run.
                    check = PipelineCheck.Fail(name, target, new[] { "the check could not run: " + ex.Message }, (ex as AuroraRestoreException)?.RecommendedAction ?? "Run again with -Verbose to see each AWS call.");
                }

                log.Verbose($"{check.Name}: {check.Outcome}: {check.Detail}");
                results.Add(check);
                onCheck?.Invoke(check);
            }

            log.Progress(new ProgressReport(1, "Test-RestorePipeline", "Done", 100, completed: true));
            return results;
        }

        private async Task<PipelineCheck> RunCheckAsync(string name, VerificationRequest request, VerificationTarget target, CancellationToken cancellationToken)
        {
            switch (name)
            {
                case CheckNames.FunctionVersions:
                    return await new FunctionVersionsCheck(aws.Lambda).RunAsync(target, cancellationToken).ConfigureAwait(false);
                case CheckNames.StateMachineExecution:
                    return await new StateMachineExecutionCheck(aws.StepFunctions, aws.DynamoDb, log).RunAsync(target, cancellationToken).ConfigureAwait(false);
                case CheckNames.TableSchema:
                    return await new TableSchemaCheck(aws.DynamoDb, log).RunAsync(target, cancellationToken).ConfigureAwait(false);
                case CheckNames.SampleRestore:
                    if (!request.SampleRestore)
                    {
                        return PipelineCheck.Skip(name, target, "Not run: add -SampleRestore to restore a snapshot into a scratch cluster and remove it again.");
                    }

                    using (var services = createRestoreServices())
                    {
                        var check = new SampleRestoreCheck(services, aws.CloudFormation, new SsmRestoreSettingsSource(aws.Ssm), log);
                        return await check.RunAsync(target, request, aws.Context.Region, cancellationToken).ConfigureAwait(false);
                    }

                default:
                    var monitoring = new MonitoringCheck(
                        aws.CloudWatch,
                        aws.Sns,
                        new NotificationDeliveryProbe(aws.Sns, aws.Sqs, log),
                        new MetricsPermissionProbe(aws.Iam, log),
                        aws.Ssm,
                        log);
                    return await monitoring.RunAsync(target, request.DeliveryTimeout, cancellationToken).ConfigureAwait(false);
            }
        }

        private static string? DeployedVersion(StackDescription main)
        {
            if (main.Tags.TryGetValue(PipelineVersionDefinition.VersionTagKey, out var tagged) && !string.IsNullOrEmpty(tagged))
            {
                return tagged;
            }

            return main.Outputs.TryGetValue(PipelineVersionDefinition.VersionOutputKey, out var output) && !string.IsNullOrEmpty(output) ? output : null;
        }
    }
}
