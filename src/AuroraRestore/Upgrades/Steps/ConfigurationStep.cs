using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using AuroraRestore.Common;
using AuroraRestore.Configuration;
using AuroraRestore.Migrations;
using AuroraRestore.Versions;

namespace AuroraRestore.Upgrades.Steps
{
    /// <summary>
    /// Converts the configuration document to the hop's format with the migrations' configuration edge (format 1 → 2 on
    /// 2.0→3.0), validates the result completely, and stores it canonically. The previous document is journaled first
    /// (configuration documents hold names and ids only, never secret values).
    /// </summary>
    internal sealed class ConfigurationStep : UpgradeStep
    {
        public override string Name => UpgradeStepNames.Configuration;

        public override async Task<string> RunAsync(UpgradeStepContext context, UpgradeHop? hop, JournalEntry entry, CancellationToken cancellationToken)
        {
            var target = context.Catalog.Get(hop!.To);
            var name = context.Environment.ConfigurationParameterName;
            string stored;
            try
            {
                stored = (await context.Services.Ssm.GetParameterAsync(new GetParameterRequest { Name = name }, cancellationToken).ConfigureAwait(false)).Parameter.Value;
            }
            catch (ParameterNotFoundException)
            {
                entry.Set("previous_configuration_absent", "true");
                return $"no configuration stored at {name}: nothing to convert";
            }

            JsonObject document;
            try
            {
                document = JsonNode.Parse(stored) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException ex)
            {
                throw new AuroraRestoreException(
                    MigrationErrorIds.ConfigurationInvalid, FailureCategory.InvalidData, name,
                    $"The configuration at {name} is not a JSON object ({ex.Message}): it cannot be converted.",
                    "Fix the document in Parameter Store (docs/formats/configuration.md), then run the upgrade again.", ex);
            }

            var format = ConfigurationSchema.FormatOf(document);
            if (!entry.Has("previous_configuration"))
            {
                entry.Set("previous_configuration", stored);
                entry.Set("previous_configuration_format", format);
                await context.Journal.SaveAsync(entry, cancellationToken).ConfigureAwait(false);
            }

            if (format == target.ConfigFormat)
            {
                return $"{name} already in format {format}";
            }

            foreach (var edge in MigrationCatalog.Default.PathBetween(hop.From, hop.To).Steps.Where(s => s.Direction == MigrationDirection.Up).Select(s => s.Edge.Configuration).Where(e => e != null))
            {
                document = edge!.Up(document);
            }

            var converted = PipelineConfiguration.Parse(document.ToJsonString(), target.ConfigFormat).ToJson();
            context.Log.Verbose($"SSM PutParameter {name} (format {target.ConfigFormat})");
            await context.Services.Ssm.PutParameterAsync(new PutParameterRequest
            {
                Name = name,
                Value = converted,
                Type = ParameterType.String,
                Overwrite = true,
            }, cancellationToken).ConfigureAwait(false);
            entry.Set("configuration_sha256", UpgradePlanFile.Sha256(converted));
            return $"{name} converted from format {format} to {target.ConfigFormat}";
        }
    }
}
