namespace AuroraRestore.Upgrades
{
    /// <summary>One difference between two CloudFormation templates: a resource, parameter or output added, removed, or one of its properties changed.</summary>
    public sealed class TemplateChange
    {
        public const string Add = "Add";
        public const string Remove = "Remove";
        public const string Modify = "Modify";

        public TemplateChange(string section, string? logicalId, string? resourceType, string action, string path, string? before, string? after)
        {
            Section = section;
            LogicalId = logicalId;
            ResourceType = resourceType;
            Action = action;
            Path = path;
            Before = before;
            After = after;
        }

        /// <summary>Resources, Parameters, Outputs, Conditions, Mappings, or Template for top-level keys.</summary>
        public string Section { get; }

        /// <summary>The resource, parameter or output; null for a top-level key.</summary>
        public string? LogicalId { get; }

        /// <summary>The resource's type (AWS::Lambda::Function), for resources.</summary>
        public string? ResourceType { get; }

        /// <summary>Add, Remove or Modify.</summary>
        public string Action { get; }

        /// <summary>The property within the entry, dotted with [index] for lists (Properties.Environment.Variables.X); empty for the whole entry.</summary>
        public string Path { get; }

        /// <summary>The value before, as compact JSON; null when added.</summary>
        public string? Before { get; }

        /// <summary>The value after, as compact JSON; null when removed.</summary>
        public string? After { get; }

        public override string ToString()
        {
            var where = LogicalId == null ? Path : $"{Section}/{LogicalId}{(ResourceType == null ? string.Empty : " (" + ResourceType + ")")}{(Path.Length == 0 ? string.Empty : " " + Path)}";
            return Action switch
            {
                Add => $"{where}: added {Shorten(After)}",
                Remove => $"{where}: removed",
                _ => $"{where}: {Shorten(Before)} -> {Shorten(After)}",
            };
        }

        private static string Shorten(string? value)
            => value == null ? "(none)" : value.Length <= 80 ? value : value.Substring(0, 77) + "...";
    }
}
