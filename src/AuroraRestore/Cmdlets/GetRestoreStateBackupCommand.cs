using System.Linq;
using System.Management.Automation;
using AuroraRestore.Aws;
using AuroraRestore.Backups;
using AuroraRestore.Common;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Lists an environment's backup sets at a location (folder or bucket), newest first, with their status.</summary>
    [Cmdlet(VerbsCommon.Get, "RestoreStateBackup")]
    [OutputType(typeof(RestoreStateBackup))]
    public sealed class GetRestoreStateBackupCommand : BackupCmdlet
    {
        /// <summary>Only the sets with this name (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        protected override void ProcessRecordCore()
        {
            var env = PipelineEnvironment;
            using var aws = new AwsClients(AwsContext);
            var service = new BackupService(aws, AwsContext.Log);
            var location = ResolveLocation(service);
            var pattern = Name == null ? null : WildcardPattern.Get(Name, WildcardOptions.IgnoreCase);
            var sets = Run(token => service.ListAsync(env, location, token)).Where(b => pattern == null || pattern.IsMatch(b.Name)).ToList();
            if (sets.Count == 0 && Name != null && !WildcardPattern.ContainsWildcardCharacters(Name))
            {
                WriteError(ToErrorRecord(new AuroraRestoreException(
                    BackupErrorIds.BackupNotFound, FailureCategory.ObjectNotFound, Name,
                    $"There is no backup set {Name} of environment '{env.Name}' at {location}.",
                    "Run Get-RestoreStateBackup without -Name to list the sets at that location.")));
                return;
            }

            foreach (var set in sets)
            {
                WriteObject(set);
            }
        }
    }
}
