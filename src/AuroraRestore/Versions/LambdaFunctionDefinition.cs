namespace AuroraRestore.Versions
{
    /// <summary>
    /// One Lambda function of a pipeline version as version.json declares it (the template deploys exactly this;
    /// a test holds the two together). Deployed as <c>&lt;ResourcePrefix&gt;-&lt;Name&gt;</c>.
    /// </summary>
    public sealed class LambdaFunctionDefinition
    {
        public LambdaFunctionDefinition(string name, string handler, string runtime, int memorySize, int timeoutSeconds)
        {
            Name = name;
            Handler = handler;
            Runtime = runtime;
            MemorySize = memorySize;
            TimeoutSeconds = timeoutSeconds;
        }

        /// <summary>The step name, e.g. snapshot-check.</summary>
        public string Name { get; }

        /// <summary>AuroraRestore.LambdaHost::AuroraRestore.LambdaHost.Functions::&lt;PascalCaseName&gt;.</summary>
        public string Handler { get; }

        public string Runtime { get; }

        /// <summary>Megabytes.</summary>
        public int MemorySize { get; }

        public int TimeoutSeconds { get; }

        public override string ToString() => Name;
    }
}
