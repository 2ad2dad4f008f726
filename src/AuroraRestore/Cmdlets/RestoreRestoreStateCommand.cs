using System.Management.Automation;
using AuroraRestore.Aws;
using AuroraRestore.Backups;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Puts the tables of a backup set (or the one named by -Table) back as they were: the table itself is kept (name,
    /// keys, indexes, settings), its items are made the backup's. The current contents are backed up first; a run that
    /// was killed is finished by running it again.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "RestoreState", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByObject)]
    [OutputType(typeof(TableRestoreResult))]
    public sealed class RestoreRestoreStateCommand : BackupSetCmdlet
    {
        /// <summary>Only this table of the set (its name, e.g. AuroraRestoreState); default: every table of the set.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Table { get; set; }

        protected override void ProcessRecordCore()
        {
            using var aws = new AwsClients(AwsContext);
            var service = new BackupService(aws, AwsContext.Log);
            var backup = ResolveBackup(service);
            var tables = Run(token => service.ValidateRestoreAsync(backup, Table, token));
            if (!ShouldProcess($"{string.Join(" and ", tables)} of environment '{backup.Environment}'", $"Replace every item with those of backup set {backup.Name} ({backup.CreatedAt:u}), after backing up the current items"))
            {
                return;
            }

            WriteObject(Run(token => service.RestoreTablesAsync(backup, Table, token)));
        }
    }
}
