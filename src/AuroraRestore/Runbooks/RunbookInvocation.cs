using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.Versions;

namespace AuroraRestore.Runbooks
{
    /// <summary>
    /// One run of a runbook, checked before anything runs: the runbook, the environment, the version, the parameters the
    /// runbook declares, and where its NUnit report and artifacts go. <see cref="ContainerData"/> is what Pester passes to
    /// the runbook's param() block.
    /// </summary>
    public sealed class RunbookInvocation
    {
        private readonly Dictionary<string, object> options;

        private RunbookInvocation(RunbookDefinition runbook, PipelineEnvironment environment, string? version, string runbookPath, string outputPath, Dictionary<string, object> options)
        {
            Runbook = runbook;
            Environment = environment;
            Version = version;
            RunbookPath = runbookPath;
            OutputPath = outputPath;
            this.options = options;
        }

        public RunbookDefinition Runbook { get; }

        public PipelineEnvironment Environment { get; }

        /// <summary>The version as the catalog spells it (3.0.0 for "3.0"), or null when the runbook was given none.</summary>
        public string? Version { get; }

        /// <summary>The runbook file that runs.</summary>
        public string RunbookPath { get; }

        /// <summary>The folder for the NUnit report and the runbook's artifacts.</summary>
        public string OutputPath { get; }

        /// <summary>The NUnit 2.5 report Pester writes: &lt;OutputPath&gt;/&lt;Name&gt;.Runbook.&lt;environment&gt;.xml.</summary>
        public string TestResultPath => Path.Combine(OutputPath, $"{Runbook.Name}.Runbook.{Environment.Name}.xml");

        /// <summary>
        /// Checks a run and resolves its paths. <paramref name="options"/> holds the runbook-specific parameters that were
        /// given (BackupPath, DrainTimeout, ...); each must be one the runbook declares.
        /// </summary>
        /// <exception cref="AuroraRestoreException">UnknownRunbook, InvalidEnvironmentName, RunbookVersionRequired,
        /// UnknownPipelineVersion, RunbookParameterNotApplicable, RunbookNotFound, RunbookOutputPathIsFile.</exception>
        public static RunbookInvocation Create(string name, string environment, string? version, IReadOnlyDictionary<string, object> options, string runbookFolder, string outputPath, PipelineVersionCatalog? catalog = null)
        {
            var runbook = RunbookCatalog.Get(name);
            var env = PipelineEnvironment.Named(environment);
            string? resolved = null;
            if (version != null)
            {
                resolved = (catalog ?? PipelineVersionCatalog.Default).Get(version).Version;
            }
            else if (runbook.VersionRequired)
            {
                throw new AuroraRestoreException(
                    RunbookErrorIds.RunbookVersionRequired, FailureCategory.InvalidArgument, runbook.Name,
                    $"The {runbook.Name} runbook needs the version to go to ({runbook.VersionParameter}).",
                    $"Pass -Version, for example Invoke-RestoreRunbook -Name {runbook.Name} -Version 3.0.0.");
            }

            var notApplicable = options.Keys.Where(k => !runbook.OptionalParameters.Contains(k, StringComparer.OrdinalIgnoreCase)).OrderBy(k => k, StringComparer.Ordinal).ToList();
            if (notApplicable.Count > 0)
            {
                throw new AuroraRestoreException(
                    RunbookErrorIds.RunbookParameterNotApplicable, FailureCategory.InvalidArgument, string.Join(", ", notApplicable),
                    $"The {runbook.Name} runbook takes no {string.Join(", ", notApplicable.Select(k => "-" + k))}; it takes {string.Join(", ", runbook.OptionalParameters.Select(k => "-" + k))}.",
                    $"Leave {string.Join(", ", notApplicable.Select(k => "-" + k))} out for the {runbook.Name} runbook.");
            }

            var path = Path.Combine(runbookFolder, runbook.FileName);
            if (!File.Exists(path))
            {
                throw new AuroraRestoreException(
                    RunbookErrorIds.RunbookNotFound, FailureCategory.ObjectNotFound, path,
                    $"The {runbook.Name} runbook is missing from the module: {path} does not exist.",
                    "Reinstall the module (its runbooks folder ships with it).");
            }

            if (File.Exists(outputPath))
            {
                throw new AuroraRestoreException(
                    RunbookErrorIds.RunbookOutputPathIsFile, FailureCategory.InvalidArgument, outputPath,
                    $"-OutputPath {outputPath} is a file; the runbook writes its report and artifacts into a folder.",
                    "Pass a folder (it is created when missing).");
            }

            return new RunbookInvocation(runbook, env, resolved, path, outputPath, new Dictionary<string, object>(options, StringComparer.OrdinalIgnoreCase));
        }

        /// <summary>The runbook's parameters (without the AWS settings, which the cmdlet adds): Pester's container data.</summary>
        public IDictionary<string, object> ContainerData()
        {
            var data = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase)
            {
                [RunbookCatalog.EnvironmentParameter] = Environment.Name,
                [RunbookCatalog.ArtifactPathParameter] = OutputPath,
            };
            if (Version != null)
            {
                data[Runbook.VersionParameter] = Version;
            }

            foreach (var option in options)
            {
                // The runbook's own spelling of the parameter, whatever case the caller used.
                data[Runbook.OptionalParameters.First(p => string.Equals(p, option.Key, StringComparison.OrdinalIgnoreCase))] = option.Value;
            }

            return data;
        }

        /// <summary>What the run will do, for ShouldProcess.</summary>
        public string Describe()
            => $"Run the {Runbook.Name} runbook ({string.Join(", ", Runbook.Phases)})" + (Version == null ? string.Empty : $" to {Version}") + $"; report {TestResultPath}";
    }
}
