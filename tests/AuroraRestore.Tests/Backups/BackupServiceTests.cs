using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using AuroraRestore.Backups;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;
using AuroraRestore.State;
using AuroraRestore.Tests.Support;
using AuroraRestore.Versions;
using Xunit;

namespace AuroraRestore.Tests.Backups
{
    /// <summary>BackupService against moto: sets, verification, restores and refusals, each observed through the AWS CLI or a raw SDK client.</summary>
    public sealed class BackupServiceTests : IClassFixture<BackupWorld>
    {
        private readonly BackupWorld world;

        public BackupServiceTests(BackupWorld world) => this.world = world;

        [Fact]
        public async Task A_local_set_holds_both_table_backups_the_stacks_as_deployed_functions_state_machine_and_configuration()
        {
            var env = world.Install("bk-local");
            var log = new RecordingLog();
            using var aws = world.Clients(log);
            var folder = Path.Combine(world.Work, "local");
            var backup = await new BackupService(aws, log).CreateAsync(env, "bk-local-first", BackupLocation.Folder(folder), CancellationToken.None);

            // Both on-demand backups, as the AWS CLI lists them.
            var listed = AwsCli.Json(world.Moto, "dynamodb", "list-backups")!["BackupSummaries"]!.AsArray().Select(b => (string)b!["BackupArn"]!).ToList();
            Assert.Equal(2, backup.Tables.Count);
            Assert.All(backup.Tables, t => Assert.Contains(t.BackupArn, listed));
            Assert.All(backup.Tables, t => Assert.Equal("AVAILABLE", (string?)AwsCli.Json(world.Moto, "dynamodb", "describe-backup", "--backup-arn", t.BackupArn)!["BackupDescription"]!["BackupDetails"]!["BackupStatus"]));

            // Counts and checksums of what the tables hold, read by the tests' own client.
            foreach (var table in backup.Tables)
            {
                var items = world.Items(table.TableName);
                Assert.Equal(items.Count, table.ItemCount);
                Assert.Equal(TableChecksum.Of(items).ToString(), table.Checksum);
            }

            Assert.Equal(new[] { "StatusIndex" }, backup.Tables.Single(t => t.TableName == env.StateTableName).Indexes);
            Assert.Equal(new[] { "operation_id S HASH", "timestamp S RANGE" }, backup.Tables.Single(t => t.TableName == env.AuditTableName).KeySchema);
            Assert.Equal("2.0.0", backup.PipelineVersion);
            Assert.Equal(BackupService.StatusUnverified, backup.Status);

            var set = Path.Combine(folder, env.Name, "bk-local-first");
            Assert.Equal(set, backup.Location);

            // The templates are exactly what get-template returns (and what was deployed).
            var v = PipelineVersionCatalog.Default.Get("2.0.0");
            var mainTemplate = File.ReadAllText(Path.Combine(set, BackupFileNames.MainStackTemplate));
            Assert.Equal(v.MainTemplateBody, mainTemplate);
            Assert.True(JsonNode.DeepEquals(AwsCli.Json(world.Moto, "cloudformation", "get-template", "--stack-name", env.MainStackName)!["TemplateBody"], JsonNode.Parse(mainTemplate)));
            Assert.True(JsonNode.DeepEquals(AwsCli.Json(world.Moto, "cloudformation", "get-template", "--stack-name", env.IamStackName)!["TemplateBody"], JsonNode.Parse(File.ReadAllText(Path.Combine(set, BackupFileNames.IamStackTemplate)))));

            // Parameters, tags and outputs; the NoEcho secret masked.
            var main = JsonNode.Parse(File.ReadAllText(Path.Combine(set, BackupFileNames.MainStack)))!;
            var cliStack = AwsCli.Json(world.Moto, "cloudformation", "describe-stacks", "--stack-name", env.MainStackName)!["Stacks"]![0]!;
            Assert.Equal("****", (string?)main["parameters"]![PipelineStackParameters.ChatOpsWebhookUrl]);
            Assert.Equal(new[] { PipelineStackParameters.ChatOpsWebhookUrl }, main["masked_parameters"]!.AsArray().Select(n => (string)n!));
            foreach (var parameter in cliStack["Parameters"]!.AsArray().Where(p => (string)p!["ParameterKey"]! != PipelineStackParameters.ChatOpsWebhookUrl))
            {
                Assert.Equal((string?)parameter!["ParameterValue"], (string?)main["parameters"]![(string)parameter["ParameterKey"]!]);
            }

            foreach (var output in cliStack["Outputs"]!.AsArray())
            {
                Assert.Equal((string?)output!["OutputValue"], (string?)main["outputs"]![(string)output["OutputKey"]!]);
            }

            Assert.Equal("2.0.0", (string?)main["tags"]!["aurora-restore:version"]);

            // Functions: the live alias's version and code hash, the artifact location, never a presigned URL.
            var functions = JsonNode.Parse(File.ReadAllText(Path.Combine(set, BackupFileNames.Functions)))!["functions"]!.AsArray();
            Assert.Equal(v.Functions.Count, functions.Count);
            var first = functions[0]!;
            var alias = AwsCli.Json(world.Moto, "lambda", "get-alias", "--function-name", (string)first["function_name"]!, "--name", "live")!;
            Assert.Equal((string?)alias["FunctionVersion"], (string?)first["live_version"]);
            var configuration = AwsCli.Json(world.Moto, "lambda", "get-function-configuration", "--function-name", (string)first["function_name"]!, "--qualifier", (string)alias["FunctionVersion"]!)!;
            Assert.Equal((string?)configuration["CodeSha256"], (string?)first["code_sha256"]);
            Assert.Equal((string?)main["parameters"]!["ArtifactKey"], (string?)first["artifact_key"]);
            Assert.DoesNotContain("X-Amz-Signature", File.ReadAllText(Path.Combine(set, BackupFileNames.Functions)));

            // The state machine's definition and the configuration document, byte for byte.
            var machineArn = (string)main["outputs"]!["StateMachineArn"]!;
            var machine = JsonNode.Parse(File.ReadAllText(Path.Combine(set, BackupFileNames.StateMachine)))!;
            Assert.Equal((string?)AwsCli.Json(world.Moto, "stepfunctions", "describe-state-machine", "--state-machine-arn", machineArn)!["definition"], (string?)machine["definition"]);
            var storedConfiguration = (string)AwsCli.Json(world.Moto, "ssm", "get-parameter", "--name", env.ConfigurationParameterName)!["Parameter"]!["Value"]!;
            Assert.Equal(storedConfiguration, File.ReadAllText(Path.Combine(set, BackupFileNames.Configuration)));

            // Every file's SHA-256 is in the manifest; the secret is nowhere in the set, the output or the log.
            var manifest = BackupManifest.Parse(File.ReadAllBytes(Path.Combine(set, BackupFileNames.Manifest)), "test");
            foreach (var file in manifest.Files)
            {
                Assert.Equal(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(set, file.Name)))).ToLowerInvariant(), file.Sha256);
            }

            Assert.Equal(7, manifest.Files.Count);
            foreach (var file in Directory.GetFiles(set))
            {
                Assert.DoesNotContain(BackupWorld.Secret, File.ReadAllText(file));
            }

            Assert.DoesNotContain(BackupWorld.Secret, System.Text.Json.JsonSerializer.Serialize(backup));
            Assert.DoesNotContain(BackupWorld.Secret, log.AllText);

            // Owner only: the set folder and its environment folder 700, every file 600 (as stat sees them).
            Assert.Equal("700", Stat(Path.Combine(folder, env.Name)));
            Assert.Equal("700", Stat(set));
            Assert.All(Directory.GetFiles(set), f => Assert.Equal("600", Stat(f)));
        }

        [Fact]
        public async Task An_s3_set_is_written_with_server_side_encryption_and_found_again_by_name_and_listing()
        {
            var env = world.Install("bk-s3", stateItems: 5, auditItems: 5);
            var log = new RecordingLog();
            using var aws = world.Clients(log);
            var service = new BackupService(aws, log);
            var location = await service.DefaultLocationAsync(CancellationToken.None);
            var account = (string)AwsCli.Json(world.Moto, "sts", "get-caller-identity")!["Account"]!;
            Assert.Equal(PipelineEnvironment.ArtifactBucketName(account, MotoServer.DefaultRegion), location.Bucket);

            var backup = await service.CreateAsync(env, "bk-s3-one", location, CancellationToken.None);

            Assert.Equal($"s3://{location.Bucket}/backups/bk-s3/bk-s3-one/", backup.Location);
            var objects = AwsCli.Json(world.Moto, "s3api", "list-objects-v2", "--bucket", location.Bucket!, "--prefix", "backups/bk-s3/bk-s3-one/")!["Contents"]!.AsArray().Select(o => (string)o!["Key"]!).ToList();
            Assert.Contains("backups/bk-s3/bk-s3-one/manifest.json", objects);
            Assert.Equal(8, objects.Count);
            foreach (var key in objects)
            {
                Assert.Equal("AES256", (string?)AwsCli.Json(world.Moto, "s3api", "head-object", "--bucket", location.Bucket!, "--key", key)!["ServerSideEncryption"]);
            }

            var opened = await service.OpenAsync(env, "bk-s3-one", location, CancellationToken.None);
            Assert.Equal(backup.Tables.Select(t => t.Checksum), opened.Tables.Select(t => t.Checksum));
            Assert.Equal(BackupService.StatusUnverified, opened.Status);
            var listed = await service.ListAsync(env, location, CancellationToken.None);
            Assert.Equal(new[] { "bk-s3-one" }, listed.Select(b => b.Name));
        }

        [Fact]
        public async Task A_good_set_verifies_and_leaves_no_scratch_table_and_says_Verified_afterwards()
        {
            var env = world.Install("bk-verify", stateItems: 12, auditItems: 20);
            var log = new RecordingLog();
            using var aws = world.Clients(log);
            var service = new BackupService(aws, log);
            var location = BackupLocation.Folder(Path.Combine(world.Work, "verify"));
            var backup = await service.CreateAsync(env, "bk-verify-good", location, CancellationToken.None);

            var verification = await service.VerifyAsync(backup, CancellationToken.None);

            Assert.True(verification.Passed, string.Join("\n", verification.Checks.Select(c => $"{c.Name}: {c.ErrorId} {c.Detail}")));
            Assert.Equal(1 + 7 + 2, verification.Checks.Count);
            Assert.Contains(verification.Checks, c => c.Name == $"table {env.StateTableName} restorable");
            Assert.Contains(verification.Checks, c => c.Name == "file main-stack.template sha256");
            Assert.Contains(log.VerboseLines, l => l.Contains("RestoreTableFromBackup", StringComparison.Ordinal) && l.Contains(env.StateTableName + "-verify-", StringComparison.Ordinal));
            var tables = AwsCli.Json(world.Moto, "dynamodb", "list-tables")!["TableNames"]!.AsArray().Select(t => (string)t!).ToList();
            Assert.DoesNotContain(tables, t => t.Contains("-verify-", StringComparison.Ordinal));
            Assert.Equal(BackupService.StatusVerified, (await service.OpenAsync(env, "bk-verify-good", location, CancellationToken.None)).Status);
        }

        [Fact]
        public async Task A_set_taken_and_verified_in_one_pass_reads_each_live_table_once_and_takes_a_table_written_meanwhile_again()
        {
            var env = world.Install("bk-onepass", stateItems: 12, auditItems: 20);
            var log = new RecordingLog();
            using var aws = world.Clients(log);
            var service = new BackupService(aws, log);
            var folder = Path.Combine(world.Work, "onepass");
            var location = BackupLocation.Folder(folder);

            var created = await service.CreateVerifiedAsync(env, "bk-onepass-set", location, CancellationToken.None);

            var verification = created.Verification;
            Assert.True(verification.Passed, string.Join("\n", verification.Checks.Select(c => $"{c.Name}: {c.ErrorId} {c.Detail}")));
            Assert.Equal(1 + 7 + 2, verification.Checks.Count);
            Assert.Contains(verification.Checks, c => c.Name == $"table {env.AuditTableName} restorable" && c.Detail.Contains("restored into " + env.AuditTableName + "-verify-", StringComparison.Ordinal));
            Assert.Equal(BackupService.StatusVerified, created.Backup.Status);

            // What the tables hold, read by the tests' own client, is what the set records; the backups exist and are AVAILABLE.
            var listed = AwsCli.Json(world.Moto, "dynamodb", "list-backups")!["BackupSummaries"]!.AsArray().Select(b => (string)b!["BackupArn"]!).ToList();
            foreach (var table in created.Backup.Tables)
            {
                var items = world.Items(table.TableName);
                Assert.Equal(items.Count, table.ItemCount);
                Assert.Equal(TableChecksum.Of(items).ToString(), table.Checksum);
                Assert.Contains(table.BackupArn, listed);
            }

            // Each live table read once (the other read is of the restored backup); no scratch table left behind.
            foreach (var table in new[] { env.StateTableName, env.AuditTableName })
            {
                Assert.Single(log.VerboseLines, l => l.StartsWith($"DynamoDB Scan {table} segment", StringComparison.Ordinal));
                Assert.Single(log.VerboseLines, l => l.StartsWith($"DynamoDB Scan {table}-verify-", StringComparison.Ordinal));
            }

            var tables = AwsCli.Json(world.Moto, "dynamodb", "list-tables")!["TableNames"]!.AsArray().Select(t => (string)t!).ToList();
            Assert.DoesNotContain(tables, t => t.Contains("-verify-", StringComparison.Ordinal));

            // The verification is in the set, so that the set lists as Verified from then on.
            var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, env.Name, "bk-onepass-set", BackupFileNames.Verification)))!;
            Assert.True((bool)recorded["passed"]!);
            Assert.Equal(10, recorded["checks"]!.AsArray().Count);
            Assert.Equal(BackupService.StatusVerified, (await service.OpenAsync(env, "bk-onepass-set", location, CancellationToken.None)).Status);

            // A writer that strikes once, right before the state table's next backup: that backup holds an item the read did not.
            var late = BackupWorld.StateItem(99, "completed");
            var writing = new WritingLog($"DynamoDB CreateBackup {env.StateTableName} ", () => world.Seed(env.StateTableName, new[] { late }));
            var raced = await new BackupService(aws, writing).CreateVerifiedAsync(env, "bk-onepass-race", location, CancellationToken.None);

            Assert.True(raced.Verification.Passed);
            Assert.Equal(1, writing.Writes);
            Assert.Contains(writing.Warnings, w => w.Contains($"Table {env.StateTableName} changed during its backup", StringComparison.Ordinal));
            var state = raced.Backup.Tables.Single(t => t.TableName == env.StateTableName);
            var stateItems = world.Items(env.StateTableName);
            Assert.Equal(13, stateItems.Count);
            Assert.Equal(TableChecksum.Of(stateItems).ToString(), state.Checksum);

            // The backup no read matched is gone: one backup of the state table under the set's name.
            var backups = AwsCli.Json(world.Moto, "dynamodb", "list-backups", "--table-name", env.StateTableName)!["BackupSummaries"]!.AsArray();
            Assert.Equal(state.BackupArn, (string?)Assert.Single(backups, b => (string?)b!["BackupName"] == $"bk-onepass-race-{env.StateTableName}")!["BackupArn"]);
        }

        [Fact]
        public async Task An_edited_template_a_deleted_backup_a_wrong_item_count_and_a_missing_file_each_fail_their_check()
        {
            var env = world.Install("bk-tamper", stateItems: 8, auditItems: 9);
            var log = new RecordingLog();
            using var aws = world.Clients(log);
            var service = new BackupService(aws, log);
            var folder = Path.Combine(world.Work, "tamper");
            var location = BackupLocation.Folder(folder);
            var backup = await service.CreateAsync(env, "bk-tamper-set", location, CancellationToken.None);
            var set = Path.Combine(folder, env.Name, "bk-tamper-set");

            File.AppendAllText(Path.Combine(set, BackupFileNames.MainStackTemplate), " ");
            File.Delete(Path.Combine(set, BackupFileNames.Configuration));
            AwsCli.Run(world.Moto, "dynamodb", "delete-backup", "--backup-arn", backup.Tables.Single(t => t.TableName == env.AuditTableName).BackupArn);
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(set, BackupFileNames.Manifest)))!;
            manifest["tables"]!.AsArray().Single(t => (string)t!["role"]! == "state")!["item_count"] = 9;
            File.WriteAllText(Path.Combine(set, BackupFileNames.Manifest), manifest.ToJsonString());

            var verification = await service.VerifyAsync(backup, CancellationToken.None);

            Assert.False(verification.Passed);
            Assert.Equal("BackupFileTampered", verification.Checks.Single(c => c.Target == BackupFileNames.MainStackTemplate).ErrorId);
            Assert.Equal("BackupFileMissing", verification.Checks.Single(c => c.Target == BackupFileNames.Configuration).ErrorId);
            Assert.Equal("BackupTableMissing", verification.Checks.Single(c => c.Target == env.AuditTableName).ErrorId);
            Assert.Equal("BackupItemCountMismatch", verification.Checks.Single(c => c.Target == env.StateTableName).ErrorId);
            Assert.True(verification.Checks.Single(c => c.Target == BackupFileNames.Functions).Passed);
            Assert.Equal(BackupService.StatusIncomplete, (await service.OpenAsync(env, "bk-tamper-set", location, CancellationToken.None)).Status);
            var tables = AwsCli.Json(world.Moto, "dynamodb", "list-tables")!["TableNames"]!.AsArray().Select(t => (string)t!).ToList();
            Assert.DoesNotContain(tables, t => t.Contains("-verify-", StringComparison.Ordinal));

            // A manifest that is not JSON any more: one failed check, and opening the set is refused.
            File.WriteAllText(Path.Combine(set, BackupFileNames.Manifest), "{ \"format_version\": 1, ");
            var broken = await service.VerifyAsync(backup, CancellationToken.None);
            Assert.Equal("BackupManifestInvalid", Assert.Single(broken.Checks).ErrorId);
            var error = await Assert.ThrowsAsync<AuroraRestoreException>(() => service.OpenAsync(env, "bk-tamper-set", location, CancellationToken.None));
            Assert.Equal("BackupManifestInvalid", error.ErrorId);
        }

        [Fact]
        public async Task A_restore_puts_back_exactly_the_backed_up_items_keeps_the_table_and_backs_up_what_it_replaced()
        {
            var env = world.Install("bk-restore", stateItems: 40, auditItems: 30);
            var log = new RecordingLog();
            using var aws = world.Clients(log);
            var service = new BackupService(aws, log);
            var location = BackupLocation.Folder(Path.Combine(world.Work, "restore"));
            var backup = await service.CreateAsync(env, "bk-restore-set", location, CancellationToken.None);
            var expectedState = world.CliItems(env.StateTableName);
            var expectedAudit = world.CliItems(env.AuditTableName);
            var shapeBefore = Shape(env.StateTableName);

            // Later changes: items deleted, changed and added in both tables.
            Change(env);
            var changedState = world.Items(env.StateTableName);
            Assert.NotEqual(expectedState, world.CliItems(env.StateTableName));

            var result = await service.RestoreTablesAsync(backup, null, CancellationToken.None);

            Assert.Equal(expectedState, world.CliItems(env.StateTableName));
            Assert.Equal(expectedAudit, world.CliItems(env.AuditTableName));
            Assert.Equal(shapeBefore, Shape(env.StateTableName));
            Assert.All(result.Tables, t => Assert.True(t.MatchesBackup));
            Assert.Equal(backup.Tables.Select(t => t.Checksum), result.Tables.Select(t => t.ChecksumAfter));
            Assert.Equal(TableChecksum.Of(changedState).ToString(), result.Tables.Single(t => t.TableName == env.StateTableName).ChecksumBefore);

            // The replaced contents are a set of their own, so the restore can be undone.
            Assert.StartsWith("bk-restore-set-before-restore-", result.SafetyBackupName, StringComparison.Ordinal);
            var safety = await service.OpenAsync(env, result.SafetyBackupName, location, CancellationToken.None);
            Assert.Equal(TableChecksum.Of(changedState).ToString(), safety.Tables.Single(t => t.TableName == env.StateTableName).Checksum);

            // No progress record and no scratch table is left behind.
            var control = AwsCli.Json(world.Moto, "dynamodb", "scan", "--table-name", env.ControlTableName)!["Items"]!.AsArray();
            Assert.DoesNotContain(control, i => ((string)i!["pk"]!["S"]!).StartsWith("restore#", StringComparison.Ordinal));
            var tables = AwsCli.Json(world.Moto, "dynamodb", "list-tables")!["TableNames"]!.AsArray().Select(t => (string)t!).ToList();
            Assert.DoesNotContain(tables, t => t.Contains("-restore-", StringComparison.Ordinal));

            // Undo: restoring the safety set brings the changes back.
            await service.RestoreTablesAsync(safety, env.StateTableName, CancellationToken.None);
            Assert.Equal(TableChecksum.Of(changedState), TableChecksum.Of(world.Items(env.StateTableName)));
        }

        [Fact]
        public async Task A_restore_stopped_in_the_middle_of_its_writes_is_finished_by_running_it_again()
        {
            var env = world.Install("bk-resume", stateItems: 120, auditItems: 10);
            var log = new RecordingLog();
            using var aws = world.Clients(log);
            var service = new BackupService(aws, log);
            var location = BackupLocation.Folder(Path.Combine(world.Work, "resume"));
            var backup = await service.CreateAsync(env, "bk-resume-set", location, CancellationToken.None);
            var expected = world.CliItems(env.StateTableName);
            Change(env);

            // Stop the run at its first write to the live table (a killed process stops the same way: mid-converge).
            using var stop = new CancellationTokenSource();
            var stopping = new StoppingLog(line => line.Contains($"BatchWriteItem {env.StateTableName} ", StringComparison.Ordinal), stop);
            using (var stoppedAws = world.Clients(new RecordingLog()))
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new BackupService(stoppedAws, stopping).RestoreTablesAsync(backup, env.StateTableName, stop.Token));
            }

            var progress = AwsCli.Json(world.Moto, "dynamodb", "get-item", "--table-name", env.ControlTableName, "--key", $"{{\"pk\":{{\"S\":\"restore#bk-resume-set#{env.StateTableName}\"}},\"sk\":{{\"S\":\"progress\"}}}}")!["Item"]!;
            Assert.Equal("converging", (string?)progress["phase"]!["S"]);
            var safetyName = (string)progress["safety_backup"]!["S"]!;

            var result = await service.RestoreTablesAsync(backup, env.StateTableName, CancellationToken.None);

            Assert.Equal(expected, world.CliItems(env.StateTableName));
            Assert.Equal(safetyName, result.SafetyBackupName);
            Assert.Single(await service.ListAsync(env, location, CancellationToken.None), b => b.Name.StartsWith("bk-resume-set-before-restore-", StringComparison.Ordinal));
            Assert.Contains(log.VerboseLines, l => l.StartsWith("Resuming the restore of " + env.StateTableName, StringComparison.Ordinal));
        }

        [Fact]
        public async Task Bad_input_is_refused_with_its_own_error_id_before_anything_changes()
        {
            var env = world.Install("bk-bad", stateItems: 3, auditItems: 3);
            var log = new RecordingLog();
            using var aws = world.Clients(log);
            var service = new BackupService(aws, log);
            var folder = Path.Combine(world.Work, "bad");
            var location = BackupLocation.Folder(folder);
            var backup = await service.CreateAsync(env, "bk-bad-set", location, CancellationToken.None);
            var backupsBefore = BackupCount();
            var aFile = Path.Combine(world.Work, "a-file");
            File.WriteAllText(aFile, "not a folder");

            await Refused("InvalidBackupName", () => service.CreateAsync(env, "../escape", location, CancellationToken.None));
            await Refused("BackupAlreadyExists", () => service.CreateAsync(env, "bk-bad-set", location, CancellationToken.None));
            await Refused("BackupPathIsFile", () => service.CreateAsync(env, "bk-bad-other", BackupLocation.Folder(aFile), CancellationToken.None));
            await Refused("BackupBucketNotFound", () => service.CreateAsync(env, "bk-bad-other", BackupLocation.S3("no-such-bucket-" + Guid.NewGuid().ToString("N").Substring(0, 8)), CancellationToken.None));
            await Refused("PipelineNotInstalled", () => service.CreateAsync(PipelineEnvironment.Named("bk-none"), "bk-none-set", location, CancellationToken.None));
            await Refused("BackupNotFound", () => service.OpenAsync(env, "bk-bad-unknown", location, CancellationToken.None));
            await Refused("BackupTableNotInSet", () => service.RestoreTablesAsync(backup, "NoSuchTable", CancellationToken.None));
            Assert.Equal(backupsBefore, BackupCount());
            Assert.False(Directory.Exists(Path.Combine(folder, env.Name, "bk-bad-other")));
            Assert.False(Directory.Exists(Path.Combine(folder, "bk-none")));
            Assert.Equal("not a folder", File.ReadAllText(aFile));

            // A restore from a set whose table backup was deleted stops before its safety backup.
            AwsCli.Run(world.Moto, "dynamodb", "delete-backup", "--backup-arn", backup.Tables[0].BackupArn);
            await Refused("BackupTableMissing", () => service.RestoreTablesAsync(backup, null, CancellationToken.None));
            Assert.Equal(backupsBefore - 1, BackupCount());
        }

        private int BackupCount() => AwsCli.Json(world.Moto, "dynamodb", "list-backups")!["BackupSummaries"]!.AsArray().Count;

        private void Change(PipelineEnvironment env)
        {
            foreach (var key in new[] { "op-000001", "op-000002", "op-000003" })
            {
                AwsCli.Run(world.Moto, "dynamodb", "delete-item", "--table-name", env.StateTableName, "--key", $"{{\"operation_id\":{{\"S\":\"{key}\"}}}}");
            }

            world.Seed(env.StateTableName, new[] { BackupWorld.StateItem(4, "failed"), BackupWorld.StateItem(9000, "in_progress"), BackupWorld.StateItem(9001, "in_progress") });
            world.Seed(env.AuditTableName, new[] { BackupWorld.AuditItem(500) });
        }

        /// <summary>Key schema, indexes and billing mode as the AWS CLI describes the table.</summary>
        private string Shape(string table)
        {
            var description = AwsCli.Json(world.Moto, "dynamodb", "describe-table", "--table-name", table)!["Table"]!;
            return description["KeySchema"]!.ToJsonString() + " | " + description["GlobalSecondaryIndexes"]!.AsArray().Select(i => i!["IndexName"] + i["KeySchema"]!.ToJsonString() + i["Projection"]!.ToJsonString()).Aggregate((a, b) => a + b)
                + " | " + description["BillingModeSummary"]?.ToJsonString() + " | " + description["TableArn"];
        }

        private static async Task Refused(string errorId, Func<Task> action)
        {
            var error = await Assert.ThrowsAsync<AuroraRestoreException>(action);
            Assert.Equal(errorId, error.ErrorId);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
        }

        private static string Stat(string path)
        {
            var start = new ProcessStartInfo("stat", "-c %a " + path) { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output;
        }

        /// <summary>A log that runs a write the first time a line it narrates starts with a prefix: another writer at a known point of the work.</summary>
        private sealed class WritingLog : IOperationLog
        {
            private readonly string prefix;
            private readonly Action write;
            private readonly ConcurrentQueue<string> warnings = new ConcurrentQueue<string>();
            private int writes;

            public WritingLog(string prefix, Action write)
            {
                this.prefix = prefix;
                this.write = write;
            }

            public int Writes => writes;

            public IReadOnlyList<string> Warnings => warnings.ToList();

            public void Verbose(string message)
            {
                if (message.StartsWith(prefix, StringComparison.Ordinal) && Interlocked.CompareExchange(ref writes, 1, 0) == 0)
                {
                    write();
                }
            }

            public void Warning(string message) => warnings.Enqueue(message);

            public void Progress(ProgressReport report)
            {
            }
        }

        /// <summary>A log that cancels the run when a line it narrates matches: a stop at a known point of the work.</summary>
        private sealed class StoppingLog : IOperationLog
        {
            private readonly Func<string, bool> when;
            private readonly CancellationTokenSource stop;

            public StoppingLog(Func<string, bool> when, CancellationTokenSource stop)
            {
                this.when = when;
                this.stop = stop;
            }

            public void Verbose(string message)
            {
                if (when(message))
                {
                    stop.Cancel();
                }
            }

            public void Warning(string message)
            {
            }

            public void Progress(ProgressReport report)
            {
            }
        }
    }
}
