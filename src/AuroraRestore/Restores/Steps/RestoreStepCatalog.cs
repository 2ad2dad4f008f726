using System;
using System.Collections.Generic;
using System.Linq;
using AuroraRestore.Common;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>Every step by name: what the local runner and the Lambda functions dispatch on.</summary>
    public static class RestoreStepCatalog
    {
        private static readonly IReadOnlyDictionary<string, IRestoreStep> Steps = new IRestoreStep[]
        {
            new SnapshotCheckStep(), new CopySnapshotStep(), new CheckCopyStatusStep(), new DeleteRdsStep(), new CheckDeleteStatusStep(),
            new RestoreSnapshotStep(), new CheckRestoreStatusStep(), new SetupDbUsersStep(), new VerifyRestoreStep(), new ArchiveSnapshotStep(),
            new SnsNotificationStep(),
        }.ToDictionary(s => s.Name, StringComparer.Ordinal);

        public static IRestoreStep Get(string name)
            => Steps.TryGetValue(name, out var step) ? step : throw new AuroraRestoreException(
                "UnknownStep", FailureCategory.InvalidArgument, name, $"'{name}' is not a restore step.", "Use one of: " + string.Join(", ", Steps.Keys) + ".");
    }
}
