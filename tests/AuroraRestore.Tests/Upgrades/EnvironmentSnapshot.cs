using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AuroraRestore.Pipelines;
using AuroraRestore.Tests.Support;

namespace AuroraRestore.Tests.Upgrades
{
    /// <summary>
    /// Everything an upgrade changes in one environment, read through boto3 (not the module's clients): both stacks
    /// (template, status, tags, parameters, stack-level events), every function (live alias, versions, the live version's
    /// configuration), the tables' indexes and items, the configuration document and the alarms.
    /// </summary>
    public sealed class EnvironmentSnapshot
    {
        private EnvironmentSnapshot(JsonObject data)
        {
            Data = data;
        }

        public JsonObject Data { get; }

        public JsonObject Stack(string name) => Data["stacks"]![name]!.AsObject();

        public JsonObject Function(string name) => Data["functions"]![name]!.AsObject();

        public JsonArray Items(string table) => Data["items"]![table]!.AsArray();

        public IReadOnlyList<string> Indexes(string table) => Data["indexes"]![table]!.AsArray().Select(i => (string)i!).ToList();

        public string? Configuration => (string?)Data["configuration"];

        public IReadOnlyList<string> Alarms => Data["alarms"]!.AsArray().Select(a => (string)a!).ToList();

        public static EnvironmentSnapshot Take(MotoServer moto, PipelineEnvironment env, IEnumerable<string> functions)
        {
            var names = new JsonObject
            {
                ["stacks"] = new JsonArray(env.IamStackName, env.MainStackName),
                ["functions"] = new JsonArray(functions.Select(f => (JsonNode)env.FunctionName(f)).ToArray()),
                ["tables"] = new JsonArray(env.StateTableName, env.AuditTableName),
                ["config"] = env.ConfigurationParameterName,
                ["alarm_prefix"] = env.ResourcePrefix + "-",
            };
            var script = $@"
names = json.loads('''{names.ToJsonString()}''')
cfn, lam, ddb, ssm, cw = client('cloudformation'), client('lambda'), client('dynamodb'), client('ssm'), client('cloudwatch')
out = {{'stacks': {{}}, 'functions': {{}}, 'indexes': {{}}, 'items': {{}}}}
for name in names['stacks']:
    stack = cfn.describe_stacks(StackName=name)['Stacks'][0]
    body = cfn.get_template(StackName=name, TemplateStage='Original')['TemplateBody']
    events = [e for e in cfn.describe_stack_events(StackName=name)['StackEvents'] if e['LogicalResourceId'] == name]
    out['stacks'][name] = {{
        'status': stack['StackStatus'],
        'tags': {{t['Key']: t['Value'] for t in stack.get('Tags', [])}},
        'parameters': {{p['ParameterKey']: p.get('ParameterValue') for p in stack.get('Parameters', [])}},
        'template': body if isinstance(body, str) else json.dumps(body),
        'updates': [e['Timestamp'].isoformat() for e in events if e['ResourceStatus'] == 'UPDATE_COMPLETE'],
    }}
for name in names['functions']:
    alias = lam.get_alias(FunctionName=name, Name='live')
    versions = [v['Version'] for v in lam.list_versions_by_function(FunctionName=name)['Versions']]
    live = lam.get_function_configuration(FunctionName=name, Qualifier=alias['FunctionVersion'])
    out['functions'][name] = {{
        'live': alias['FunctionVersion'],
        'versions': versions,
        'live_pipeline_version': live.get('Environment', {{}}).get('Variables', {{}}).get('AURORA_RESTORE_PIPELINE_VERSION'),
        'live_code_sha256': live['CodeSha256'],
    }}
for table in names['tables']:
    described = ddb.describe_table(TableName=table)['Table']
    out['indexes'][table] = sorted(i['IndexName'] for i in described.get('GlobalSecondaryIndexes', []))
    items, start = [], None
    while True:
        page = ddb.scan(TableName=table, **({{'ExclusiveStartKey': start}} if start else {{}}))
        items += page['Items']
        start = page.get('LastEvaluatedKey')
        if not start: break
    out['items'][table] = sorted(items, key=lambda i: json.dumps(i, sort_keys=True, default=repr))
try:
    out['configuration'] = ssm.get_parameter(Name=names['config'])['Parameter']['Value']
except ssm.exceptions.ParameterNotFound:
    out['configuration'] = None
out['alarms'] = sorted(a['AlarmName'] for a in cw.describe_alarms(AlarmNamePrefix=names['alarm_prefix'])['MetricAlarms'])
emit(out)
";
            return new EnvironmentSnapshot(Boto3.Run(moto, script)!.AsObject());
        }
    }
}
