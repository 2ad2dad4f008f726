using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuroraRestore.Common;

namespace AuroraRestore.Versions
{
    /// <summary>What a deployment does to its Lambda functions, which decides the date from which AWS refuses it.</summary>
    public enum LambdaRuntimeChange
    {
        /// <summary>Creates the functions (Install-RestorePipeline, Copy-RestorePipeline, a rehearsal's copy).</summary>
        Create,

        /// <summary>Updates existing functions onto the runtime (an upgrade hop, a rollback putting a template back).</summary>
        Update,
    }

    /// <summary>
    /// The Lambda runtimes the module deploys or may find deployed, with the dates AWS announced for them: the one table
    /// of runtime lifecycle dates in the module (docs/versions.md, "Lambda runtime"). Every function of every catalog
    /// version must run on a runtime listed here (the catalog refuses to load otherwise), and every install, copy,
    /// upgrade and rollback checks the runtimes of the templates it is about to deploy against it before changing anything.
    /// </summary>
    public sealed class LambdaRuntimeLifecycle
    {
        /// <summary>Where the dates come from.</summary>
        public const string Source = "AWS Lambda Developer Guide, \"Lambda runtimes\" (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html) and \"Building Lambda functions with C#\" (https://docs.aws.amazon.com/lambda/latest/dg/lambda-csharp.html), read 2026-12-07";

        /// <summary>The error id of a deployment refused because AWS no longer accepts its runtime.</summary>
        public const string RuntimeRetiredErrorId = "LambdaRuntimeRetired";

        /// <summary>What to do when the module's own templates are refused: only a newer module can deploy a newer runtime.</summary>
        public const string NewerModuleAction = "Update the AuroraRestore module (Update-PSResource AuroraRestore): a newer release's pipeline templates run the functions on a runtime AWS still accepts. docs/versions.md (\"Lambda runtime\") lists the dates this module knows.";

        private static readonly LambdaRuntimeLifecycle[] Table =
        {
            new LambdaRuntimeLifecycle("dotnet8", "net8.0", new DateOnly(2026, 11, 10), new DateOnly(2026, 12, 10), new DateOnly(2027, 1, 11), "dotnet10"),
            new LambdaRuntimeLifecycle("dotnet10", "net10.0", new DateOnly(2028, 11, 14), new DateOnly(2028, 12, 14), new DateOnly(2029, 1, 15), null),
        };

        private LambdaRuntimeLifecycle(string runtime, string targetFramework, DateOnly deprecated, DateOnly createBlocked, DateOnly updateBlocked, string? successor)
        {
            Runtime = runtime;
            TargetFramework = targetFramework;
            Deprecated = deprecated;
            CreateBlocked = createBlocked;
            UpdateBlocked = updateBlocked;
            Successor = successor;
        }

        /// <summary>Every runtime with known dates, oldest first.</summary>
        public static IReadOnlyList<LambdaRuntimeLifecycle> Known => Table;

        /// <summary>The runtime identifier, e.g. dotnet10.</summary>
        public string Runtime { get; }

        /// <summary>The target framework a package for this runtime is built for (the Lambda host's, e.g. net10.0).</summary>
        public string TargetFramework { get; }

        /// <summary>No more security patches; AWS still accepts creates and updates.</summary>
        public DateOnly Deprecated { get; }

        /// <summary>From this date AWS refuses to create functions on the runtime.</summary>
        public DateOnly CreateBlocked { get; }

        /// <summary>From this date AWS refuses to update functions on (or onto) the runtime; moving off it stays possible.</summary>
        public DateOnly UpdateBlocked { get; }

        /// <summary>The runtime the module moves to next, if one is known.</summary>
        public string? Successor { get; }

        public static bool TryGet(string runtime, [MaybeNullWhen(false)] out LambdaRuntimeLifecycle lifecycle)
        {
            lifecycle = Table.FirstOrDefault(r => r.Runtime == runtime);
            return lifecycle != null;
        }

        /// <summary>The first day AWS refuses <paramref name="change"/> on this runtime.</summary>
        public DateOnly BlockedFrom(LambdaRuntimeChange change) => change == LambdaRuntimeChange.Create ? CreateBlocked : UpdateBlocked;

        /// <summary>The runtime of every <c>AWS::Lambda::Function</c> of a JSON template, by logical id (ordinal order).</summary>
        /// <exception cref="AuroraRestoreException">TemplateNotJson when the body is not a JSON object.</exception>
        public static IReadOnlyList<KeyValuePair<string, string>> FunctionRuntimes(string templateBody, string templateName)
        {
            JsonObject? template = null;
            try
            {
                template = JsonNode.Parse(templateBody) as JsonObject;
            }
            catch (JsonException)
            {
                // Reported below.
            }

            if (template == null)
            {
                throw new AuroraRestoreException(
                    "TemplateNotJson", FailureCategory.InvalidData, templateName,
                    $"The template {templateName} is not a JSON object: the module reads the Lambda runtimes of JSON templates only (the ones it deploys).",
                    "Deploy the pipeline's templates as the module ships them (Install-RestorePipeline), or convert this one to JSON.");
            }

            var runtimes = new List<KeyValuePair<string, string>>();
            foreach (var resource in (template["Resources"] as JsonObject ?? new JsonObject()).OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                if (resource.Value is JsonObject body && Text(body["Type"]) == "AWS::Lambda::Function")
                {
                    runtimes.Add(new KeyValuePair<string, string>(resource.Key, Text((body["Properties"] as JsonObject)?["Runtime"]) ?? string.Empty));
                }
            }

            return runtimes;
        }

        /// <summary>
        /// Refuses a deployment of <paramref name="templateBody"/> that AWS no longer accepts on <paramref name="today"/>:
        /// functions created on a runtime past its <see cref="CreateBlocked"/> date, or updated onto one past its
        /// <see cref="UpdateBlocked"/> date. Returns one warning per deprecated runtime AWS still accepts, and per runtime
        /// without known dates.
        /// </summary>
        /// <param name="templateBody">The template about to be deployed (JSON).</param>
        /// <param name="templateName">The template's name, for messages: "2.0.0/main.template.json".</param>
        /// <param name="change">Whether the deployment creates the functions or updates them.</param>
        /// <param name="today">Now, from the caller's clock (tests set it).</param>
        /// <param name="operation">What deploys it, for the message: "Installing 2.0.0 into 'staging'".</param>
        /// <param name="recommendedAction">What to do instead, for the error record.</param>
        /// <exception cref="AuroraRestoreException">LambdaRuntimeRetired (InvalidOperation), naming the runtime, the date and the functions.</exception>
        public static IReadOnlyList<string> Require(string templateBody, string templateName, LambdaRuntimeChange change, DateTimeOffset today, string operation, string recommendedAction)
        {
            var day = DateOnly.FromDateTime(today.UtcDateTime);
            var warnings = new List<string>();
            foreach (var group in FunctionRuntimes(templateBody, templateName).GroupBy(f => f.Value, StringComparer.Ordinal))
            {
                var functions = group.Select(f => f.Key).ToList();
                var named = $"{functions.Count} function(s) ({string.Join(", ", functions.Take(3))}{(functions.Count > 3 ? ", ..." : string.Empty)})";
                if (!TryGet(group.Key, out var lifecycle))
                {
                    warnings.Add($"{operation} deploys {named} on runtime '{group.Key}', for which the module knows no lifecycle dates; it cannot tell whether AWS still accepts it.");
                    continue;
                }

                var blocked = lifecycle.BlockedFrom(change);
                if (day >= blocked)
                {
                    var verb = change == LambdaRuntimeChange.Create ? "creating" : "updating";
                    throw new AuroraRestoreException(
                        RuntimeRetiredErrorId, FailureCategory.InvalidOperation, lifecycle.Runtime,
                        $"{operation} would {(change == LambdaRuntimeChange.Create ? "create" : "update")} {named} on the Lambda runtime {lifecycle.Runtime}, and AWS refuses {verb} {lifecycle.Runtime} functions since {Day(blocked)} (deprecated {Day(lifecycle.Deprecated)}; creates blocked from {Day(lifecycle.CreateBlocked)}, updates from {Day(lifecycle.UpdateBlocked)}). Nothing was changed.",
                        recommendedAction);
                }

                if (day >= lifecycle.Deprecated)
                {
                    warnings.Add($"{operation} deploys {named} on the Lambda runtime {lifecycle.Runtime}, deprecated since {Day(lifecycle.Deprecated)}: AWS refuses to create {lifecycle.Runtime} functions from {Day(lifecycle.CreateBlocked)} and to update them from {Day(lifecycle.UpdateBlocked)}{(lifecycle.Successor == null ? string.Empty : $"; its successor is {lifecycle.Successor}")}.");
                }
            }

            return warnings;
        }

        public override string ToString() => $"{Runtime} (deprecated {Day(Deprecated)}, create blocked {Day(CreateBlocked)}, update blocked {Day(UpdateBlocked)})";

        private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }
}
