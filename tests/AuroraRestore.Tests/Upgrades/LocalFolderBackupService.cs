using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.State;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;

namespace AuroraRestore.Tests.Upgrades
{
    /// <summary>
    /// Test-only backup service while the real one (Backups.BackupService, branch backup) is not on main: real on-demand
    /// DynamoDB backups of both tables, both stacks' templates exported to files with their SHA-256, table checksums and a
    /// manifest in a local folder. Verification re-reads the backups and re-hashes the files. Restoring is not needed by
    /// upgrades and is refused.
    /// </summary>
    public sealed class LocalFolderBackupService : IStateBackupService
    {
        private readonly IAmazonDynamoDB dynamoDb;
        private readonly ICloudFormationClient cloudFormation;

        public LocalFolderBackupService(IAmazonDynamoDB dynamoDb, ICloudFormationClient cloudFormation)
        {
            this.dynamoDb = dynamoDb;
            this.cloudFormation = cloudFormation;
        }

        public int Created { get; private set; }

        public async Task<RestoreStateBackup> CreateAsync(PipelineEnvironment environment, string name, BackupLocation location, CancellationToken cancellationToken)
        {
            var folder = Directory.CreateDirectory(Path.Combine(location.Path!, name)).FullName;
            var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
            string? version = null;
            foreach (var (stack, file) in new[] { (environment.MainStackName, "main-stack.template"), (environment.IamStackName, "iam-stack.template") })
            {
                var body = await cloudFormation.GetTemplateAsync(stack, cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(folder, file), body, cancellationToken);
                files[file] = UpgradePlanFile.Sha256(body);
                var description = await cloudFormation.DescribeStackAsync(stack, cancellationToken);
                if (description != null && description.Tags.TryGetValue(PipelineVersionDefinition.VersionTagKey, out var tagged))
                {
                    version ??= tagged;
                }
            }

            var tables = new List<TableBackup>();
            foreach (var table in new[] { environment.StateTableName, environment.AuditTableName })
            {
                var backup = await dynamoDb.CreateBackupAsync(new CreateBackupRequest { TableName = table, BackupName = name + "-" + table }, cancellationToken);
                var checksum = await TableChecksum.OfTableAsync(dynamoDb, table, 1, NullOperationLog.Instance, cancellationToken);
                tables.Add(new TableBackup { TableName = table, BackupArn = backup.BackupDetails.BackupArn, ItemCount = checksum.ItemCount, Checksum = checksum.ToString() });
            }

            var set = new RestoreStateBackup
            {
                Name = name,
                Environment = environment.Name,
                PipelineVersion = version ?? string.Empty,
                CreatedAt = DateTimeOffset.UtcNow,
                Location = folder,
                Status = "Unverified",
                Tables = tables,
                Files = files,
            };
            var manifest = new JsonObject
            {
                ["name"] = name,
                ["environment"] = environment.Name,
                ["pipeline_version"] = set.PipelineVersion,
                ["tables"] = new JsonArray(tables.Select(t => (JsonNode)new JsonObject { ["table"] = t.TableName, ["backup_arn"] = t.BackupArn, ["items"] = t.ItemCount, ["checksum"] = t.Checksum }).ToArray()),
                ["files"] = new JsonObject(files.Select(f => new KeyValuePair<string, JsonNode?>(f.Key, f.Value))),
            };
            await File.WriteAllTextAsync(Path.Combine(folder, "manifest.json"), manifest.ToJsonString(), cancellationToken);
            Created++;
            return set;
        }

        public async Task<RestoreStateBackup> OpenAsync(PipelineEnvironment environment, string name, BackupLocation location, CancellationToken cancellationToken)
        {
            var folder = Path.Combine(location.Path!, name);
            var manifestPath = Path.Combine(folder, "manifest.json");
            if (!File.Exists(manifestPath))
            {
                throw new AuroraRestoreException(
                    UpgradeErrorIds.BackupNotFound, FailureCategory.ObjectNotFound, name,
                    $"There is no backup set {name} at {location}.", "List the sets with Get-RestoreStateBackup.");
            }

            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath, cancellationToken))!.AsObject();
            return new RestoreStateBackup
            {
                Name = (string)manifest["name"]!,
                Environment = (string)manifest["environment"]!,
                PipelineVersion = (string)manifest["pipeline_version"]!,
                Location = folder,
                Status = "Unverified",
                Tables = manifest["tables"]!.AsArray().Select(t => new TableBackup { TableName = (string)t!["table"]!, BackupArn = (string)t["backup_arn"]!, ItemCount = (long)t["items"]!, Checksum = (string)t["checksum"]! }).ToList(),
                Files = manifest["files"]!.AsObject().ToDictionary(f => f.Key, f => (string)f.Value!),
            };
        }

        public async Task<BackupVerification> VerifyAsync(RestoreStateBackup backup, CancellationToken cancellationToken)
        {
            var checks = new List<BackupCheck>();
            foreach (var table in backup.Tables)
            {
                try
                {
                    var description = await dynamoDb.DescribeBackupAsync(new DescribeBackupRequest { BackupArn = table.BackupArn }, cancellationToken);
                    checks.Add(new BackupCheck { Name = $"table {table.TableName} backup", Passed = description.BackupDescription.BackupDetails.BackupStatus == BackupStatus.AVAILABLE, Detail = description.BackupDescription.BackupDetails.BackupStatus.Value });
                }
                catch (BackupNotFoundException)
                {
                    checks.Add(new BackupCheck { Name = $"table {table.TableName} backup", Passed = false, Detail = "missing", ErrorId = "BackupTableMissing" });
                }
            }

            foreach (var file in backup.Files)
            {
                var path = Path.Combine(backup.Location, file.Key);
                var actual = File.Exists(path) ? UpgradePlanFile.Sha256(await File.ReadAllTextAsync(path, cancellationToken)) : null;
                checks.Add(new BackupCheck { Name = $"file {file.Key} sha256", Passed = actual == file.Value, Detail = actual ?? "missing", ErrorId = actual == file.Value ? null : "BackupFileTampered" });
            }

            return new BackupVerification { BackupName = backup.Name, Checks = checks };
        }

        public Task<TableRestoreResult> RestoreTablesAsync(RestoreStateBackup backup, string? tableName, CancellationToken cancellationToken)
            => throw new NotSupportedException("The test-only backup service does not restore tables; upgrades never do.");
    }
}
