namespace AuroraRestore.Versions
{
    /// <summary>One parameter a stack template declares: what the installer must pass, may omit, or must keep on update.</summary>
    public sealed class TemplateParameter
    {
        public TemplateParameter(string name, string? defaultValue, bool noEcho)
        {
            Name = name;
            DefaultValue = defaultValue;
            NoEcho = noEcho;
        }

        public string Name { get; }

        /// <summary>The template's default, or null when the parameter is required.</summary>
        public string? DefaultValue { get; }

        public bool IsRequired => DefaultValue == null;

        /// <summary>
        /// A secret (ChatOpsWebhookUrl): CloudFormation masks it, so an update must pass UsePreviousValue to keep it,
        /// and nothing the module writes (backups, exports, logs) may contain its value.
        /// </summary>
        public bool NoEcho { get; }

        public override string ToString() => Name;
    }
}
