using System.Collections.Generic;

namespace AuroraRestore.Runbooks
{
    /// <summary>
    /// One runbook the module ships (module/runbooks/&lt;Name&gt;.Runbook.Tests.ps1): its phases, the parameter that
    /// carries the version, and the optional parameters its param() block declares. Pester passes a container's data as
    /// parameters, so a value the runbook does not declare must be refused before the run, not fail half-way.
    /// </summary>
    public sealed class RunbookDefinition
    {
        public RunbookDefinition(string name, string versionParameter, bool versionRequired, IReadOnlyList<string> phases, IReadOnlyList<string> optionalParameters)
        {
            Name = name;
            VersionParameter = versionParameter;
            VersionRequired = versionRequired;
            Phases = phases;
            OptionalParameters = optionalParameters;
        }

        /// <summary>Upgrade or Rollback.</summary>
        public string Name { get; }

        /// <summary>The file name under module/runbooks.</summary>
        public string FileName => Name + ".Runbook.Tests.ps1";

        /// <summary>The runbook parameter that receives Invoke-RestoreRunbook's -Version (TargetVersion, ToVersion).</summary>
        public string VersionParameter { get; }

        /// <summary>True when the runbook cannot run without a version (an upgrade needs its target).</summary>
        public bool VersionRequired { get; }

        /// <summary>The runbook's Describe blocks, in order: one per phase.</summary>
        public IReadOnlyList<string> Phases { get; }

        /// <summary>Parameters besides the environment, the version and the AWS settings that the runbook declares.</summary>
        public IReadOnlyList<string> OptionalParameters { get; }
    }
}
