using System.IO;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Files the module ships beside its assembly.</summary>
    internal static class ModuleFiles
    {
        public static string ModuleDirectory => Path.GetDirectoryName(typeof(ModuleFiles).Assembly.Location) ?? ".";

        /// <summary>The Lambda package build.ps1 made for a pipeline version.</summary>
        public static string LambdaPackage(string version) => Path.Combine(ModuleDirectory, "lambda", $"aurora-restore-lambda-{version}.zip");
    }
}
