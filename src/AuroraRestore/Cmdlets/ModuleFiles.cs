using System;
using System.IO;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Files the module ships beside its manifest.</summary>
    internal static class ModuleFiles
    {
        private const string DependencyFolder = "dependencies";

        /// <summary>
        /// The module folder. The built module keeps AuroraRestore.dll in dependencies/ (its isolated load context's
        /// folder, docs/distribution.md), one level below the manifest and what ships beside it; a development build
        /// loaded straight from bin/ has everything beside the assembly.
        /// </summary>
        public static string ModuleDirectory
        {
            get
            {
                var assemblyDirectory = Path.GetDirectoryName(typeof(ModuleFiles).Assembly.Location) ?? ".";
                var parent = Path.GetDirectoryName(assemblyDirectory);
                return Path.GetFileName(assemblyDirectory).Equals(DependencyFolder, StringComparison.OrdinalIgnoreCase) && parent != null
                    ? parent
                    : assemblyDirectory;
            }
        }

        /// <summary>The Lambda package build.ps1 made for a pipeline version.</summary>
        public static string LambdaPackage(string version) => Path.Combine(ModuleDirectory, "lambda", $"aurora-restore-lambda-{version}.zip");
    }
}
