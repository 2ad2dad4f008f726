using System;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using AuroraRestore.Aws;
using AuroraRestore.Common;
using AuroraRestore.Restores;
using AuroraRestore.State;

namespace AuroraRestore.LambdaHost
{
    /// <summary>
    /// The pipeline's Lambda functions (handler AuroraRestore.LambdaHost::AuroraRestore.LambdaHost.Functions::&lt;Method&gt;):
    /// thin wrappers that turn the state JSON into a step run by the shared engine. Stream in, stream out: no Lambda
    /// packages are needed.
    /// </summary>
    public sealed class Functions
    {
        private readonly Func<StepHandler> createHandler;

        /// <summary>The Lambda runtime's constructor: AWS settings from the function's environment.</summary>
        public Functions()
            : this(() =>
            {
                var settings = HostSettings.FromEnvironment();
                var context = AwsContext.Resolve(null, null, null, null, new ConsoleLog());
                var services = ServiceClientFactory.Create(context);
                var source = string.IsNullOrEmpty(settings.ConfigParameter) ? null : new SsmRestoreSettingsSource(context.CreateSsm());
                return new StepHandler(services, settings, source);
            })
        {
        }

        /// <summary>Tests (and other hosts) supply the handler.</summary>
        public Functions(Func<StepHandler> createHandler)
        {
            this.createHandler = createHandler;
        }

        public Stream SnapshotCheck(Stream input) => Run(StepNames.SnapshotCheck, input);

        public Stream CopySnapshot(Stream input) => Run(StepNames.CopySnapshot, input);

        public Stream CheckCopyStatus(Stream input) => Run(StepNames.CheckCopyStatus, input);

        public Stream DeleteRds(Stream input) => Run(StepNames.DeleteRds, input);

        public Stream CheckDeleteStatus(Stream input) => Run(StepNames.CheckDeleteStatus, input);

        public Stream RestoreSnapshot(Stream input) => Run(StepNames.RestoreSnapshot, input);

        public Stream CheckRestoreStatus(Stream input) => Run(StepNames.CheckRestoreStatus, input);

        public Stream SetupDbUsers(Stream input) => Run(StepNames.SetupDbUsers, input);

        public Stream VerifyRestore(Stream input) => Run(StepNames.VerifyRestore, input);

        public Stream ArchiveSnapshot(Stream input) => Run(StepNames.ArchiveSnapshot, input);

        public Stream SnsNotification(Stream input) => Run(StepNames.SnsNotification, input);

        private Stream Run(string step, Stream input)
        {
            string text;
            using (var reader = new StreamReader(input, Encoding.UTF8))
            {
                text = reader.ReadToEnd();
            }

            var state = JsonNode.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text) as JsonObject ?? new JsonObject();
            var handler = createHandler();
            // A failing step throws: the state machine's Retry/Catch (2.0+) sees the error type and message.
            var output = handler.HandleAsync(step, state, "aurora-restore-" + step, CancellationToken.None).GetAwaiter().GetResult();
            return new MemoryStream(Encoding.UTF8.GetBytes(output.ToJsonString()));
        }

        /// <summary>Narration to CloudWatch Logs (the function's standard output).</summary>
        private sealed class ConsoleLog : IOperationLog
        {
            public void Verbose(string message) => Console.WriteLine(message);

            public void Warning(string message) => Console.WriteLine("WARNING: " + message);

            public void Progress(ProgressReport report)
            {
            }
        }
    }
}
