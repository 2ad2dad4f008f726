using System.Collections.Generic;
using System.Linq;
using AuroraRestore.Pipelines;
using AuroraRestore.Security;

namespace AuroraRestore.Upgrades
{
    /// <summary>Every call an upgrade of one environment makes, as IAM actions on the environment's own resources.</summary>
    public static class UpgradePermissions
    {
        public static IReadOnlyList<RequiredPermission> For(PipelineEnvironment env, string partition, string region, string account, IEnumerable<string> functions)
        {
            var required = new List<RequiredPermission>();
            void Add(string resource, params string[] actions) => required.AddRange(actions.Select(a => new RequiredPermission(a, resource)));

            foreach (var stack in new[] { env.IamStackName, env.MainStackName })
            {
                Add($"arn:{partition}:cloudformation:{region}:{account}:stack/{stack}/*", "cloudformation:DescribeStacks", "cloudformation:GetTemplate", "cloudformation:UpdateStack", "cloudformation:DescribeStackEvents");
            }

            foreach (var role in new[] { env.ResourcePrefix + "-lambda-role", env.ResourcePrefix + "-states-role" })
            {
                // The IAM stack updates the roles and their policies; the main stack hands them to the functions and the state machine.
                Add($"arn:{partition}:iam::{account}:role/{role}", "iam:GetRole", "iam:PassRole", "iam:UpdateAssumeRolePolicy", "iam:GetRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:TagRole");
            }

            foreach (var function in functions.Select(env.FunctionName))
            {
                Add($"arn:{partition}:lambda:{region}:{account}:function:{function}", "lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:PublishVersion", "lambda:GetAlias", "lambda:CreateAlias", "lambda:UpdateAlias");
            }

            Add($"arn:{partition}:states:{region}:{account}:stateMachine:{env.StateMachineName}", "states:DescribeStateMachine", "states:UpdateStateMachine");
            foreach (var table in new[] { env.StateTableName, env.AuditTableName })
            {
                Add($"arn:{partition}:dynamodb:{region}:{account}:table/{table}", "dynamodb:DescribeTable", "dynamodb:UpdateTable", "dynamodb:Scan", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:BatchWriteItem", "dynamodb:CreateBackup");
            }

            Add($"arn:{partition}:dynamodb:{region}:{account}:table/{env.ControlTableName}", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query");
            var bucket = PipelineEnvironment.ArtifactBucketName(account, region);
            Add($"arn:{partition}:s3:::{bucket}", "s3:ListBucket", "s3:GetBucketLocation");
            Add($"arn:{partition}:s3:::{bucket}/*", "s3:GetObject", "s3:PutObject");
            Add($"arn:{partition}:ssm:{region}:{account}:parameter{env.ConfigurationParameterName}", "ssm:GetParameter", "ssm:PutParameter");
            Add("*", "cloudwatch:DescribeAlarms");
            Add($"arn:{partition}:cloudwatch:{region}:{account}:alarm:{env.ResourcePrefix}-*", "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms");
            return required;
        }
    }
}
