using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using AuroraRestore.Aws.Protocol;
using AuroraRestore.Common;

namespace AuroraRestore.Aws.CloudFormation
{
    /// <summary>CloudFormation over the Query protocol (botocore: cloudformation/2010-05-15).</summary>
    public sealed class CloudFormationClient : QueryServiceClient, ICloudFormationClient
    {
        public static readonly AwsServiceEndpoint Endpoint = new AwsServiceEndpoint("CloudFormation", "cloudformation", "cloudformation");

        /// <summary>The largest template CloudFormation accepts inline (TemplateBody); larger ones need TemplateURL.</summary>
        public const int MaxTemplateBodyBytes = 51200;

        private static readonly Regex StackNamePattern = new Regex("^[a-zA-Z][-a-zA-Z0-9]{0,127}$", RegexOptions.CultureInvariant);
        private static readonly Regex StackNameOrIdPattern = new Regex(@"^([a-zA-Z][-a-zA-Z0-9]{0,127}|arn:(aws|aws-us-gov|aws-cn):[-a-zA-Z0-9:/._+]*)$", RegexOptions.CultureInvariant);
        private static readonly Regex ChangeSetNamePattern = new Regex("^[a-zA-Z][-a-zA-Z0-9]{0,127}$", RegexOptions.CultureInvariant);
        private static readonly HashSet<string> KnownCapabilities = new HashSet<string>(StringComparer.Ordinal)
        {
            "CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND",
        };

        public CloudFormationClient(AwsContext context)
            : base(context, Endpoint, "2010-05-15")
        {
        }

        public async Task<string> CreateStackAsync(StackRequest request, CancellationToken cancellationToken)
        {
            CheckStackRequest(request, "CreateStack", StackNamePattern);
            var query = AddStackRequest(NewRequest("CreateStack"), request).Add("ClientRequestToken", request.ClientRequestToken);
            var result = await InvokeAsync(query, Narrate(request), cancellationToken).ConfigureAwait(false);
            return Xml.Text(result, "StackId") ?? string.Empty;
        }

        public async Task<string?> UpdateStackAsync(StackRequest request, CancellationToken cancellationToken)
        {
            CheckStackRequest(request, "UpdateStack", StackNameOrIdPattern);
            var query = AddStackRequest(NewRequest("UpdateStack"), request).Add("ClientRequestToken", request.ClientRequestToken);
            try
            {
                var result = await InvokeAsync(query, Narrate(request), cancellationToken).ConfigureAwait(false);
                return Xml.Text(result, "StackId") ?? string.Empty;
            }
            catch (AwsServiceException ex) when (IsNoUpdates(ex))
            {
                // Not a failure: the deployed template and parameters already are what was asked for.
                return null;
            }
        }

        public async Task DeleteStackAsync(string stackName, CancellationToken cancellationToken)
        {
            CheckStackNameOrId(stackName, "DeleteStack");
            await InvokeAsync(NewRequest("DeleteStack").Add("StackName", stackName), stackName, cancellationToken).ConfigureAwait(false);
        }

        public async Task<StackDescription?> DescribeStackAsync(string stackName, CancellationToken cancellationToken)
        {
            CheckStackNameOrId(stackName, "DescribeStacks");
            XElement result;
            try
            {
                result = await InvokeAsync(NewRequest("DescribeStacks").Add("StackName", stackName), stackName, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (IsStackMissing(ex))
            {
                return null;
            }

            var stack = Xml.Members(result, "Stacks").FirstOrDefault();
            return stack == null ? null : ParseStack(stack);
        }

        public async Task<IReadOnlyList<StackDescription>> DescribeStacksAsync(CancellationToken cancellationToken)
        {
            var stacks = new List<StackDescription>();
            string? nextToken = null;
            do
            {
                var query = NewRequest("DescribeStacks").Add("NextToken", nextToken);
                var result = await InvokeAsync(query, stacks.Count == 0 ? "(all stacks)" : $"(all stacks, next page after {stacks.Count})", cancellationToken).ConfigureAwait(false);
                stacks.AddRange(Xml.Members(result, "Stacks").Select(ParseStack));
                nextToken = NonEmpty(Xml.Text(result, "NextToken"));
            }
            while (nextToken != null);

            return stacks;
        }

        public async Task<IReadOnlyList<StackEvent>> DescribeStackEventsAsync(string stackName, CancellationToken cancellationToken)
        {
            CheckStackNameOrId(stackName, "DescribeStackEvents");
            var events = new List<StackEvent>();
            string? nextToken = null;
            do
            {
                var query = NewRequest("DescribeStackEvents").Add("StackName", stackName).Add("NextToken", nextToken);
                var result = await InvokeAsync(query, PageNarration(stackName, events.Count), cancellationToken).ConfigureAwait(false);
                events.AddRange(Xml.Members(result, "StackEvents").Select(ParseEvent));
                nextToken = NonEmpty(Xml.Text(result, "NextToken"));
            }
            while (nextToken != null);

            return events;
        }

        public async Task<string> GetTemplateAsync(string stackName, CancellationToken cancellationToken)
        {
            CheckStackNameOrId(stackName, "GetTemplate");
            var query = NewRequest("GetTemplate").Add("StackName", stackName).Add("TemplateStage", "Original");
            var result = await InvokeAsync(query, stackName, cancellationToken).ConfigureAwait(false);
            return Xml.Text(result, "TemplateBody") ?? string.Empty;
        }

        /// <returns>The keys of the parameters the template declares.</returns>
        public async Task<IReadOnlyList<string>> ValidateTemplateAsync(string templateBody, CancellationToken cancellationToken)
        {
            CheckTemplateBody(templateBody, "ValidateTemplate");
            var query = NewRequest("ValidateTemplate").Add("TemplateBody", templateBody);
            var result = await InvokeAsync(query, $"({Encoding.UTF8.GetByteCount(templateBody)} bytes)", cancellationToken).ConfigureAwait(false);
            return Xml.Members(result, "Parameters").Select(p => Xml.Text(p, "ParameterKey") ?? string.Empty).ToList();
        }

        public async Task<string> CreateChangeSetAsync(StackRequest request, string changeSetName, CancellationToken cancellationToken)
        {
            CheckStackRequest(request, "CreateChangeSet", StackNameOrIdPattern);
            CheckChangeSetName(changeSetName, "CreateChangeSet");
            var query = AddStackRequest(NewRequest("CreateChangeSet"), request).Add("ChangeSetName", changeSetName);
            var result = await InvokeAsync(query, $"{changeSetName} {Narrate(request)}", cancellationToken).ConfigureAwait(false);
            return Xml.Text(result, "Id") ?? string.Empty;
        }

        public async Task<ChangeSetDescription> DescribeChangeSetAsync(string stackName, string changeSetName, CancellationToken cancellationToken)
        {
            CheckStackNameOrId(stackName, "DescribeChangeSet");
            RequestGuard.Length(changeSetName, "ChangeSetName", "DescribeChangeSet", 1, 1600);
            var description = new ChangeSetDescription();
            string? nextToken = null;
            do
            {
                var query = NewRequest("DescribeChangeSet").Add("ChangeSetName", changeSetName).Add("StackName", stackName).Add("NextToken", nextToken);
                var result = await InvokeAsync(query, $"{stackName} {changeSetName}", cancellationToken).ConfigureAwait(false);
                description.Status = Xml.Text(result, "Status") ?? string.Empty;
                description.StatusReason = Xml.Text(result, "StatusReason");
                description.ExecutionStatus = Xml.Text(result, "ExecutionStatus");
                foreach (var change in Xml.Members(result, "Changes"))
                {
                    var resource = Xml.Child(change, "ResourceChange");
                    if (resource == null)
                    {
                        // Hook invocations carry no resource change: nothing to plan from.
                        continue;
                    }

                    description.Changes.Add(new ResourceChange
                    {
                        Action = Xml.Text(resource, "Action") ?? string.Empty,
                        LogicalResourceId = Xml.Text(resource, "LogicalResourceId") ?? string.Empty,
                        ResourceType = Xml.Text(resource, "ResourceType") ?? string.Empty,
                        Replacement = Xml.Text(resource, "Replacement"),
                    });
                }

                nextToken = NonEmpty(Xml.Text(result, "NextToken"));
            }
            while (nextToken != null);

            return description;
        }

        public async Task DeleteChangeSetAsync(string stackName, string changeSetName, CancellationToken cancellationToken)
        {
            CheckStackNameOrId(stackName, "DeleteChangeSet");
            RequestGuard.Length(changeSetName, "ChangeSetName", "DeleteChangeSet", 1, 1600);
            var query = NewRequest("DeleteChangeSet").Add("ChangeSetName", changeSetName).Add("StackName", stackName);
            await InvokeAsync(query, $"{stackName} {changeSetName}", cancellationToken).ConfigureAwait(false);
        }

        /// <summary>CloudFormation's answer for a stack that is not there (by name, or deleted).</summary>
        internal static bool IsStackMissing(AwsServiceException ex)
            => ex.ErrorCode == "ValidationError" && ex.ServiceMessage.IndexOf("does not exist", StringComparison.OrdinalIgnoreCase) >= 0;

        internal static bool IsNoUpdates(AwsServiceException ex)
            => ex.ErrorCode == "ValidationError" && ex.ServiceMessage.IndexOf("No updates are to be performed", StringComparison.OrdinalIgnoreCase) >= 0;

        private static QueryRequest AddStackRequest(QueryRequest query, StackRequest request)
        {
            query.Add("StackName", request.StackName).Add("TemplateBody", request.TemplateBody);
            // Values first, then the parameters that keep their previous value (one list: Parameters.member.N).
            var parameters = request.Parameters
                .Select(p => new[] { new KeyValuePair<string, string?>("ParameterKey", p.Key), new KeyValuePair<string, string?>("ParameterValue", p.Value) })
                .Concat(request.PreviousValueParameters.Where(k => !request.Parameters.ContainsKey(k))
                    .Select(k => new[] { new KeyValuePair<string, string?>("ParameterKey", k), new KeyValuePair<string, string?>("UsePreviousValue", "true") }));
            query.AddList("Parameters", parameters, fields => fields);
            query.AddList("Capabilities", request.Capabilities);
            query.AddList("Tags", request.Tags, t => new[]
            {
                new KeyValuePair<string, string?>("Key", t.Key),
                new KeyValuePair<string, string?>("Value", t.Value),
            });
            return query;
        }

        /// <summary>Names and keys only: parameter values may be secrets (NoEcho) and are never narrated.</summary>
        private static string Narrate(StackRequest request)
        {
            var text = new StringBuilder(request.StackName);
            text.Append(" (template ").Append(Encoding.UTF8.GetByteCount(request.TemplateBody)).Append(" bytes");
            if (request.Parameters.Count > 0)
            {
                text.Append("; parameters ").Append(string.Join(", ", request.Parameters.Keys));
            }

            if (request.PreviousValueParameters.Count > 0)
            {
                text.Append("; previous values of ").Append(string.Join(", ", request.PreviousValueParameters));
            }

            if (request.Capabilities.Count > 0)
            {
                text.Append("; ").Append(string.Join(", ", request.Capabilities));
            }

            return text.Append(')').ToString();
        }

        private static string PageNarration(string stackName, int readSoFar)
            => readSoFar == 0 ? stackName : $"{stackName} (next page after {readSoFar})";

        private static StackDescription ParseStack(XElement stack)
        {
            var description = new StackDescription
            {
                StackId = Xml.Text(stack, "StackId") ?? string.Empty,
                StackName = Xml.Text(stack, "StackName") ?? string.Empty,
                StackStatus = Xml.Text(stack, "StackStatus") ?? string.Empty,
                StackStatusReason = Xml.Text(stack, "StackStatusReason"),
                CreationTime = Xml.Time(stack, "CreationTime"),
                LastUpdatedTime = Xml.Time(stack, "LastUpdatedTime"),
            };
            foreach (var parameter in Xml.Members(stack, "Parameters"))
            {
                // A NoEcho parameter comes back as "****" from CloudFormation; it is kept as answered.
                description.Parameters[Xml.Text(parameter, "ParameterKey") ?? string.Empty] = Xml.Text(parameter, "ParameterValue") ?? string.Empty;
            }

            foreach (var output in Xml.Members(stack, "Outputs"))
            {
                description.Outputs[Xml.Text(output, "OutputKey") ?? string.Empty] = Xml.Text(output, "OutputValue") ?? string.Empty;
            }

            foreach (var tag in Xml.Members(stack, "Tags"))
            {
                description.Tags[Xml.Text(tag, "Key") ?? string.Empty] = Xml.Text(tag, "Value") ?? string.Empty;
            }

            foreach (var capability in Xml.Strings(stack, "Capabilities"))
            {
                description.Capabilities.Add(capability);
            }

            return description;
        }

        private static StackEvent ParseEvent(XElement item) => new StackEvent
        {
            EventId = Xml.Text(item, "EventId") ?? string.Empty,
            LogicalResourceId = Xml.Text(item, "LogicalResourceId") ?? string.Empty,
            PhysicalResourceId = Xml.Text(item, "PhysicalResourceId"),
            ResourceType = Xml.Text(item, "ResourceType") ?? string.Empty,
            ResourceStatus = Xml.Text(item, "ResourceStatus") ?? string.Empty,
            ResourceStatusReason = Xml.Text(item, "ResourceStatusReason"),
            Timestamp = Xml.Time(item, "Timestamp") ?? default,
        };

        private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

        private static void CheckStackRequest(StackRequest? request, string operation, Regex namePattern)
        {
            RequestGuard.RequiredObject(request, "request", operation);
            CheckStackName(request!.StackName, operation, namePattern);
            CheckTemplateBody(request.TemplateBody, operation);
            foreach (var key in request.Parameters.Keys)
            {
                RequestGuard.Required(key, "ParameterKey", operation);
            }

            if (request.Tags.Count > 50)
            {
                throw new AuroraRestoreException(
                    "AwsParameterOutOfRange", FailureCategory.InvalidArgument, request.StackName,
                    $"{operation}: {request.Tags.Count} tags were given; a stack takes at most 50.",
                    "Drop the tags that are not needed.");
            }

            foreach (var tag in request.Tags)
            {
                // botocore: TagKey 1 to 128 characters, TagValue 1 to 256.
                RequestGuard.Length(tag.Key, "Tags.Key", operation, 1, 128);
                RequestGuard.Length(tag.Value, "Tags.Value", operation, 1, 256);
            }

            foreach (var capability in request.Capabilities)
            {
                if (capability == null || !KnownCapabilities.Contains(capability))
                {
                    throw new AuroraRestoreException(
                        "InvalidCapability", FailureCategory.InvalidArgument, capability,
                        $"{operation}: '{capability}' is not a CloudFormation capability.",
                        "Use CAPABILITY_IAM, CAPABILITY_NAMED_IAM or CAPABILITY_AUTO_EXPAND.");
                }
            }
        }

        private static void CheckStackNameOrId(string? stackName, string operation) => CheckStackName(stackName, operation, StackNameOrIdPattern);

        private static void CheckStackName(string? stackName, string operation, Regex pattern)
        {
            RequestGuard.Required(stackName, "StackName", operation);
            if (!pattern.IsMatch(stackName!))
            {
                throw new AuroraRestoreException(
                    "InvalidStackName", FailureCategory.InvalidArgument, stackName,
                    $"{operation}: '{RequestGuard.Shorten(stackName!)}' is not a valid stack name{(pattern == StackNameOrIdPattern ? " or stack id" : string.Empty)}.",
                    "A stack name starts with a letter and holds only letters, digits and hyphens (at most 128 characters).");
            }
        }

        private static void CheckChangeSetName(string? changeSetName, string operation)
        {
            RequestGuard.Required(changeSetName, "ChangeSetName", operation);
            if (!ChangeSetNamePattern.IsMatch(changeSetName!))
            {
                throw new AuroraRestoreException(
                    "InvalidChangeSetName", FailureCategory.InvalidArgument, changeSetName,
                    $"{operation}: '{RequestGuard.Shorten(changeSetName!)}' is not a valid change set name.",
                    "A change set name starts with a letter and holds only letters, digits and hyphens (at most 128 characters).");
            }
        }

        private static void CheckTemplateBody(string? templateBody, string operation)
        {
            RequestGuard.Required(templateBody, "TemplateBody", operation);
            var bytes = Encoding.UTF8.GetByteCount(templateBody!);
            if (bytes > MaxTemplateBodyBytes)
            {
                throw new AuroraRestoreException(
                    "TemplateBodyTooLarge", FailureCategory.LimitsExceeded, bytes,
                    $"{operation}: the template is {bytes} bytes; CloudFormation accepts at most {MaxTemplateBodyBytes} bytes inline.",
                    "Shrink the template (remove whitespace, move inline code to S3) or deploy it from S3 with TemplateURL.");
            }
        }
    }
}
