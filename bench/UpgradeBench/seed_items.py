"""Seeds an environment's state and audit tables with N operations in the pipeline 1.0 formats (v1 items).

One python process, BatchWriteItem (25 items a request), so that 50k operations take seconds, not minutes. The items
are a function of the index only: every environment seeded with the same N holds the same items, which lets the bench
compare the seed's procedure and Invoke-RestoreUpgrade item for item afterwards.

Usage: python3 seed_items.py <endpoint> <state table> <audit table> <N>
"""
import sys
from datetime import datetime, timedelta, timezone

import boto3

STEPS = ['snapshot-check', 'copy-snapshot', 'check-copy-status', 'delete-rds', 'check-delete-status', 'restore-snapshot',
         'check-restore-status', 'setup-db-users', 'verify-restore', 'archive-snapshot', 'sns-notification']
START = datetime(2025, 1, 1, tzinfo=timezone.utc)


def iso(moment):
    return moment.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (moment.microsecond // 1000)


def operation(i):
    """One ended operation (an upgrade refuses to start while any runs): 8 in 10 completed, 1 failed, 1 stopped."""
    op = 'op-%012x' % i
    kind = ('completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'failed', 'stopped')[i % 10]
    started = START + timedelta(seconds=37 * i)
    ended = started + timedelta(seconds=1800 + i % 600, milliseconds=i % 1000)
    step = 'sns-notification' if kind == 'completed' else STEPS[i % len(STEPS)]
    state = {
        'step': {'S': step},
        'source_cluster_id': {'S': 'prod-aurora-cluster'},
        'snapshot_name': {'S': 'rds:prod-aurora-cluster-2025-01-%02d' % (1 + i % 28)},
        'source_region': {'S': 'us-east-1'},
        'target_region': {'S': 'us-east-1'},
        'target_cluster_id': {'S': 'restored-cluster-%d' % (i % 7)},
        'cluster_endpoint': {'S': 'restored-cluster-%d.cluster-abc123.us-east-1.rds.amazonaws.com' % (i % 7)},
        'cluster_port': {'N': '5432'},
        'host': {'S': 'pipeline'},
        'created_at': {'S': iso(started)},
    }
    if i % 3:
        state['requested_by'] = {'S': 'arn:aws:iam::123456789012:user/operator-%d' % (i % 5)}
    item = {
        'operation_id': {'S': op},
        'status': {'S': kind},
        'completed': {'BOOL': True},
        'timestamp': {'S': iso(ended)},
        'state': {'M': state},
    }
    details = {}
    if kind == 'failed':
        item['error'] = {'S': 'Restore failed at %s: snapshot not found' % step}
        details['error'] = {'S': item['error']['S']}
    audit = {
        'operation_id': {'S': op},
        'timestamp': {'S': iso(ended)},
        'step': {'S': 'operation'},
        'status': {'S': {'completed': 'succeeded', 'failed': 'failed', 'stopped': 'stopped'}[kind]},
        'details': {'M': details},
    }
    return item, audit


def write(db, table, items):
    for start in range(0, len(items), 25):
        pending = {table: [{'PutRequest': {'Item': item}} for item in items[start:start + 25]]}
        while pending:
            pending = db.batch_write_item(RequestItems=pending).get('UnprocessedItems') or None


def main():
    endpoint, state_table, audit_table, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    db = boto3.client('dynamodb', region_name='us-east-1', endpoint_url=endpoint, aws_access_key_id='testing', aws_secret_access_key='testing')
    pairs = [operation(i) for i in range(count)]
    write(db, state_table, [p[0] for p in pairs])
    write(db, audit_table, [p[1] for p in pairs])


if __name__ == '__main__':
    main()
