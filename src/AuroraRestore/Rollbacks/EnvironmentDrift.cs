using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.DynamoDBv2.Model;
using Amazon.SimpleSystemsManagement.Model;
using AuroraRestore.Pipelines;
using AuroraRestore.Upgrades;
using AuroraRestore.Versions;

namespace AuroraRestore.Rollbacks
{
    /// <summary>
    /// What in an environment differs from what its upgrade run's journal says the run left there: each stack's template
    /// (SHA-256), each function's <c>live</c> alias, each table's indexes and the configuration document. For a step that
    /// completed, the environment must hold its result; for one interrupted (started or failed), either what was there
    /// before it or its result. A rollback computed from the journal would otherwise undo changes made by someone else.
    /// </summary>
    public sealed class EnvironmentDrift
    {
        private readonly UpgradeServices services;
        private readonly PipelineVersionCatalog catalog;

        public EnvironmentDrift(UpgradeServices services, PipelineVersionCatalog catalog)
        {
            this.services = services;
            this.catalog = catalog;
        }

        /// <returns>One line per difference, naming the resource, what the journal expects and what is there; empty when none.</returns>
        public async Task<IReadOnlyList<string>> FindAsync(PipelineEnvironment env, IReadOnlyList<JournalEntry> journal, CancellationToken cancellationToken)
        {
            var inOrder = journal.OrderBy(e => e.Index).ToList();
            var differences = new List<string>();
            await CompareStackAsync(env.MainStackName, UpgradeStepNames.MainStack, inOrder, differences, cancellationToken).ConfigureAwait(false);
            await CompareStackAsync(env.IamStackName, UpgradeStepNames.IamStack, inOrder, differences, cancellationToken).ConfigureAwait(false);
            await CompareAliasesAsync(inOrder, differences, cancellationToken).ConfigureAwait(false);
            await CompareIndexesAsync(env, inOrder, differences, cancellationToken).ConfigureAwait(false);
            await CompareConfigurationAsync(env, inOrder, differences, cancellationToken).ConfigureAwait(false);
            return differences;
        }

        private static bool Interrupted(JournalEntry entry) => entry.Status != JournalEntry.Completed;

        private static UpgradeHop HopOf(JournalEntry entry)
        {
            var parts = (entry.Hop ?? string.Empty).Split(" -> ");
            return new UpgradeHop(parts[0], parts.Length > 1 ? parts[1] : parts[0], string.Empty, false);
        }

        private async Task CompareStackAsync(string stackName, string step, IReadOnlyList<JournalEntry> journal, List<string> differences, CancellationToken cancellationToken)
        {
            ISet<string>? expected = null;
            foreach (var entry in journal.Where(e => e.Name == step))
            {
                var previous = entry.GetString("previous_template_sha256");
                if (previous == null)
                {
                    // Killed before it recorded anything: it changed nothing.
                    continue;
                }

                var target = catalog.TryGet(HopOf(entry).To, out var version)
                    ? UpgradePlanFile.Sha256(step == UpgradeStepNames.IamStack ? version.IamTemplateBody : version.MainTemplateBody)
                    : null;
                var result = entry.GetString("template_sha256") ?? target;
                expected = Interrupted(entry)
                    ? new HashSet<string>(new[] { previous, result }.Where(s => s != null).Select(s => s!), StringComparer.OrdinalIgnoreCase)
                    : new HashSet<string>(new[] { result ?? previous }, StringComparer.OrdinalIgnoreCase);
            }

            if (expected == null)
            {
                return;
            }

            var stack = await services.CloudFormation.DescribeStackAsync(stackName, cancellationToken).ConfigureAwait(false);
            if (stack == null)
            {
                differences.Add($"stack {stackName} no longer exists");
                return;
            }

            var deployed = UpgradePlanFile.Sha256(await services.CloudFormation.GetTemplateAsync(stackName, cancellationToken).ConfigureAwait(false));
            if (!expected.Contains(deployed))
            {
                differences.Add($"stack {stackName} runs a template with SHA-256 {Short(deployed)}, the upgrade left {string.Join(" or ", expected.Select(Short))}");
            }
        }

        private async Task CompareAliasesAsync(IReadOnlyList<JournalEntry> journal, List<string> differences, CancellationToken cancellationToken)
        {
            // Per function, the versions live may be on: the latest hop that recorded anything about it decides.
            var expected = new SortedDictionary<string, ISet<string>>(StringComparer.Ordinal);
            foreach (var entry in journal.Where(e => e.Name == UpgradeStepNames.PublishVersions || e.Name == UpgradeStepNames.LiveAliases))
            {
                var previous = entry.GetMap("previous_live");
                if (entry.Name == UpgradeStepNames.PublishVersions)
                {
                    foreach (var pair in previous)
                    {
                        expected[pair.Key] = new HashSet<string>(StringComparer.Ordinal) { pair.Value };
                    }

                    continue;
                }

                var live = entry.GetMap("live");
                foreach (var pair in live)
                {
                    expected[pair.Key] = Interrupted(entry)
                        ? new HashSet<string>(StringComparer.Ordinal) { pair.Value, previous.TryGetValue(pair.Key, out var before) ? before : string.Empty }
                        : new HashSet<string>(StringComparer.Ordinal) { pair.Value };
                }
            }

            foreach (var function in expected)
            {
                var alias = await services.Lambda.GetAliasAsync(function.Key, LiveAliases.AliasName, cancellationToken).ConfigureAwait(false);
                var actual = alias?.FunctionVersion ?? string.Empty;
                if (!function.Value.Contains(actual))
                {
                    differences.Add($"{function.Key}: {LiveAliases.AliasName} is on {(actual.Length == 0 ? "no version (no alias)" : "version " + actual)}, the upgrade left it on {string.Join(" or ", function.Value.Select(v => v.Length == 0 ? "no alias" : "version " + v))}");
                }
            }
        }

        private async Task CompareIndexesAsync(PipelineEnvironment env, IReadOnlyList<JournalEntry> journal, List<string> differences, CancellationToken cancellationToken)
        {
            var schema = journal.Where(e => e.Name == UpgradeStepNames.TableSchema && e.Has("previous_schema_version")).LastOrDefault();
            if (schema == null)
            {
                return;
            }

            var target = catalog.Get(HopOf(schema).To);
            foreach (var (table, wanted, previous) in new[]
            {
                (env.StateTableName, target.StateTable.Indexes.Select(i => i.Name), schema.GetList("previous_state_indexes")),
                (env.AuditTableName, target.AuditTable.Indexes.Select(i => i.Name), schema.GetList("previous_audit_indexes")),
            })
            {
                var after = string.Join(",", wanted.OrderBy(n => n, StringComparer.Ordinal));
                var before = string.Join(",", previous.OrderBy(n => n, StringComparer.Ordinal));
                services.Log.Verbose($"DynamoDB DescribeTable {table}");
                var actual = string.Join(",", ((await services.DynamoDb.DescribeTableAsync(table, cancellationToken).ConfigureAwait(false)).Table.GlobalSecondaryIndexes
                    ?? new List<GlobalSecondaryIndexDescription>()).Select(i => i.IndexName).OrderBy(n => n, StringComparer.Ordinal));
                if (actual != after && !(Interrupted(schema) && actual == before))
                {
                    differences.Add($"{table} has the indexes [{actual}], the upgrade left [{after}]{(Interrupted(schema) ? " or [" + before + "]" : string.Empty)}");
                }
            }
        }

        private async Task CompareConfigurationAsync(PipelineEnvironment env, IReadOnlyList<JournalEntry> journal, List<string> differences, CancellationToken cancellationToken)
        {
            var entry = journal.Where(e => e.Name == UpgradeStepNames.Configuration && e.Has("previous_configuration")).LastOrDefault();
            if (entry == null)
            {
                return;
            }

            string? stored;
            try
            {
                services.Log.Verbose($"SSM GetParameter {env.ConfigurationParameterName}");
                stored = (await services.Ssm.GetParameterAsync(new GetParameterRequest { Name = env.ConfigurationParameterName }, cancellationToken).ConfigureAwait(false)).Parameter.Value;
            }
            catch (ParameterNotFoundException)
            {
                stored = null;
            }

            var previous = UpgradePlanFile.Sha256(entry.GetString("previous_configuration")!);
            var result = entry.GetString("configuration_sha256");
            var expected = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (!Interrupted(entry))
            {
                expected.Add(result ?? previous);
            }
            else
            {
                expected.Add(previous);
                if (result != null)
                {
                    expected.Add(result);
                }
                else if (catalog.TryGet(HopOf(entry).To, out _))
                {
                    // Killed between the write and its journal record: the converted document is what the step writes.
                    return;
                }
            }

            var actual = stored == null ? null : UpgradePlanFile.Sha256(stored);
            if (actual == null || !expected.Contains(actual))
            {
                differences.Add($"configuration {env.ConfigurationParameterName} {(actual == null ? "is gone" : "has SHA-256 " + Short(actual))}, the upgrade left {string.Join(" or ", expected.Select(Short))}");
            }
        }

        private static string Short(string sha) => sha.Length > 12 ? sha.Substring(0, 12) : sha;
    }
}
