namespace AuroraRestore.Security
{
    /// <summary>One IAM action a command needs on one resource (an ARN, or * where the action takes no resource).</summary>
    public sealed class RequiredPermission
    {
        public RequiredPermission(string action, string resource)
        {
            Action = action;
            Resource = resource;
        }

        /// <summary>service:Operation, e.g. cloudformation:UpdateStack.</summary>
        public string Action { get; }

        public string Resource { get; }

        public override string ToString() => $"{Action} on {Resource}";
    }
}
