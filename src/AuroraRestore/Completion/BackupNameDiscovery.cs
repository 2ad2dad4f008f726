using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Completion
{
    /// <summary>
    /// Backup names of an environment for completing backup parameters: the on-demand DynamoDB backups of its state and
    /// audit tables, one name per backup set (the migration guide backs both tables up under one name, such as
    /// pre-upgrade-backup), newest first.
    /// </summary>
    public static class BackupNameDiscovery
    {
        public const int MaxCandidates = 50;

        public static async Task<IReadOnlyList<CompletionCandidate>> ListAsync(IAmazonDynamoDB dynamoDb, PipelineEnvironment environment, CancellationToken cancellationToken)
        {
            var backups = new List<(string Table, BackupSummary Backup)>();
            foreach (var table in new[] { environment.StateTableName, environment.AuditTableName })
            {
                var request = new ListBackupsRequest { TableName = table, BackupType = BackupTypeFilter.USER };
                do
                {
                    var page = await dynamoDb.ListBackupsAsync(request, cancellationToken).ConfigureAwait(false);
                    backups.AddRange((page.BackupSummaries ?? new List<BackupSummary>()).Select(b => (table, b)));
                    request.ExclusiveStartBackupArn = page.LastEvaluatedBackupArn;
                }
                while (!string.IsNullOrEmpty(request.ExclusiveStartBackupArn));
            }

            return backups
                .Where(b => !string.IsNullOrEmpty(b.Backup.BackupName))
                .GroupBy(b => b.Backup.BackupName, StringComparer.Ordinal)
                .Select(set => new
                {
                    Name = set.Key,
                    Newest = set.Max(b => b.Backup.BackupCreationDateTime ?? DateTime.MinValue),
                    Tables = set.Select(b => b.Table).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList(),
                })
                .OrderByDescending(set => set.Newest)
                .ThenBy(set => set.Name, StringComparer.Ordinal)
                .Take(MaxCandidates)
                .Select(set => new CompletionCandidate(set.Name, $"{string.Join(" + ", set.Tables)}, {set.Newest.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC"))
                .ToList();
        }
    }
}
