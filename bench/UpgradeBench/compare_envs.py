"""Proves that the seed's procedure and Invoke-RestoreUpgrade did the same work: compares two environments after their
upgrades and prints the differences as JSON (an empty list when they are alike).

Compared: both tables' item counts per format (COUNT scans: nothing is serialised, so they stay cheap at 50k) and a
sample of up to 2,000 operations read with BatchGetItem, item for item (every item at N <= 2,000); the state table's
indexes; the stacks' templates and statuses; the version each live alias runs; the configuration document (parsed);
the alarms (names without the environment's prefix, metrics, dimensions without the environment's names).

Usage: python3 compare_envs.py <endpoint> <environment a> <environment b> <N>
"""
import json
import sys

import boto3

from seed_items import operation

FUNCTIONS = ['snapshot-check', 'copy-snapshot', 'check-copy-status', 'delete-rds', 'check-delete-status', 'restore-snapshot',
             'check-restore-status', 'setup-db-users', 'verify-restore', 'archive-snapshot', 'sns-notification']
SAMPLE = 2000


def client(endpoint, service):
    return boto3.client(service, region_name='us-east-1', endpoint_url=endpoint, aws_access_key_id='testing', aws_secret_access_key='testing')


def count(db, table, version):
    kwargs = {'TableName': table, 'Select': 'COUNT'}
    if version is None:
        kwargs['FilterExpression'] = 'attribute_not_exists(format_version)'
    else:
        kwargs.update(FilterExpression='format_version = :v', ExpressionAttributeValues={':v': {'N': str(version)}})
    total, key = 0, None
    while True:
        page = db.scan(**kwargs, **({'ExclusiveStartKey': key} if key else {}))
        total += page['Count']
        key = page.get('LastEvaluatedKey')
        if not key:
            return total


def sample(db, table, keys):
    items = {}
    for start in range(0, len(keys), 100):
        pending = {table: {'Keys': keys[start:start + 100], 'ConsistentRead': True}}
        while pending:
            answer = db.batch_get_item(RequestItems=pending)
            for item in answer['Responses'].get(table, []):
                items[json.dumps([item['operation_id'], item.get('timestamp') if 'step' in item else None], sort_keys=True)] = json.dumps(item, sort_keys=True)
            pending = answer.get('UnprocessedKeys') or None
    return items


def describe(endpoint, env, n):
    db, cfn, lam, ssm, cw = (client(endpoint, s) for s in ('dynamodb', 'cloudformation', 'lambda', 'ssm', 'cloudwatch'))
    state, audit, prefix = 'AuroraRestoreState-' + env, 'AuroraRestoreAudit-' + env, 'aurora-restore-' + env
    step = max(1, n // SAMPLE)
    chosen = [operation(i) for i in range(0, n, step)][:SAMPLE]
    out = {
        'counts': {role: {str(v): count(db, table, v) for v in (None, 1, 2, 3)} for role, table in (('state', state), ('audit', audit))},
        'state_items': sample(db, state, [{'operation_id': s['operation_id']} for s, _ in chosen]),
        'audit_items': sample(db, audit, [{'operation_id': a['operation_id'], 'timestamp': a['timestamp']} for _, a in chosen]),
        'indexes': sorted(json.dumps([i['IndexName'], i['KeySchema'], i['Projection']], sort_keys=True)
                          for i in db.describe_table(TableName=state)['Table'].get('GlobalSecondaryIndexes', [])),
        'stacks': {},
        'functions': {},
    }
    for kind, stack in (('main', 'aurora-restore-pipeline-' + env), ('iam', 'aurora-restore-pipeline-%s-iam' % env)):
        body = cfn.get_template(StackName=stack)['TemplateBody']
        out['stacks'][kind] = {'status': cfn.describe_stacks(StackName=stack)['Stacks'][0]['StackStatus'],
                               'template': json.dumps(body if isinstance(body, dict) else json.loads(body), sort_keys=True)}
    for function in FUNCTIONS:
        live = lam.get_function_configuration(FunctionName='%s-%s' % (prefix, function), Qualifier='live')
        out['functions'][function] = live['Environment']['Variables']['AURORA_RESTORE_PIPELINE_VERSION']
    out['configuration'] = json.loads(ssm.get_parameter(Name='/aurora-restore/%s/config' % env)['Parameter']['Value'])
    out['configuration'].pop('target_cluster_id', None)  # the one value that names the environment's own cluster
    alarms = cw.describe_alarms(AlarmNamePrefix=prefix + '-')['MetricAlarms']
    out['alarms'] = sorted(json.dumps([a['AlarmName'][len(prefix) + 1:], a['Namespace'], a['MetricName'], a['Threshold'],
                                       a['ComparisonOperator'], sorted(d['Name'] for d in a['Dimensions'])]) for a in alarms)
    return out


def differences(a, b, path=''):
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                found.append('%s/%s: only in %s' % (path, key, 'b' if key not in a else 'a'))
            else:
                found.extend(differences(a[key], b[key], '%s/%s' % (path, key)))
        return found
    return [] if a == b else ['%s: %s != %s' % (path, str(a)[:300], str(b)[:300])]


def main():
    endpoint, env_a, env_b, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    a, b = describe(endpoint, env_a, n), describe(endpoint, env_b, n)
    problems = differences(a, b)
    expected = {'None': 0, '1': 0, '2': 0, '3': n}
    for side, name in ((a, env_a), (b, env_b)):
        for role in ('state', 'audit'):
            if side['counts'][role] != expected:
                problems.append('%s %s items by format: %s, expected %s' % (name, role, side['counts'][role], expected))
        if set(side['functions'].values()) != {'3.0.0'}:
            problems.append('%s live aliases run %s' % (name, side['functions']))
    json.dump({'sampled': len(a['state_items']), 'differences': problems}, sys.stdout)


if __name__ == '__main__':
    main()
