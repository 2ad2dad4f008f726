using System.IO;
using System.Management.Automation;
using AuroraRestore.Aws;
using AuroraRestore.Backups;
using AuroraRestore.Upgrades;

namespace AuroraRestore.Cmdlets
{
    /// <summary>
    /// Shows how an environment would be upgraded to a version, changing nothing: the hops of the compatibility matrix,
    /// every step in order with what it changes, and a resource-by-resource, property-by-property diff of each stack
    /// update. -OutFile writes the plan as a reviewable JSON file for Invoke-RestoreUpgrade -Plan.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "RestoreUpgradePlan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(UpgradePlan))]
    public sealed class GetRestoreUpgradePlanCommand : PipelineCmdlet
    {
        /// <summary>The version to upgrade to: 2.0.0, 3.0.0 (or 3.0, 3.0.x).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(PipelineVersionCompleter))]
        [ValidateNotNullOrEmpty]
        public string TargetVersion { get; set; } = string.Empty;

        /// <summary>Refuse a path of several hops (1.0 to 3.0) instead of planning it through 2.0.</summary>
        [Parameter]
        public SwitchParameter NoMultiHop { get; set; }

        /// <summary>Also have CloudFormation compute a change set per stack of the first hop (created, read and deleted; real AWS only).</summary>
        [Parameter]
        public SwitchParameter UseChangeSet { get; set; }

        /// <summary>Write the plan to this JSON file, to review and apply with Invoke-RestoreUpgrade -Plan.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>The Lambda packages the upgrade would deploy (a folder, or one zip); default: the module's own.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LambdaPackagePath { get; set; }

        protected override void ProcessRecordCore()
        {
            var env = PipelineEnvironment;
            var packages = new LambdaPackageResolver(LambdaPackagePath == null ? null : GetUnresolvedProviderPathFromPSPath(LambdaPackagePath));
            var useChangeSet = UseChangeSet.IsPresent && ShouldProcess($"stacks {env.IamStackName} and {env.MainStackName}", "Create, read and delete a preview change set");
            using var aws = new AwsClients(AwsContext);
            using var services = UpgradeServices.From(aws, new BackupService(aws, AwsContext.Log), new RunnerStateMigrator(aws.DynamoDb, AwsContext.Log));
            var plan = Run(token => new UpgradePlanner(services).PlanAsync(env, TargetVersion, !NoMultiHop, useChangeSet, packages.For, token));
            if (OutFile != null)
            {
                var path = GetUnresolvedProviderPathFromPSPath(OutFile);
                if (ShouldProcess(path, "Write the upgrade plan"))
                {
                    File.WriteAllText(path, UpgradePlanFile.ToJson(plan));
                    WriteVerbose($"Plan {plan.PlanId} written to {path}");
                }
            }

            WriteObject(plan);
        }
    }
}
