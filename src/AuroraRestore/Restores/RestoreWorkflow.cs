using AuroraRestore.State;

namespace AuroraRestore.Restores
{
    /// <summary>
    /// The order of the steps, as the state machine runs them (docs/state-machine.md): check steps repeat until their
    /// flag is set, delete-rds runs only with replace_target. The local runner asks this what comes next.
    /// </summary>
    public static class RestoreWorkflow
    {
        /// <returns>The next step to run, or null when the operation has run its last step.</returns>
        public static string? NextStep(OperationRecord record)
        {
            var last = record.DataString(OperationData.LastStep);
            switch (last)
            {
                case null:
                    return StepNames.SnapshotCheck;
                case StepNames.SnapshotCheck:
                    return StepNames.CopySnapshot;
                case StepNames.CopySnapshot:
                    return StepNames.CheckCopyStatus;
                case StepNames.CheckCopyStatus:
                    return record.DataBool(OperationData.ReplaceTarget) ? StepNames.DeleteRds : StepNames.RestoreSnapshot;
                case StepNames.DeleteRds:
                    return StepNames.CheckDeleteStatus;
                case StepNames.CheckDeleteStatus:
                    return StepNames.RestoreSnapshot;
                case StepNames.RestoreSnapshot:
                    return StepNames.CheckRestoreStatus;
                case StepNames.CheckRestoreStatus:
                    return StepNames.SetupDbUsers;
                case StepNames.SetupDbUsers:
                    return StepNames.VerifyRestore;
                case StepNames.VerifyRestore:
                    return StepNames.ArchiveSnapshot;
                case StepNames.ArchiveSnapshot:
                    return StepNames.SnsNotification;
                default:
                    return null;
            }
        }

        /// <summary>Rough progress for Write-Progress: the position of the step in the full order.</summary>
        public static int PercentComplete(string? step)
        {
            if (step == null)
            {
                return 0;
            }

            var index = 0;
            foreach (var name in StepNames.InOrder)
            {
                if (name == step)
                {
                    return (int)(100.0 * index / StepNames.InOrder.Count);
                }

                index++;
            }

            return 0;
        }
    }
}
