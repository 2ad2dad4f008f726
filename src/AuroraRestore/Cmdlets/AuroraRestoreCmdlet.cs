using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using AuroraRestore.Aws;
using AuroraRestore.Common;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Base of every AuroraRestore cmdlet: the AWS common parameters, the resolved <see cref="Aws.AwsContext"/>,
    /// Ctrl+C as a cancellation token, and one place that turns failures into ErrorRecords.
    /// Engines are async and log from worker threads; <see cref="Run{T}"/> runs them while the pipeline thread
    /// writes their verbose, warning, progress and output messages, which PowerShell only accepts from that thread.
    /// </summary>
    public abstract class AuroraRestoreCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource cancellation = new CancellationTokenSource();
        private readonly BlockingCollection<Action> pipelineThreadWork = new BlockingCollection<Action>();
        private AwsContext? awsContext;

        /// <summary>The AWS region; defaults to AWS_REGION, AWS_DEFAULT_REGION or the profile's region.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Region { get; set; }

        /// <summary>A profile from the shared AWS credentials or config file; defaults to AWS_PROFILE.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProfileName { get; set; }

        /// <summary>An access key id (user name) and secret access key (password).</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>One endpoint for every AWS service (moto, LocalStack, a proxy); defaults to AWS_ENDPOINT_URL.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? EndpointUrl { get; set; }

        protected CancellationToken CancellationToken => cancellation.Token;

        /// <summary>The AWS context, resolved on first use (so bad settings fail before anything changes).</summary>
        protected AwsContext AwsContext => awsContext ??= AwsContext.Resolve(
            Region,
            ProfileName,
            Credential == null ? null : new BasicAWSCredentials(Credential.UserName, Credential.GetNetworkCredential().Password),
            EndpointUrl,
            new CmdletLog(this));

        protected sealed override void BeginProcessing() => Guard(BeginProcessingCore);

        protected sealed override void ProcessRecord() => Guard(ProcessRecordCore);

        protected sealed override void EndProcessing()
        {
            Guard(EndProcessingCore);

            // What the command had to retry (throttling, 5xx, dropped connections; the SDK clients' retries included):
            // the number reliability tests compare with the faults they injected, and an operator's hint of a busy account.
            if (awsContext != null && awsContext.Retry.Retries > 0)
            {
                WriteVerbose($"AWS: {awsContext.Retry.Retries} request(s) retried (throttling, server errors or dropped connections)");
            }
        }

        protected virtual void BeginProcessingCore()
        {
        }

        protected abstract void ProcessRecordCore();

        protected virtual void EndProcessingCore()
        {
        }

        protected override void StopProcessing() => cancellation.Cancel();

        /// <summary>Runs async engine work, pumping its messages onto the pipeline thread until it ends.</summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            var task = Task.Run(() => work(CancellationToken));
            while (!task.IsCompleted)
            {
                if (pipelineThreadWork.TryTake(out var action, 50))
                {
                    action();
                }
            }

            while (pipelineThreadWork.TryTake(out var remaining))
            {
                remaining();
            }

            return task.GetAwaiter().GetResult();
        }

        protected void Run(Func<CancellationToken, Task> work)
            => Run<bool>(async token =>
            {
                await work(token).ConfigureAwait(false);
                return true;
            });

        /// <summary>Writes an object from engine code running on a worker thread (inside <see cref="Run{T}"/>).</summary>
        protected void Emit(object output) => pipelineThreadWork.Add(() => WriteObject(output));

        protected static ErrorRecord ToErrorRecord(AuroraRestoreException error)
            => new ErrorRecord(error, error.ErrorId, (ErrorCategory)Enum.Parse(typeof(ErrorCategory), error.Category.ToString()), error.Target)
            {
                ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = error.RecommendedAction },
            };

        public void Dispose()
        {
            cancellation.Dispose();
            pipelineThreadWork.Dispose();
            GC.SuppressFinalize(this);
        }

        private void Guard(Action action)
        {
            try
            {
                action();
            }
            catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count == 1)
            {
                Rethrow(aggregate.InnerException!);
            }
            catch (Exception ex) when (ex is AuroraRestoreException || ex is AwsServiceException || ex is AmazonServiceException || ex is OperationCanceledException)
            {
                Rethrow(ex);
            }
        }

        private void Rethrow(Exception ex)
        {
            switch (ex)
            {
                case AuroraRestoreException known:
                    ThrowTerminatingError(ToErrorRecord(known));
                    break;
                case OperationCanceledException when cancellation.IsCancellationRequested:
                    throw new PipelineStoppedException();
                case AwsServiceException aws:
                    ThrowTerminatingError(ToErrorRecord(FromAws(aws.ErrorCode, aws.Message, aws.StatusCode, aws)));
                    break;
                case AmazonServiceException sdk:
                    ThrowTerminatingError(ToErrorRecord(FromAws(sdk.ErrorCode ?? "Unknown", sdk.Message, sdk.StatusCode, sdk)));
                    break;
                default:
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex).Throw();
                    break;
            }
        }

        /// <summary>An AWS error nobody anticipated still gets a specific id (Aws + its code) and a fitting category.</summary>
        internal static AuroraRestoreException FromAws(string code, string message, HttpStatusCode status, Exception inner)
        {
            var shortCode = code.EndsWith("Exception", StringComparison.Ordinal) ? code.Substring(0, code.Length - "Exception".Length) : code;
            FailureCategory category;
            string action;
            if (shortCode.Contains("AccessDenied") || shortCode.Contains("Unauthorized") || status == HttpStatusCode.Forbidden)
            {
                category = FailureCategory.PermissionDenied;
                action = "Grant the caller the permission named in the message, or use credentials that have it.";
            }
            else if (shortCode.Contains("NotFound") || shortCode.Contains("NoSuch") || status == HttpStatusCode.NotFound)
            {
                category = FailureCategory.ObjectNotFound;
                action = "Check the name, the -Environment and the -Region.";
            }
            else if (shortCode.Contains("Throttl") || shortCode.Contains("LimitExceeded"))
            {
                category = FailureCategory.LimitsExceeded;
                action = "Wait a little and run the command again; it resumes where it stopped.";
            }
            else if (shortCode.Contains("Validation") || shortCode.Contains("Invalid"))
            {
                category = FailureCategory.InvalidArgument;
                action = "Correct the value named in the message and run the command again.";
            }
            else
            {
                category = FailureCategory.NotSpecified;
                action = "Read the message from AWS; run again with -Verbose to see each call.";
            }

            return new AuroraRestoreException("Aws" + shortCode, category, null, message, action, inner);
        }

        /// <summary>Routes engine narration to the pipeline thread.</summary>
        private sealed class CmdletLog : IOperationLog
        {
            private readonly AuroraRestoreCmdlet owner;

            public CmdletLog(AuroraRestoreCmdlet owner) => this.owner = owner;

            public void Verbose(string message) => owner.pipelineThreadWork.Add(() => owner.WriteVerbose(message));

            public void Warning(string message) => owner.pipelineThreadWork.Add(() => owner.WriteWarning(message));

            public void Progress(ProgressReport report) => owner.pipelineThreadWork.Add(() =>
            {
                var record = new ProgressRecord(report.ActivityId, report.Activity, string.IsNullOrEmpty(report.Status) ? report.Activity : report.Status)
                {
                    PercentComplete = report.PercentComplete,
                    ParentActivityId = report.ParentActivityId,
                    RecordType = report.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
                };
                owner.WriteProgress(record);
            });
        }
    }
}
