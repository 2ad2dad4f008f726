using System.Threading;
using System.Threading.Tasks;

namespace AuroraRestore.Restores.Steps
{
    /// <summary>
    /// One step of the pipeline. Steps are idempotent: they read what earlier runs recorded in the operation's state
    /// and never create a second cluster, instance or copy when run again after a crash.
    /// </summary>
    public interface IRestoreStep
    {
        /// <summary>The step name (<see cref="State.StepNames"/>).</summary>
        string Name { get; }

        Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken);
    }
}
