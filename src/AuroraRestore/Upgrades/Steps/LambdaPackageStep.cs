using System.Threading;
using System.Threading.Tasks;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>
    /// The hop's new Lambda code (the guide's build_lambda_packages.sh): the version's package, the module's own or
    /// -LambdaPackagePath, uploaded to the artifact bucket under its hash. Nothing running changes yet: the main stack
    /// update points the functions at it, and versions are published from what it deployed.
    /// </summary>
    internal sealed class LambdaPackageStep : UpgradeStep
    {
        public override string Name => UpgradeStepNames.LambdaPackage;

        public override async Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken)
        {
            var version = hop!.To;
            var path = context.Preparation.Request.LambdaPackageFor(version);
            var store = new ArtifactStore(context.Services.S3, context.Log);
            await store.EnsureBucketAsync(context.ArtifactBucket, context.Services.Region, cancellationToken).ConfigureAwait(false);
            var key = await store.UploadLambdaPackageAsync(context.ArtifactBucket, version, path, cancellationToken).ConfigureAwait(false);
            entry.Set("artifact_bucket", context.ArtifactBucket);
            entry.Set("artifact_key", key);
            entry.Set("package_path", path);
            return $"{version} package at s3://{context.ArtifactBucket}/{key}";
        }
    }
}
