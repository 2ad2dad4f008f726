using System.Management.Automation;
using AuroraRestore.Backups;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Base of the cmdlets that act on one existing set: given as an object (-Backup, from the pipeline) or by -Name at -Path or -Bucket.</summary>
    public abstract class BackupSetCmdlet : BackupCmdlet
    {
        protected const string ByObject = "Backup";
        protected const string ByName = "Name";

        /// <summary>A set, as Backup-RestoreState or Get-RestoreStateBackup emit it.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByObject)]
        [ValidateNotNull]
        public RestoreStateBackup? Backup { get; set; }

        /// <summary>The set's name, with -Path or -Bucket (neither: the artifact bucket).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ByName)]
        [Alias("BackupName")]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The set to act on, opened from its location when given by name.</summary>
        protected RestoreStateBackup ResolveBackup(BackupService service)
        {
            if (ParameterSetName == ByObject)
            {
                return Backup!;
            }

            var env = PipelineEnvironment;
            var name = BackupNames.Validate(Name);
            var location = ResolveLocation(service);
            return Run(token => service.OpenAsync(env, name, location, token));
        }
    }
}
