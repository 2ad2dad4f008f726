using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuroraRestore.Common;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Versions
{
    /// <summary>
    /// Everything the module knows about one pipeline version, read from its folder under Versions/:
    /// the two stack templates, the functions, the tables' indexes, the alarms and the data formats it writes.
    /// </summary>
    public sealed class PipelineVersionDefinition
    {
        /// <summary>The tag the installer puts on both stacks (CloudFormation propagates it to their resources).</summary>
        public const string VersionTagKey = "aurora-restore:version";

        /// <summary>The output, on both stacks, naming the version they were deployed from.</summary>
        public const string VersionOutputKey = PipelineStackOutputs.PipelineVersion;

        /// <summary>The Lambda alias every Task of the state machine invokes; the module points it at the published version.</summary>
        public const string LiveAliasName = "live";

        public const string InvalidAwsLocationErrorId = "InvalidAwsLocation";

        private static readonly Regex Partition = new Regex("^aws(-[a-z]+)*$", RegexOptions.CultureInvariant);
        private static readonly Regex Region = new Regex("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$", RegexOptions.CultureInvariant);
        private static readonly Regex Account = new Regex("^[0-9]{12}$", RegexOptions.CultureInvariant);

        internal PipelineVersionDefinition(
            string version,
            string iamTemplateBody,
            string mainTemplateBody,
            IReadOnlyList<TemplateParameter> iamTemplateParameters,
            IReadOnlyList<TemplateParameter> mainTemplateParameters,
            IReadOnlyList<LambdaFunctionDefinition> functionDefinitions,
            TableSchemaDefinition stateTable,
            TableSchemaDefinition auditTable,
            IReadOnlyList<AlarmDefinition> alarms,
            int stateFormat,
            int auditFormat,
            int snsFormat,
            int configFormat,
            string notes,
            IReadOnlyList<string> breakingChanges)
        {
            Version = version;
            IamTemplateBody = iamTemplateBody;
            MainTemplateBody = mainTemplateBody;
            IamTemplateParameters = iamTemplateParameters;
            MainTemplateParameters = mainTemplateParameters;
            FunctionDefinitions = functionDefinitions;
            Functions = functionDefinitions.Select(f => f.Name).ToList();
            StateTable = stateTable;
            AuditTable = auditTable;
            Alarms = alarms;
            StateFormat = stateFormat;
            AuditFormat = auditFormat;
            SnsFormat = snsFormat;
            ConfigFormat = configFormat;
            Notes = notes;
            BreakingChanges = breakingChanges;
        }

        /// <summary>Exact version, e.g. 2.0.0.</summary>
        public string Version { get; }

        /// <summary>The migration guide's spelling, e.g. 2.0.x.</summary>
        public string Family => PipelineVersionSpelling.FamilyOf(Version);

        /// <summary>The roles (iam.template.json), byte for byte as shipped: what get-template returns after deployment.</summary>
        public string IamTemplateBody { get; }

        /// <summary>Tables, topic, functions and state machine (main.template.json), byte for byte as shipped.</summary>
        public string MainTemplateBody { get; }

        public IReadOnlyList<TemplateParameter> IamTemplateParameters { get; }

        public IReadOnlyList<TemplateParameter> MainTemplateParameters { get; }

        /// <summary>Step names of the functions, in pipeline order (snapshot-check ... sns-notification).</summary>
        public IReadOnlyList<string> Functions { get; }

        public IReadOnlyList<LambdaFunctionDefinition> FunctionDefinitions { get; }

        public TableSchemaDefinition StateTable { get; }

        public TableSchemaDefinition AuditTable { get; }

        public IReadOnlyList<AlarmDefinition> Alarms { get; }

        /// <summary>Format of the state items this version writes (docs/formats/state-items.md).</summary>
        public int StateFormat { get; }

        /// <summary>Format of the audit items this version writes (docs/formats/audit-items.md).</summary>
        public int AuditFormat { get; }

        /// <summary>Format of the SNS messages this version publishes (docs/formats/sns-messages.md).</summary>
        public int SnsFormat { get; }

        /// <summary>Format of the configuration document this version reads (docs/formats/configuration.md).</summary>
        public int ConfigFormat { get; }

        /// <summary>What changed in this version (the migration guide's breaking changes), in one paragraph.</summary>
        public string Notes { get; }

        /// <summary>The migration guide's breaking changes of this version, one per entry (none for 1.0.0).</summary>
        public IReadOnlyList<string> BreakingChanges { get; }

        /// <summary>File name of this version's Lambda package as build.ps1 produces it (module folder lambda/).</summary>
        public string LambdaPackageFileName => $"aurora-restore-lambda-{Version}.zip";

        public LambdaFunctionDefinition GetFunction(string name)
            => FunctionDefinitions.FirstOrDefault(f => f.Name == name)
               ?? throw new ArgumentException($"Pipeline {Version} has no function '{name}' (functions: {string.Join(", ", Functions)}).", nameof(name));

        /// <summary>
        /// The state machine definition the main template deploys for one environment, with the function ARNs
        /// filled in: what describe-state-machine returns once this version is deployed (a verifier compares the two).
        /// </summary>
        public string StateMachineDefinition(PipelineEnvironment env, string partition, string region, string accountId)
        {
            if (env == null)
            {
                throw new ArgumentNullException(nameof(env));
            }

            if (partition == null || !Partition.IsMatch(partition) || region == null || !Region.IsMatch(region) || accountId == null || !Account.IsMatch(accountId))
            {
                throw new AuroraRestoreException(
                    InvalidAwsLocationErrorId, FailureCategory.InvalidArgument, $"{partition}:{region}:{accountId}",
                    $"'{partition}', '{region}', '{accountId}' is not an AWS partition, region and account id.",
                    "Pass the partition (aws), the region (us-east-1) and the 12-digit account id the pipeline is deployed in.");
            }

            var document = CatalogDocument.Parse($"{Version}/main.template.json", MainTemplateBody);
            var resources = document.Object(document.Root, "Resources", "template");
            var stateMachine = resources.EnumerateObject()
                .Where(r => r.Value.TryGetProperty("Type", out var type) && type.GetString() == "AWS::StepFunctions::StateMachine")
                .Select(r => (JsonElement?)r.Value)
                .FirstOrDefault() ?? throw document.Invalid("no AWS::StepFunctions::StateMachine resource");
            var definition = Sub(document, document.Object(stateMachine, "Properties", "state machine"), "DefinitionString");

            var parameters = PipelineStackParameters.EnvironmentValues(env);
            string? Resolve(string name)
            {
                switch (name)
                {
                    case "AWS::Partition": return partition;
                    case "AWS::Region": return region;
                    case "AWS::AccountId": return accountId;
                }

                if (parameters.TryGetValue(name, out var value))
                {
                    return value;
                }

                // ${SomethingFunction.Arn}: the unqualified ARN of a function of this template.
                var dot = name.IndexOf('.');
                if (dot > 0 && name.Substring(dot + 1) == "Arn"
                    && resources.TryGetProperty(name.Substring(0, dot), out var function)
                    && function.TryGetProperty("Type", out var type) && type.GetString() == "AWS::Lambda::Function")
                {
                    var functionName = TemplateSubstitution.Render(Sub(document, document.Object(function, "Properties", name), "FunctionName"), Resolve);
                    return $"arn:{partition}:lambda:{region}:{accountId}:function:{functionName}";
                }

                return null;
            }

            try
            {
                return TemplateSubstitution.Render(definition, Resolve);
            }
            catch (FormatException ex)
            {
                throw CatalogDocument.Invalid(document.Path, "state machine DefinitionString: " + ex.Message, ex);
            }
        }

        public override string ToString() => Version;

        private static string Sub(CatalogDocument document, JsonElement properties, string property)
        {
            var value = document.Object(properties, property, property);
            return document.String(value, "Fn::Sub", property);
        }
    }
}
