using System;
using System.Collections.Generic;

namespace AuroraRestore.Upgrades
{
    /// <summary>What one stack update of a plan changes: template differences, parameter changes and, with -UseChangeSet, CloudFormation's own change set.</summary>
    public sealed class StackDiff
    {
        public string StackName { get; set; } = string.Empty;

        /// <summary>"1.0.0 -> 2.0.0".</summary>
        public string Hop { get; set; } = string.Empty;

        /// <summary>Where the "before" template comes from: "deployed" (get-template) or "catalog &lt;version&gt;" for later hops.</summary>
        public string BeforeSource { get; set; } = string.Empty;

        /// <summary>SHA-256 (hex) of the template before and after.</summary>
        public string BeforeTemplateSha256 { get; set; } = string.Empty;

        public string AfterTemplateSha256 { get; set; } = string.Empty;

        public IReadOnlyList<TemplateChange> Changes { get; set; } = Array.Empty<TemplateChange>();

        public IReadOnlyList<ParameterChange> Parameters { get; set; } = Array.Empty<ParameterChange>();

        /// <summary>CloudFormation's change set ("Modify SnapshotCheckFunction AWS::Lambda::Function, replacement False"), when asked for with -UseChangeSet.</summary>
        public IReadOnlyList<string>? ChangeSet { get; set; }

        public override string ToString() => $"{StackName} [{Hop}]: {Changes.Count} template change(s)";
    }
}
