using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using AuroraRestore.Common;
using AuroraRestore.Runbooks;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Finds Pester (5.4 or later, or 6) on the user's machine (the module does not ship it) and runs a runbook with it in the caller's
    /// session. Pester is PowerShell, so this glue lives beside the cmdlets; the runbook's result is read back from the
    /// NUnit report by <see cref="NUnitReportReader"/>.
    /// </summary>
    internal sealed class PesterHost
    {
        /// <summary>5.4 brought Run.SkipRemainingOnFailure: a failed backup must stop the runbook before the upgrade.</summary>
        public static readonly Version Minimum = new Version(5, 4, 0);

        /// <summary>
        /// Pester 5 and 6 take the run the same way (New-PesterConfiguration, Run.SkipRemainingOnFailure, NUnitXml reports;
        /// the tests run the runbooks on 5.7.1 and 6.2.0); Pester 7 may change that configuration object.
        /// </summary>
        public static readonly Version Below = new Version(7, 0, 0);

        private const string InstallAdvice = "Install it with Install-PSResource -Name Pester -Version '[5.4.0,7.0.0)' -Scope CurrentUser "
            + "(or Install-Module -Name Pester -MinimumVersion 5.4.0 -MaximumVersion 6.99.99 -Scope CurrentUser -SkipPublisherCheck), "
            + "or pass -PesterPath with the path of a Pester 5 or 6 Pester.psd1 (or its folder).";

        // Builds the configuration through the located module's own commands, so that another Pester imported in the
        // session (Windows PowerShell's 3.4) is never the one called.
        private const string RunScript = @"
param($Pester, [string] $RunbookPath, [hashtable] $Data, [string] $ResultPath, [string] $Verbosity)
$configuration = & $Pester.ExportedCommands['New-PesterConfiguration']
$configuration.Run.Container = & $Pester.ExportedCommands['New-PesterContainer'] -Path $RunbookPath -Data $Data
$configuration.Run.PassThru = $true
$configuration.Run.Exit = $false
$configuration.Run.Throw = $false
$configuration.Run.SkipRemainingOnFailure = 'Container'
$configuration.Output.Verbosity = $Verbosity
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultPath
$run = & $Pester.ExportedCommands['Invoke-Pester'] -Configuration $configuration
# Failures outside any step (discovery, a top-level BeforeAll) are not test cases: report them by message.
@($run.Containers | ForEach-Object { $_.ErrorRecord } | Where-Object { $_ } | ForEach-Object { $_.Exception.Message })
";

        private readonly PSCmdlet cmdlet;

        private PesterHost(PSCmdlet cmdlet, PSModuleInfo module)
        {
            this.cmdlet = cmdlet;
            Module = module;
        }

        public PSModuleInfo Module { get; }

        /// <summary>
        /// The Pester to run with: <paramref name="pesterPath"/> when given; else a Pester 5.4 or later (below 7) already imported;
        /// else the newest such one Get-Module -ListAvailable finds, imported globally.
        /// </summary>
        /// <exception cref="AuroraRestoreException">PesterPathInvalid, PesterNotFound.</exception>
        public static PesterHost Locate(PSCmdlet cmdlet, string? pesterPath)
        {
            if (pesterPath != null)
            {
                // The module's folder, its manifest, or its root module (what (Get-Module Pester).Path shows).
                var folder = Directory.Exists(pesterPath) ? pesterPath : Path.GetDirectoryName(pesterPath) ?? ".";
                var manifest = pesterPath.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase) ? pesterPath : Path.Combine(folder, "Pester.psd1");
                var candidate = File.Exists(manifest) ? Modules(cmdlet, "Get-Module -ListAvailable -Name $args[0]", manifest).FirstOrDefault() : null;
                if (candidate == null || !string.Equals(candidate.Name, "Pester", StringComparison.OrdinalIgnoreCase) || !Suitable(candidate.Version))
                {
                    throw new AuroraRestoreException(
                        RunbookErrorIds.PesterPathInvalid, FailureCategory.InvalidArgument, pesterPath,
                        candidate == null
                            ? $"-PesterPath {pesterPath} is not a PowerShell module (no Pester.psd1 there)."
                            : $"-PesterPath {pesterPath} is {candidate.Name} {candidate.Version}; the runbooks need Pester {Minimum} or later below {Below}.",
                        "Pass the path of a Pester 5 or 6 Pester.psd1 (or its folder). " + InstallAdvice);
                }

                return new PesterHost(cmdlet, Import(cmdlet, candidate.Path));
            }

            var imported = Modules(cmdlet, "Get-Module -Name Pester").Where(m => Suitable(m.Version)).OrderByDescending(m => m.Version).FirstOrDefault();
            if (imported != null)
            {
                return new PesterHost(cmdlet, imported);
            }

            var available = Modules(cmdlet, "Get-Module -ListAvailable -Name Pester").ToList();
            var best = available.Where(m => Suitable(m.Version)).OrderByDescending(m => m.Version).FirstOrDefault();
            if (best == null)
            {
                var found = available.Count == 0 ? "none" : string.Join(", ", available.Select(m => m.Version.ToString()).Distinct());
                throw new AuroraRestoreException(
                    RunbookErrorIds.PesterNotFound, FailureCategory.NotInstalled, "Pester",
                    $"The runbooks run on Pester {Minimum} or later below {Below}, which is not installed (Pester versions found: {found}).",
                    InstallAdvice);
            }

            cmdlet.WriteVerbose($"Importing Pester {best.Version} from {best.Path}");
            return new PesterHost(cmdlet, Import(cmdlet, best.Path));
        }

        /// <summary>
        /// Runs a runbook in the caller's session: Pester prints its progress to the host and writes the NUnit report.
        /// Returns the failures outside any step (discovery, a top-level BeforeAll).
        /// </summary>
        public IReadOnlyList<string> Run(string runbookPath, IDictionary<string, object> data, string resultPath, string verbosity)
        {
            var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in data)
            {
                table[pair.Key] = pair.Value;
            }

            var script = cmdlet.InvokeCommand.NewScriptBlock(RunScript);
            return cmdlet.InvokeCommand.InvokeScript(false, script, null, Module, runbookPath, table, resultPath, verbosity)
                .Where(o => o != null)
                .Select(o => o.BaseObject.ToString() ?? string.Empty)
                .ToList();
        }

        private static bool Suitable(Version version) => version >= Minimum && version < Below;

        private static IEnumerable<PSModuleInfo> Modules(PSCmdlet cmdlet, string script, params object[] args)
            => cmdlet.InvokeCommand.InvokeScript(false, cmdlet.InvokeCommand.NewScriptBlock(script), null, args)
                .Select(o => o?.BaseObject).OfType<PSModuleInfo>();

        private static PSModuleInfo Import(PSCmdlet cmdlet, string path)
            => Modules(cmdlet, "Import-Module -Name $args[0] -PassThru -Global -ErrorAction Stop", path).First();
    }
}
