using System.Linq;
using System.Management.Automation;
using AuroraRestore.Aws;
using AuroraRestore.Pipelines;

namespace AuroraRestore.Cmdlets
{
    /// <summary>Removes an environment's pipeline, its tables and their items included. Back the state up first (Backup-RestoreState).</summary>
    [Cmdlet(VerbsCommon.Remove, "RestorePipeline", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveRestorePipelineCommand : PipelineCmdlet
    {
        /// <summary>Removes without asking for confirmation (-WhatIf still only shows what would be removed).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecordCore()
        {
            var env = PipelineEnvironment;
            using var aws = new AwsClients(AwsContext);
            var info = Run(token => new PipelineReader(aws, AwsContext.Log).ReadAsync(env, token));
            if (info.Status == "NotInstalled")
            {
                WriteVerbose($"Environment '{env.Name}' has no pipeline in {AwsContext.Region}: nothing to remove.");
                return;
            }

            var items = info.Tables.Sum(t => t.ItemCount);
            var target = $"environment '{env.Name}' in {AwsContext.Region}: pipeline {info.Version}, stacks {env.MainStackName} and {env.IamStackName}, tables with about {items} items";
            // -Force skips the confirmation prompt, never -WhatIf (which ShouldProcess answers by printing and returning false).
            var whatIf = (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value) && ((SwitchParameter)value).IsPresent)
                || LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
            if ((whatIf || !Force) && !ShouldProcess(target, "Remove pipeline and delete its tables"))
            {
                return;
            }

            Run(token => new PipelineRemover(aws, AwsContext.Log).RemoveAsync(env, token));
        }
    }
}
