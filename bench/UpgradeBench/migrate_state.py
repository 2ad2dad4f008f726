"""The migration guide's state migration scripts (scripts/migrate_state_v1_to_v2.py, migrate_state_v2_to_v3.py) as the
guide implies them: scan the whole table, transform each item, put it back with one PutItem at a time. The transforms
are those of docs/formats (the same as the module's edges), so only the way of reading and writing differs; the bench
checks afterwards that both ways left identical items.

Usage: python3 migrate_state.py <endpoint> <state table> <audit table> <1-2 | 2-3>
"""
import sys
from datetime import datetime, timedelta, timezone

import boto3


def parse_time(text):
    for pattern in ('%Y-%m-%dT%H:%M:%S.%fZ', '%Y-%m-%dT%H:%M:%SZ'):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=timezone.utc)
        except (TypeError, ValueError):
            pass
    return None


def state_v1_to_v2(item):
    state = item.get('state', {}).get('M', {})
    step = state.get('step', {}).get('S')
    new = dict(item)
    new['format_version'] = {'N': '2'}
    new['created_at'] = {'S': state.get('created_at', {}).get('S') or item['timestamp']['S']}
    new['updated_at'] = {'S': item['timestamp']['S']}
    new['requested_by'] = {'S': state.get('requested_by', {}).get('S') or 'unknown'}
    new['retry_count'] = {'N': '0'}
    if 'error' in item:
        new['error'] = {'M': {'type': {'S': 'Error'}, 'message': {'S': item['error']['S']}, 'step': {'S': step or ''}, 'retryable': {'BOOL': False}}}
    if item.get('status', {}).get('S') == 'failed' and step is not None:
        new['failed_step'] = {'S': step}
    return new


def state_v2_to_v3(item):
    new = dict(item)
    new['format_version'] = {'N': '3'}
    new['pipeline_version'] = {'S': '2.0.0'}
    new['step_history'] = {'L': []}
    created, updated = parse_time(item.get('created_at', {}).get('S')), parse_time(item.get('updated_at', {}).get('S'))
    if item.get('completed', {}).get('BOOL') is True and created and updated and updated >= created:
        new['duration_ms'] = {'N': str((updated - created) // timedelta(milliseconds=1))}  # whole ms, no float rounding
    return new


def event_type(step, status):
    if step == 'operation':
        return {'started': 'operation_created', 'succeeded': 'operation_completed'}.get(status, 'operation_' + status)
    return 'step_' + status


def audit_v1_to_v2(item):
    step, status = item['step']['S'], item['status']['S']
    new = dict(item)
    new['format_version'] = {'N': '2'}
    new['event_type'] = {'S': event_type(step, status)}
    new['actor'] = {'S': 'unknown'}
    message = item.get('details', {}).get('M', {}).get('error', {}).get('S')
    if status == 'failed' and message is not None:
        new['error'] = {'M': {'type': {'S': 'Error'}, 'message': {'S': message}, 'step': {'S': step}, 'retryable': {'BOOL': False}}}
    return new


def audit_v2_to_v3(item):
    new = dict(item)
    new['format_version'] = {'N': '3'}
    new['pipeline_version'] = {'S': '2.0.0'}
    return new


TRANSFORMS = {'1-2': (state_v1_to_v2, audit_v1_to_v2, None), '2-3': (state_v2_to_v3, audit_v2_to_v3, '2')}


def migrate(db, table, transform, expected_format):
    items, key = [], None
    while True:
        page = db.scan(TableName=table, **({'ExclusiveStartKey': key} if key else {}))
        items.extend(page['Items'])
        key = page.get('LastEvaluatedKey')
        if not key:
            break
    for item in items:
        if item.get('format_version', {}).get('N') != expected_format:
            continue  # already migrated (a re-run after a failure)
        db.put_item(TableName=table, Item=transform(item))
    return len(items)


def main():
    endpoint, state_table, audit_table, hop = sys.argv[1:5]
    db = boto3.client('dynamodb', region_name='us-east-1', endpoint_url=endpoint, aws_access_key_id='testing', aws_secret_access_key='testing')
    state, audit, expected = TRANSFORMS[hop]
    migrate(db, state_table, state, expected)
    migrate(db, audit_table, audit, expected)


if __name__ == '__main__':
    main()
