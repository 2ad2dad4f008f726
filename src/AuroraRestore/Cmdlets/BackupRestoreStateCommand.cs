using System.Management.Automation;
using AuroraRestore.Aws;
using AuroraRestore.Backups;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Takes a verified backup set of an environment: on-demand backups of both tables (waited to AVAILABLE), both stacks,
    /// the functions' live versions, the state machine and the configuration, with a manifest of checksums.
    /// </summary>
    [Cmdlet(VerbsData.Backup, "RestoreState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(RestoreStateBackup))]
    public sealed class BackupRestoreStateCommand : BackupCmdlet
    {
        /// <summary>The set's name; default &lt;environment&gt;-&lt;yyyyMMdd-HHmmss&gt; (UTC).</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        protected override void ProcessRecordCore()
        {
            var env = PipelineEnvironment;
            using var aws = new AwsClients(AwsContext);
            var service = new BackupService(aws, AwsContext.Log);
            var name = BackupNames.Validate(Name ?? service.DefaultName(env));
            var location = ResolveLocation(service);
            Run(token => service.ValidateCreateAsync(env, name, location, token));
            if (!ShouldProcess($"environment '{env.Name}' in {AwsContext.Region} ({env.StateTableName}, {env.AuditTableName}, stacks {env.MainStackName}, {env.IamStackName})", $"Back up as {name} to {location}"))
            {
                return;
            }

            WriteObject(Run(token => service.CreateAsync(env, name, location, token)));
        }
    }
}
