using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Aws;
using AuroraRestore.Aws.CloudFormation;
using AuroraRestore.Common;
using AuroraRestore.Control;
using AuroraRestore.Pipelines;
using AuroraRestore.State;
using AuroraRestore.Versions;

namespace AuroraRestore.Backups
{
    /// <summary>
    /// Verified backup sets of an environment (docs/backups.md): on-demand backups of both tables with their shape,
    /// item count and checksum, exports of stacks, functions, state machine and configuration, and a manifest with the
    /// SHA-256 of every file; proof that a set restores (scratch-table restores, recounts, checksums); and table restores
    /// that keep the live table, back its contents up first and resume after a crash.
    /// </summary>
    public sealed class BackupService : IStateBackupService
    {
        public const string StatusUnverified = "Unverified";
        public const string StatusVerified = "Verified";
        public const string StatusVerificationFailed = "VerificationFailed";
        public const string StatusIncomplete = "Incomplete";

        private const int ProgressId = 41;

        /// <summary>A table must read the same before and after its backup; this many tries while it keeps changing.</summary>
        private const int BackupAttempts = 3;

        private readonly AwsClients aws;
        private readonly IOperationLog log;
        private readonly PipelineVersionCatalog catalog;
        private readonly DynamoTableBackups tables;
        private readonly Func<DateTimeOffset> clock;
        private readonly int scanSegments;

        public BackupService(AwsClients aws, IOperationLog log, PipelineVersionCatalog? catalog = null, DynamoTableBackups? tables = null, Func<DateTimeOffset>? clock = null, int scanSegments = 1)
        {
            this.aws = aws;
            this.log = log;
            this.catalog = catalog ?? PipelineVersionCatalog.Default;
            this.tables = tables ?? new DynamoTableBackups(aws.DynamoDb, log);
            this.clock = clock ?? (() => DateTimeOffset.UtcNow);
            this.scanSegments = scanSegments;
        }

        /// <summary>The default location: the account's artifact bucket (PipelineEnvironment.ArtifactBucketName) under backups/.</summary>
        public async Task<BackupLocation> DefaultLocationAsync(CancellationToken cancellationToken)
        {
            var account = (await aws.Sts.GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false)).Account;
            return BackupLocation.S3(PipelineEnvironment.ArtifactBucketName(account, aws.Context.Region));
        }

        public string DefaultName(PipelineEnvironment environment) => BackupNames.Default(environment, clock());

        public async Task<RestoreStateBackup> CreateAsync(PipelineEnvironment environment, string name, BackupLocation location, CancellationToken cancellationToken)
        {
            var plan = await PlanCreateAsync(environment, name, location, cancellationToken).ConfigureAwait(false);
            var createdAt = clock();
            Report($"Backing up {environment.Name} as {name}", 5);

            // The two tables are independent: both are read and backed up at once (on DynamoDB each waits on its own backup).
            Report($"Backing up tables {environment.StateTableName} and {environment.AuditTableName}", 10);
            var manifestTables = await Task.WhenAll(RolesOf(environment).Select(t => BackupTableAsync(t.Role, t.Table, name, cancellationToken))).ConfigureAwait(false);

            var (manifest, _) = await WriteSetAsync(plan, environment, name, createdAt, manifestTables, cancellationToken).ConfigureAwait(false);
            log.Progress(new ProgressReport(ProgressId, "Backup-RestoreState", "Done", 100, completed: true));
            return ToBackup(manifest, plan.Store.SetLocation(environment.Name, name), StatusUnverified, null);
        }

        /// <summary>
        /// Takes a new set and proves it restorable in the same pass (what an upgrade does before it changes anything):
        /// each table is read, backed up, and its backup restored into a scratch table and read again; only when the two
        /// reads agree is the backup in the set, so the set's checksum is both the live table's and the backup's. That is
        /// what <see cref="CreateAsync"/> followed by <see cref="VerifyAsync"/> proves, with one read of each live table
        /// fewer (CreateAsync reads a table twice because it does not restore the backup). The verification is recorded in
        /// the set, which then lists as Verified.
        /// </summary>
        public async Task<CreatedBackupSet> CreateVerifiedAsync(PipelineEnvironment environment, string name, BackupLocation location, CancellationToken cancellationToken)
        {
            var plan = await PlanCreateAsync(environment, name, location, cancellationToken).ConfigureAwait(false);
            var createdAt = clock();
            Report($"Backing up {environment.Name} as {name}, each table's backup restored and compared", 5);
            var restored = await Task.WhenAll(RolesOf(environment).Select(t => BackupAndRestoreTableAsync(t.Role, t.Table, name, cancellationToken))).ConfigureAwait(false);

            var (manifest, manifestBytes) = await WriteSetAsync(plan, environment, name, createdAt, restored.Select(r => r.Table).ToList(), cancellationToken).ConfigureAwait(false);
            var checks = new List<BackupCheck> { Passed(name, "manifest", BackupFileNames.Manifest, $"format {BackupManifest.FormatVersion}, {manifest.Tables.Count} tables, {manifest.Files.Count} files") };
            foreach (var file in manifest.Files)
            {
                checks.Add(await VerifyFileAsync(plan.Store, manifest, file, cancellationToken).ConfigureAwait(false));
            }

            checks.AddRange(restored.Select(r => r.Check));
            var verification = new BackupVerification { BackupName = name, Checks = checks };
            await RecordVerificationAsync(plan.Store, manifest, manifestBytes, verification, cancellationToken).ConfigureAwait(false);
            log.Progress(new ProgressReport(ProgressId, "Backup-RestoreState", "Done", 100, completed: true));
            var status = verification.Passed ? StatusVerified : StatusVerificationFailed;
            return new CreatedBackupSet(ToBackup(manifest, plan.Store.SetLocation(environment.Name, name), status, verification.Passed ? clock() : null), verification);
        }

        public async Task<RestoreStateBackup> OpenAsync(PipelineEnvironment environment, string name, BackupLocation location, CancellationToken cancellationToken)
        {
            BackupNames.Validate(name);
            var store = BackupStores.For(location, aws, log);
            await store.ValidateAsync(cancellationToken).ConfigureAwait(false);
            var manifest = await ReadManifestAsync(store, environment.Name, name, cancellationToken).ConfigureAwait(false);
            var (status, verifiedAt) = await StatusOfAsync(store, manifest, cancellationToken).ConfigureAwait(false);
            return ToBackup(manifest, store.SetLocation(environment.Name, name), status, verifiedAt);
        }

        /// <summary>Every set of the environment at the location, newest first; a set never finished is listed as Incomplete.</summary>
        public async Task<IReadOnlyList<RestoreStateBackup>> ListAsync(PipelineEnvironment environment, BackupLocation location, CancellationToken cancellationToken)
        {
            var store = BackupStores.For(location, aws, log);
            await store.ValidateAsync(cancellationToken).ConfigureAwait(false);
            var result = new List<RestoreStateBackup>();
            foreach (var name in await store.ListSetsAsync(environment.Name, cancellationToken).ConfigureAwait(false))
            {
                var setLocation = store.SetLocation(environment.Name, name);
                try
                {
                    var manifest = await ReadManifestAsync(store, environment.Name, name, cancellationToken).ConfigureAwait(false);
                    var (status, verifiedAt) = await StatusOfAsync(store, manifest, cancellationToken).ConfigureAwait(false);
                    result.Add(ToBackup(manifest, setLocation, status, verifiedAt));
                }
                catch (AuroraRestoreException ex) when (ex.ErrorId == BackupErrorIds.BackupManifestInvalid)
                {
                    log.Verbose($"Set {name}: {ex.Message}");
                    result.Add(new RestoreStateBackup { Name = name, Environment = environment.Name, Region = aws.Context.Region, Location = setLocation, Status = StatusIncomplete });
                }
            }

            return result.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Name, StringComparer.Ordinal).ToList();
        }

        public async Task<BackupVerification> VerifyAsync(RestoreStateBackup backup, CancellationToken cancellationToken)
        {
            var checks = new List<BackupCheck>();
            var store = StoreOf(backup);
            var manifestBytes = await store.ReadAsync(backup.Environment, backup.Name, BackupFileNames.Manifest, cancellationToken).ConfigureAwait(false);
            BackupManifest? manifest = null;
            if (manifestBytes == null)
            {
                checks.Add(Failed(backup.Name, "manifest", BackupFileNames.Manifest, BackupErrorIds.BackupManifestInvalid, $"{BackupFileNames.Manifest} is missing: the set was never finished or was damaged."));
            }
            else
            {
                try
                {
                    manifest = ParseManifest(manifestBytes, store, backup.Environment, backup.Name);
                    checks.Add(Passed(backup.Name, "manifest", BackupFileNames.Manifest, $"format {BackupManifest.FormatVersion}, {manifest.Tables.Count} tables, {manifest.Files.Count} files"));
                }
                catch (AuroraRestoreException ex) when (ex.ErrorId == BackupErrorIds.BackupManifestInvalid)
                {
                    checks.Add(Failed(backup.Name, "manifest", BackupFileNames.Manifest, ex.ErrorId, ex.Message));
                }
            }

            if (manifest != null)
            {
                foreach (var file in manifest.Files)
                {
                    checks.Add(await VerifyFileAsync(store, manifest, file, cancellationToken).ConfigureAwait(false));
                }

                // Each table restores into its own scratch table, all at once: on DynamoDB a restore takes minutes.
                Report($"Restoring the backups of {string.Join(" and ", manifest.Tables.Select(t => t.TableName))} into scratch tables", 10, "Test-RestoreStateBackup");
                checks.AddRange(await Task.WhenAll(manifest.Tables.Select(table => VerifyTableAsync(manifest, table, cancellationToken))).ConfigureAwait(false));
            }

            var verification = new BackupVerification { BackupName = backup.Name, Checks = checks };
            if (manifestBytes != null && manifest != null)
            {
                await RecordVerificationAsync(store, manifest, manifestBytes, verification, cancellationToken).ConfigureAwait(false);
            }

            log.Progress(new ProgressReport(ProgressId, "Test-RestoreStateBackup", "Done", 100, completed: true));
            return verification;
        }

        public async Task<TableRestoreResult> RestoreTablesAsync(RestoreStateBackup backup, string? tableName, CancellationToken cancellationToken)
        {
            var environment = PipelineEnvironment.Named(backup.Environment);
            var store = StoreOf(backup);
            var manifest = await ReadManifestAsync(store, backup.Environment, backup.Name, cancellationToken).ConfigureAwait(false);
            var chosen = await ValidateRestoreAsync(manifest, tableName, cancellationToken).ConfigureAwait(false);

            await ControlTable.EnsureExistsAsync(aws.DynamoDb, environment.ControlTableName, cancellationToken).ConfigureAwait(false);
            var control = new ControlTable(aws.DynamoDb, environment.ControlTableName);
            var progress = new Dictionary<string, RestoreProgress>(StringComparer.Ordinal);
            foreach (var table in chosen)
            {
                var existing = await RestoreProgress.ReadAsync(control, manifest.Name, table.TableName, cancellationToken).ConfigureAwait(false);
                if (existing != null)
                {
                    log.Verbose($"Resuming the restore of {table.TableName} from {manifest.Name} ({existing.Phase}; safety set {existing.SafetyBackupName})");
                    progress[table.TableName] = existing;
                }
            }

            var starting = chosen.Where(t => !progress.ContainsKey(t.TableName)).ToList();
            if (starting.Count > 0)
            {
                // Nothing changes before the current contents are in a set of their own: a mistaken restore can be undone.
                var safetyName = BackupNames.Safety(manifest.Name, clock());
                Report($"Backing up the current contents as {safetyName}", 5, "Restore-RestoreState");
                var safety = await CreateAsync(environment, safetyName, BackupStores.LocationOfSet(backup.Location, backup.Environment, backup.Name), cancellationToken).ConfigureAwait(false);
                foreach (var table in starting)
                {
                    var before = safety.Tables.First(t => t.TableName == table.TableName).Checksum;
                    progress[table.TableName] = await new RestoreProgress(manifest.Name, table.TableName, RestoreProgress.SafetyTaken, safetyName, before, null).SaveAsync(control, cancellationToken).ConfigureAwait(false);
                }
            }

            var outcomes = new List<TableRestoreOutcome>();
            var index = 0;
            foreach (var table in chosen)
            {
                Report($"Restoring {table.TableName}", 30 + (60 * index++ / chosen.Count), "Restore-RestoreState");
                outcomes.Add(await RestoreTableAsync(control, manifest, table, progress[table.TableName], cancellationToken).ConfigureAwait(false));
            }

            log.Progress(new ProgressReport(ProgressId, "Restore-RestoreState", "Done", 100, completed: true));
            return new TableRestoreResult
            {
                BackupName = manifest.Name,
                SafetyBackupName = progress.Values.Select(p => p.SafetyBackupName).First(),
                Tables = outcomes,
            };
        }

        /// <summary>Checks everything Backup-RestoreState needs (name, location, pipeline, tables), changing nothing.</summary>
        public async Task ValidateCreateAsync(PipelineEnvironment environment, string name, BackupLocation location, CancellationToken cancellationToken)
            => await PlanCreateAsync(environment, name, location, cancellationToken).ConfigureAwait(false);

        /// <summary>Checks what Restore-RestoreState needs (manifest, table in the set, live table and key, table backup), changing nothing; returns the tables it would restore.</summary>
        public async Task<IReadOnlyList<string>> ValidateRestoreAsync(RestoreStateBackup backup, string? tableName, CancellationToken cancellationToken)
        {
            var manifest = await ReadManifestAsync(StoreOf(backup), backup.Environment, backup.Name, cancellationToken).ConfigureAwait(false);
            return (await ValidateRestoreAsync(manifest, tableName, cancellationToken).ConfigureAwait(false)).Select(t => t.TableName).ToList();
        }

        private async Task<CreatePlan> PlanCreateAsync(PipelineEnvironment environment, string name, BackupLocation location, CancellationToken cancellationToken)
        {
            BackupNames.Validate(name);
            var store = BackupStores.For(location, aws, log);
            await store.ValidateAsync(cancellationToken).ConfigureAwait(false);
            if ((await store.ListFilesAsync(environment.Name, name, cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                throw new AuroraRestoreException(
                    BackupErrorIds.BackupAlreadyExists, FailureCategory.ResourceExists, name,
                    $"A backup set named {name} already exists at {store.SetLocation(environment.Name, name)}.",
                    "Pick another -Name, or leave -Name out for <environment>-<yyyyMMdd-HHmmss>; sets are never overwritten.");
            }

            var main = await aws.CloudFormation.DescribeStackAsync(environment.MainStackName, cancellationToken).ConfigureAwait(false);
            var iam = await aws.CloudFormation.DescribeStackAsync(environment.IamStackName, cancellationToken).ConfigureAwait(false);
            if (main == null || iam == null)
            {
                throw new AuroraRestoreException(
                    BackupErrorIds.PipelineNotInstalled, FailureCategory.ObjectNotFound, main == null ? environment.MainStackName : environment.IamStackName,
                    $"Environment '{environment.Name}' has no complete pipeline in {aws.Context.Region}: stack {(main == null ? environment.MainStackName : environment.IamStackName)} does not exist.",
                    "Check -Environment and -Region (Get-RestorePipeline shows what is deployed).");
            }

            foreach (var table in new[] { environment.StateTableName, environment.AuditTableName })
            {
                await tables.DescribeTableAsync(table, cancellationToken).ConfigureAwait(false);
            }

            main.Tags.TryGetValue(PipelineVersionDefinition.VersionTagKey, out var version);
            if (version == null)
            {
                main.Outputs.TryGetValue("PipelineVersion", out version);
            }

            return new CreatePlan(store, main, iam, version ?? "unknown");
        }

        /// <summary>
        /// Backs a table up so that the manifest's checksum is the backup's: the table is read before and after the
        /// backup, and only when both reads agree did the backup (taken between them) see exactly those items.
        /// </summary>
        private async Task<ManifestTable> BackupTableAsync(string role, string tableName, string setName, CancellationToken cancellationToken)
        {
            var description = await tables.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
            var backupName = setName + "-" + tableName;
            for (var attempt = 1; ; attempt++)
            {
                var before = await TableChecksum.OfTableAsync(aws.DynamoDb, tableName, scanSegments, log, cancellationToken).ConfigureAwait(false);
                var arn = await tables.CreateBackupAsync(tableName, backupName, cancellationToken).ConfigureAwait(false);
                var after = await TableChecksum.OfTableAsync(aws.DynamoDb, tableName, scanSegments, log, cancellationToken).ConfigureAwait(false);
                if (before.Equals(after))
                {
                    log.Verbose($"Table {tableName}: backup {arn}, {before.ItemCount} items, checksum {before.Digest}");
                    return ManifestTableOf(role, tableName, description, arn, backupName, before);
                }

                await tables.DeleteBackupAsync(arn, cancellationToken).ConfigureAwait(false);
                if (attempt >= BackupAttempts)
                {
                    throw new AuroraRestoreException(
                        BackupErrorIds.TableChangedDuringBackup, FailureCategory.ResourceBusy, tableName,
                        $"Table {tableName} changed while it was being backed up, {attempt} times: no backup could be proved to match a checksum.",
                        "Stop the writers first (no restore running: Get-RestorePipeline shows InProgressOperations), then run Backup-RestoreState again.");
                }

                log.Warning($"Table {tableName} changed during its backup; taking it again (attempt {attempt + 1} of {BackupAttempts}).");
            }
        }

        /// <summary>A table's entry in the manifest: its backup, its schema as it was backed up, and what the backup holds.</summary>
        private static ManifestTable ManifestTableOf(string role, string tableName, TableDescription description, string arn, string backupName, TableChecksum backedUp)
            => new ManifestTable
            {
                Role = role,
                TableName = tableName,
                BackupArn = arn,
                BackupName = backupName,
                KeySchema = DynamoTableBackups.KeySchemaOf(description),
                Indexes = DynamoTableBackups.IndexesOf(description),
                BillingMode = DynamoTableBackups.BillingModeOf(description),
                ItemCount = backedUp.ItemCount,
                Checksum = backedUp.ToString(),
            };

        /// <summary>
        /// Backs a table up and proves the backup in one pass: the table is read, backed up, the backup restored into a
        /// scratch table and read; only when both reads agree did the backup (taken between them) see exactly those
        /// items, and restore to them. A table that changed meanwhile is backed up again.
        /// </summary>
        private async Task<(ManifestTable Table, BackupCheck Check)> BackupAndRestoreTableAsync(string role, string tableName, string setName, CancellationToken cancellationToken)
        {
            var description = await tables.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
            var backupName = setName + "-" + tableName;
            for (var attempt = 1; ; attempt++)
            {
                var before = await TableChecksum.OfTableAsync(aws.DynamoDb, tableName, scanSegments, log, cancellationToken).ConfigureAwait(false);
                var arn = await tables.CreateBackupAsync(tableName, backupName, cancellationToken).ConfigureAwait(false);
                var scratch = ScratchName(tableName, "verify", Guid.NewGuid().ToString("N").Substring(0, 8));
                TableChecksum restored;
                try
                {
                    log.Verbose($"Restoring {tableName}'s backup into a scratch table");
                    await tables.RestoreToScratchAsync(arn, scratch, cancellationToken).ConfigureAwait(false);
                    restored = await TableChecksum.OfTableAsync(aws.DynamoDb, scratch, scanSegments, log, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    await DropScratchAsync(scratch).ConfigureAwait(false);
                }

                if (before.Equals(restored))
                {
                    log.Verbose($"Table {tableName}: backup {arn}, {before.ItemCount} items, checksum {before.Digest}, restored and compared");
                    var table = ManifestTableOf(role, tableName, description, arn, backupName, before);
                    return (table, Passed(setName, "table " + tableName + " restorable", tableName, $"restored into {scratch}: {restored.ItemCount} items, checksum {restored.Digest}"));
                }

                await tables.DeleteBackupAsync(arn, cancellationToken).ConfigureAwait(false);
                if (attempt >= BackupAttempts)
                {
                    throw new AuroraRestoreException(
                        BackupErrorIds.TableChangedDuringBackup, FailureCategory.ResourceBusy, tableName,
                        $"Table {tableName} changed while it was being backed up, {attempt} times: no backup could be proved to match a checksum.",
                        "Stop the writers first (no restore running: Get-RestorePipeline shows InProgressOperations), then run the command again.");
                }

                log.Warning($"Table {tableName} changed during its backup (read {before}, the backup restores {restored}); taking it again (attempt {attempt + 1} of {BackupAttempts}).");
            }
        }

        /// <summary>Exports the stacks, functions, state machine and configuration, then writes the manifest (last: a set is finished exactly when its manifest exists).</summary>
        private async Task<(BackupManifest Manifest, byte[] ManifestBytes)> WriteSetAsync(CreatePlan plan, PipelineEnvironment environment, string name, DateTimeOffset createdAt, IReadOnlyList<ManifestTable> manifestTables, CancellationToken cancellationToken)
        {
            Report("Exporting stacks, functions, state machine and configuration", 75);
            var files = await new PipelineExporter(aws, log, catalog).ExportAsync(environment, plan.Main, plan.Iam, plan.PipelineVersion, cancellationToken).ConfigureAwait(false);
            var manifestFiles = new List<ManifestFile>();
            foreach (var file in files)
            {
                await plan.Store.WriteAsync(environment.Name, name, file.Key, file.Value, cancellationToken).ConfigureAwait(false);
                manifestFiles.Add(new ManifestFile(file.Key, Sha256(file.Value), file.Value.LongLength));
            }

            var manifest = new BackupManifest
            {
                Name = name,
                Environment = environment.Name,
                Region = aws.Context.Region,
                PipelineVersion = plan.PipelineVersion,
                CreatedAt = createdAt,
                Tables = manifestTables,
                Files = manifestFiles,
            };

            var manifestBytes = manifest.ToJson();
            await plan.Store.WriteAsync(environment.Name, name, BackupFileNames.Manifest, manifestBytes, cancellationToken).ConfigureAwait(false);
            return (manifest, manifestBytes);
        }

        /// <summary>The environment's tables in manifest order: state, then audit.</summary>
        private static (string Role, string Table)[] RolesOf(PipelineEnvironment environment)
            => new[] { (ManifestTable.StateRole, environment.StateTableName), (ManifestTable.AuditRole, environment.AuditTableName) };

        private async Task<BackupCheck> VerifyFileAsync(IBackupStore store, BackupManifest manifest, ManifestFile file, CancellationToken cancellationToken)
        {
            var name = "file " + file.Name + " sha256";
            var content = await store.ReadAsync(manifest.Environment, manifest.Name, file.Name, cancellationToken).ConfigureAwait(false);
            if (content == null)
            {
                return Failed(manifest.Name, name, file.Name, BackupErrorIds.BackupFileMissing, $"{file.Name} is listed in the manifest but is not in the set.");
            }

            var actual = Sha256(content);
            return actual == file.Sha256
                ? Passed(manifest.Name, name, file.Name, $"{content.LongLength} bytes, sha256 {actual}")
                : Failed(manifest.Name, name, file.Name, BackupErrorIds.BackupFileTampered, $"{file.Name} has sha256 {actual} ({content.LongLength} bytes); the manifest says {file.Sha256} ({file.Size} bytes): it was changed after the backup.");
        }

        private async Task<BackupCheck> VerifyTableAsync(BackupManifest manifest, ManifestTable table, CancellationToken cancellationToken)
        {
            var name = "table " + table.TableName + " restorable";
            var backup = await tables.DescribeBackupAsync(table.BackupArn, cancellationToken).ConfigureAwait(false);
            if (backup?.BackupDetails?.BackupStatus != BackupStatus.AVAILABLE)
            {
                return Failed(manifest.Name, name, table.TableName, BackupErrorIds.BackupTableMissing, backup == null
                    ? $"The DynamoDB backup {table.BackupArn} does not exist (deleted, or in another account or region)."
                    : $"The DynamoDB backup {table.BackupArn} is {backup.BackupDetails.BackupStatus?.Value}, not AVAILABLE.");
            }

            var scratch = ScratchName(table.TableName, "verify", Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                await tables.RestoreToScratchAsync(table.BackupArn, scratch, cancellationToken).ConfigureAwait(false);
                var checksum = await TableChecksum.OfTableAsync(aws.DynamoDb, scratch, scanSegments, log, cancellationToken).ConfigureAwait(false);
                if (checksum.ItemCount != table.ItemCount)
                {
                    return Failed(manifest.Name, name, table.TableName, BackupErrorIds.BackupItemCountMismatch, $"The backup restores {checksum.ItemCount} items; the manifest says {table.ItemCount}.");
                }

                if (checksum.ToString() != table.Checksum)
                {
                    return Failed(manifest.Name, name, table.TableName, BackupErrorIds.BackupChecksumMismatch, $"The restored items have checksum {checksum}; the manifest says {table.Checksum}.");
                }

                return Passed(manifest.Name, name, table.TableName, $"restored into {scratch}: {checksum.ItemCount} items, checksum {checksum.Digest}");
            }
            finally
            {
                await DropScratchAsync(scratch).ConfigureAwait(false);
            }
        }

        private async Task<IReadOnlyList<ManifestTable>> ValidateRestoreAsync(BackupManifest manifest, string? tableName, CancellationToken cancellationToken)
        {
            var chosen = tableName == null ? manifest.Tables.ToList() : manifest.Tables.Where(t => t.TableName == tableName).ToList();
            if (chosen.Count == 0)
            {
                throw new AuroraRestoreException(
                    BackupErrorIds.BackupTableNotInSet, FailureCategory.InvalidArgument, tableName,
                    $"Backup set {manifest.Name} has no table {tableName}; it holds {string.Join(" and ", manifest.Tables.Select(t => t.TableName))}.",
                    "Pass -Table with one of those names, or leave it out to restore every table of the set.");
            }

            foreach (var table in chosen)
            {
                var live = await tables.DescribeTableAsync(table.TableName, cancellationToken).ConfigureAwait(false);
                var liveKeys = string.Join(", ", DynamoTableBackups.KeySchemaOf(live));
                var backupKeys = string.Join(", ", table.KeySchema);
                if (liveKeys != backupKeys)
                {
                    throw new AuroraRestoreException(
                        BackupErrorIds.BackupKeySchemaMismatch, FailureCategory.InvalidData, table.TableName,
                        $"Table {table.TableName} has the key ({liveKeys}); the backup's items have the key ({backupKeys}).",
                        "Restore into a table with the backup's key schema (the pipeline's tables keep theirs in every version).");
                }

                var backup = await tables.DescribeBackupAsync(table.BackupArn, cancellationToken).ConfigureAwait(false);
                if (backup?.BackupDetails?.BackupStatus != BackupStatus.AVAILABLE)
                {
                    throw new AuroraRestoreException(
                        BackupErrorIds.BackupTableMissing, FailureCategory.ObjectNotFound, table.BackupArn,
                        $"The DynamoDB backup {table.BackupArn} of {table.TableName} is {(backup == null ? "gone" : backup.BackupDetails.BackupStatus?.Value)}.",
                        "Use another backup set (Get-RestoreStateBackup lists them with their status).");
                }
            }

            return chosen;
        }

        private async Task<TableRestoreOutcome> RestoreTableAsync(ControlTable control, BackupManifest manifest, ManifestTable table, RestoreProgress progress, CancellationToken cancellationToken)
        {
            var scratch = progress.ScratchTable ?? ScratchName(table.TableName, "restore", Sha256(Encoding.UTF8.GetBytes(table.BackupArn)).Substring(0, 8));
            if (progress.Phase != RestoreProgress.Converged)
            {
                progress = await progress.With(RestoreProgress.Converging, scratch).SaveAsync(control, cancellationToken).ConfigureAwait(false);
                await tables.RestoreToScratchAsync(table.BackupArn, scratch, cancellationToken).ConfigureAwait(false);
                var restored = await TableChecksum.OfTableAsync(aws.DynamoDb, scratch, scanSegments, log, cancellationToken).ConfigureAwait(false);
                if (restored.ToString() != table.Checksum)
                {
                    // Before the live table is touched: the backup itself does not hold what the manifest says.
                    await DropScratchAsync(scratch).ConfigureAwait(false);
                    throw new AuroraRestoreException(
                        restored.ItemCount != table.ItemCount ? BackupErrorIds.BackupItemCountMismatch : BackupErrorIds.BackupChecksumMismatch,
                        FailureCategory.InvalidData, table.BackupArn,
                        $"The backup of {table.TableName} restores to {restored}; the manifest says {table.Checksum}. {table.TableName} was not changed.",
                        "Run Test-RestoreStateBackup on the set, and restore from another set.");
                }

                var keys = table.KeySchema.Select(k => k.AttributeName).ToList();
                var (deleted, put) = await new TableItemConverger(aws.DynamoDb, log).ConvergeAsync(table.TableName, scratch, keys, cancellationToken).ConfigureAwait(false);
                log.Verbose($"{table.TableName}: {deleted} items deleted, {put} items put back");
            }

            var after = await TableChecksum.OfTableAsync(aws.DynamoDb, table.TableName, scanSegments, log, cancellationToken).ConfigureAwait(false);
            if (after.ToString() != table.Checksum)
            {
                throw new AuroraRestoreException(
                    BackupErrorIds.RestoreVerificationFailed, FailureCategory.InvalidResult, table.TableName,
                    $"After the restore {table.TableName} reads {after}, not the backup's {table.Checksum}: something wrote to it meanwhile.",
                    "Stop the writers (no restore operation running), then run Restore-RestoreState again: it carries on and converges again.");
            }

            progress = await progress.With(RestoreProgress.Converged, scratch).SaveAsync(control, cancellationToken).ConfigureAwait(false);
            await tables.DeleteTableAsync(scratch, cancellationToken).ConfigureAwait(false);
            await progress.DeleteAsync(control, cancellationToken).ConfigureAwait(false);
            return new TableRestoreOutcome { TableName = table.TableName, ChecksumBefore = progress.ChecksumBefore, ChecksumAfter = after.ToString(), MatchesBackup = true };
        }

        private async Task<BackupManifest> ReadManifestAsync(IBackupStore store, string environment, string name, CancellationToken cancellationToken)
        {
            var bytes = await store.ReadAsync(environment, name, BackupFileNames.Manifest, cancellationToken).ConfigureAwait(false);
            if (bytes != null)
            {
                return ParseManifest(bytes, store, environment, name);
            }

            if ((await store.ListFilesAsync(environment, name, cancellationToken).ConfigureAwait(false)).Count > 0)
            {
                throw BackupManifest.Invalid(store.SetLocation(environment, name), $"{BackupFileNames.Manifest} is missing: the set was never finished");
            }

            throw new AuroraRestoreException(
                BackupErrorIds.BackupNotFound, FailureCategory.ObjectNotFound, name,
                $"There is no backup set {name} of environment '{environment}' at {store}.",
                "Get-RestoreStateBackup lists the sets at a location; check -Name, -Environment and -Path or -Bucket.");
        }

        private static BackupManifest ParseManifest(byte[] bytes, IBackupStore store, string environment, string name)
        {
            var where = store.SetLocation(environment, name) + "/" + BackupFileNames.Manifest;
            var manifest = BackupManifest.Parse(bytes, where);
            if (manifest.Name != name || manifest.Environment != environment)
            {
                throw BackupManifest.Invalid(where, $"it describes set {manifest.Name} of environment '{manifest.Environment}', not {name} of '{environment}'");
            }

            return manifest;
        }

        /// <summary>Incomplete when a part is gone; otherwise what the last verification of this very manifest found.</summary>
        private async Task<(string Status, DateTimeOffset? VerifiedAt)> StatusOfAsync(IBackupStore store, BackupManifest manifest, CancellationToken cancellationToken)
        {
            var present = new HashSet<string>(await store.ListFilesAsync(manifest.Environment, manifest.Name, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
            var missing = manifest.Files.Select(f => f.Name).Where(f => !present.Contains(f)).ToList();
            foreach (var table in manifest.Tables)
            {
                var backup = await tables.DescribeBackupAsync(table.BackupArn, cancellationToken).ConfigureAwait(false);
                if (backup?.BackupDetails?.BackupStatus != BackupStatus.AVAILABLE)
                {
                    missing.Add("backup of " + table.TableName);
                }
            }

            if (missing.Count > 0)
            {
                log.Verbose($"Set {manifest.Name} is incomplete: {string.Join(", ", missing)} missing");
                return (StatusIncomplete, null);
            }

            var recorded = await store.ReadAsync(manifest.Environment, manifest.Name, BackupFileNames.Verification, cancellationToken).ConfigureAwait(false);
            var manifestBytes = await store.ReadAsync(manifest.Environment, manifest.Name, BackupFileNames.Manifest, cancellationToken).ConfigureAwait(false);
            if (recorded == null || manifestBytes == null)
            {
                return (StatusUnverified, null);
            }

            try
            {
                var verification = JsonNode.Parse(recorded) as JsonObject;
                if ((string?)verification?["manifest_sha256"] != BackupManifest.Sha256Of(manifestBytes))
                {
                    return (StatusUnverified, null);
                }

                DateTimeOffset.TryParse((string?)verification!["verified_at"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var verifiedAt);
                return ((bool?)verification["passed"] == true ? StatusVerified : StatusVerificationFailed, verifiedAt);
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is FormatException)
            {
                return (StatusUnverified, null);
            }
        }

        private async Task RecordVerificationAsync(IBackupStore store, BackupManifest manifest, byte[] manifestBytes, BackupVerification verification, CancellationToken cancellationToken)
        {
            var document = new JsonObject
            {
                ["verified_at"] = clock().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["manifest_sha256"] = BackupManifest.Sha256Of(manifestBytes),
                ["passed"] = verification.Passed,
                ["checks"] = new JsonArray(verification.Checks.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["passed"] = c.Passed, ["error_id"] = c.ErrorId, ["detail"] = c.Detail }).ToArray()),
            };
            await store.WriteAsync(manifest.Environment, manifest.Name, BackupFileNames.Verification, BackupJson.Serialize(document), cancellationToken).ConfigureAwait(false);
        }

        private IBackupStore StoreOf(RestoreStateBackup backup)
            => BackupStores.For(BackupStores.LocationOfSet(backup.Location, backup.Environment, backup.Name), aws, log);

        /// <summary>Scratch tables are removed even when the work failed or was cancelled.</summary>
        private async Task DropScratchAsync(string scratch)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
                await tables.DeleteTableAsync(scratch, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuroraRestoreException || ex is Amazon.Runtime.AmazonServiceException || ex is OperationCanceledException)
            {
                log.Warning($"Could not delete the scratch table {scratch}: {ex.Message}. Delete it yourself (aws dynamodb delete-table --table-name {scratch}).");
            }
        }

        private static string ScratchName(string tableName, string purpose, string suffix)
        {
            var name = $"{tableName}-{purpose}-{suffix}";
            return name.Length <= 255 ? name : tableName.Substring(0, 255 - purpose.Length - suffix.Length - 2) + "-" + purpose + "-" + suffix;
        }

        private static RestoreStateBackup ToBackup(BackupManifest manifest, string location, string status, DateTimeOffset? verifiedAt) => new RestoreStateBackup
        {
            Name = manifest.Name,
            Environment = manifest.Environment,
            Region = manifest.Region,
            PipelineVersion = manifest.PipelineVersion,
            CreatedAt = manifest.CreatedAt,
            Location = location,
            Status = status,
            VerifiedAt = verifiedAt,
            Tables = manifest.Tables.Select(t => new TableBackup
            {
                TableName = t.TableName,
                BackupArn = t.BackupArn,
                ItemCount = t.ItemCount,
                Checksum = t.Checksum,
                KeySchema = t.KeySchema.Select(k => k.ToString()).ToList(),
                Indexes = t.Indexes.Select(i => i.IndexName).ToList(),
                BillingMode = t.BillingMode,
            }).ToList(),
            Files = manifest.Files.ToDictionary(f => f.Name, f => f.Sha256, StringComparer.Ordinal),
        };

        private static BackupCheck Passed(string backup, string name, string target, string detail)
            => new BackupCheck { BackupName = backup, Name = name, Target = target, Passed = true, Detail = detail };

        private static BackupCheck Failed(string backup, string name, string target, string errorId, string detail)
            => new BackupCheck { BackupName = backup, Name = name, Target = target, Passed = false, ErrorId = errorId, Detail = detail };

        private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

        private void Report(string status, int percent, string activity = "Backup-RestoreState")
        {
            log.Verbose(status);
            log.Progress(new ProgressReport(ProgressId, activity, status, percent));
        }

        private sealed class CreatePlan
        {
            public CreatePlan(IBackupStore store, StackDescription main, StackDescription iam, string pipelineVersion)
            {
                Store = store;
                Main = main;
                Iam = iam;
                PipelineVersion = pipelineVersion;
            }

            public IBackupStore Store { get; }

            public StackDescription Main { get; }

            public StackDescription Iam { get; }

            public string PipelineVersion { get; }
        }
    }
}
