using System;
using System.IO;
using AuroraRestore.Common;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Where a version's Lambda package is: the one the module ships (lambda/aurora-restore-lambda-&lt;version&gt;.zip), or
    /// -LambdaPackagePath: a folder holding aurora-restore-lambda-&lt;version&gt;.zip per version, or one zip, which can only
    /// serve one version (a path of several hops needs a folder).
    /// </summary>
    internal sealed class LambdaPackageResolver
    {
        private readonly string? path;
        private string? boundVersion;

        public LambdaPackageResolver(string? path)
        {
            this.path = path;
        }

        public string For(string version)
        {
            if (path == null)
            {
                return ModuleFiles.LambdaPackage(version);
            }

            if (Directory.Exists(path))
            {
                return Path.Combine(path, $"aurora-restore-lambda-{version}.zip");
            }

            boundVersion ??= version;
            if (boundVersion != version)
            {
                throw new AuroraRestoreException(
                    UpgradeErrorIds.LambdaPackageAmbiguous, FailureCategory.InvalidArgument, path,
                    $"-LambdaPackagePath names one package ({path}), but the upgrade deploys {boundVersion} and {version}.",
                    "Pass a folder holding aurora-restore-lambda-<version>.zip for every version of the path, or upgrade one hop at a time (-NoMultiHop).");
            }

            return path;
        }
    }
}
