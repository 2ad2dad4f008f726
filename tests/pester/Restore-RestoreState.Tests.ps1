# Restore-RestoreState against moto: the tables hold exactly the backed-up items afterwards, also after a killed run.
BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters -Server $Moto
    $script:Sets = Join-Path ([System.IO.Path]::GetTempPath()) ('ar-restore-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    Install-RestorePipeline -Version 2.0.0 -Environment prst @Aws -Confirm:$false | Out-Null

    function Add-Items([int] $Count, [string] $Status = 'completed', [int] $From = 0) {
        Invoke-Boto3 -Server $Moto -Script @"
db = boto3.resource('dynamodb', region_name='us-east-1', endpoint_url='$($Moto.Endpoint)', aws_access_key_id='testing', aws_secret_access_key='testing')
with db.Table('AuroraRestoreState-prst').batch_writer() as w:
    for i in range($From, $From + $Count): w.put_item(Item={'operation_id': 'op-%06d' % i, 'status': '$Status', 'updated_at': '2026-01-01T00:00:00Z', 'completed': '$Status' == 'completed', 'state': {'step': 'sns-notification', 'n': i}})
with db.Table('AuroraRestoreAudit-prst').batch_writer() as w:
    for i in range($From, $From + $Count, 10): w.put_item(Item={'operation_id': 'op-%06d' % i, 'timestamp': '2026-01-01T00:00:00Z', 'step': 'operation', 'status': '$Status'})
emit(True)
"@ | Out-Null
    }

    # The items of a table as boto3 scans them, one canonical JSON line each, sorted: equal tables give equal lists.
    function Get-Items([string] $Table) {
        Invoke-Boto3 -Server $Moto -Script @"
import json
db = client('dynamodb'); items = []; kw = {'TableName': '$Table', 'ConsistentRead': True}
while True:
    page = db.scan(**kw); items += [json.dumps(i, sort_keys=True) for i in page['Items']]
    if 'LastEvaluatedKey' not in page: break
    kw['ExclusiveStartKey'] = page['LastEvaluatedKey']
emit(sorted(items))
"@
    }

    function Get-RestoreRecords {
        @((Invoke-AwsCli -Server $Moto dynamodb scan --table-name AuroraRestoreControl-prst).Items | Where-Object { $_.pk.S -like 'restore#*' })
    }
}

AfterAll {
    $Moto | Stop-MotoServer
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $Sets
}

Describe 'Restore-RestoreState' -Tag Integration {
    Context 'when restoring a set after the tables changed' {
        BeforeAll {
            Add-Items -Count 40
            $script:Backup = Backup-RestoreState -Environment prst -Name prst-base -Path $Sets @Aws -Confirm:$false
            $script:State = Get-Items 'AuroraRestoreState-prst'
            $script:Audit = Get-Items 'AuroraRestoreAudit-prst'
            $script:TableBefore = (Invoke-AwsCli -Server $Moto dynamodb describe-table --table-name AuroraRestoreState-prst).Table
            Invoke-AwsCli -Server $Moto dynamodb delete-item --table-name AuroraRestoreState-prst --key '{"operation_id":{"S":"op-000003"}}' | Out-Null
            Add-Items -Count 5 -Status failed -From 30
        }

        It 'changes nothing with -WhatIf' {
            $changed = Get-Items 'AuroraRestoreState-prst'
            $Backup | Restore-RestoreState @Aws -WhatIf
            Get-Items 'AuroraRestoreState-prst' | Should -Be $changed
        }

        It 'puts back exactly the backed-up items in both tables' {
            $script:Result = Get-RestoreStateBackup -Environment prst -Path $Sets -Name prst-base @Aws | Restore-RestoreState @Aws -Confirm:$false
            Get-Items 'AuroraRestoreState-prst' | Should -Be $State
            Get-Items 'AuroraRestoreAudit-prst' | Should -Be $Audit
            $Result.Tables.MatchesBackup | Should -Be @($true, $true)
            $Result.Tables.ChecksumAfter | Should -Be $Backup.Tables.Checksum
        }

        It 'keeps the table: same name, ARN, keys, indexes and billing' {
            $after = (Invoke-AwsCli -Server $Moto dynamodb describe-table --table-name AuroraRestoreState-prst).Table
            $after.TableArn | Should -Be $TableBefore.TableArn
            $after.CreationDateTime | Should -Be $TableBefore.CreationDateTime
            ($after.KeySchema | ConvertTo-Json -Compress) | Should -Be ($TableBefore.KeySchema | ConvertTo-Json -Compress)
            ($after.GlobalSecondaryIndexes | Select-Object IndexName, KeySchema, Projection | ConvertTo-Json -Compress -Depth 5) |
                Should -Be ($TableBefore.GlobalSecondaryIndexes | Select-Object IndexName, KeySchema, Projection | ConvertTo-Json -Compress -Depth 5)
            $after.BillingModeSummary.BillingMode | Should -Be $TableBefore.BillingModeSummary.BillingMode
        }

        It 'backed up the replaced contents first, and leaves no scratch table or progress record' {
            $safety = Get-RestoreStateBackup -Environment prst -Path $Sets -Name $Result.SafetyBackupName @Aws
            # 40 backed up, op-000003 deleted since (op-000030..34 changed in place)
            ($safety.Tables | Where-Object TableName -eq 'AuroraRestoreState-prst').ItemCount | Should -Be 39
            @((Invoke-AwsCli -Server $Moto dynamodb list-tables).TableNames | Where-Object { $_ -like '*-restore-*' }) | Should -BeNullOrEmpty
            Get-RestoreRecords | Should -BeNullOrEmpty
        }

        It 'restores one table with -Table and refuses a table the set does not hold' {
            Invoke-AwsCli -Server $Moto dynamodb delete-item --table-name AuroraRestoreAudit-prst --key '{"operation_id":{"S":"op-000000"},"timestamp":{"S":"2026-01-01T00:00:00Z"}}' | Out-Null
            $result = Restore-RestoreState -Environment prst -Name prst-base -Path $Sets -Table AuroraRestoreAudit-prst @Aws -Confirm:$false
            $result.Tables.TableName | Should -Be 'AuroraRestoreAudit-prst'
            Get-Items 'AuroraRestoreAudit-prst' | Should -Be $Audit
            { Restore-RestoreState -Environment prst -Name prst-base -Path $Sets -Table NoSuchTable @Aws -Confirm:$false } |
                Should -Throw -ErrorId 'BackupTableNotInSet,AuroraRestore.Cmdlets.RestoreRestoreStateCommand'
        }

        It 'refuses an unknown set, a bad name and both -Path and -Bucket' {
            { Restore-RestoreState -Environment prst -Name prst-none -Path $Sets @Aws -Confirm:$false } |
                Should -Throw -ErrorId 'BackupNotFound,AuroraRestore.Cmdlets.RestoreRestoreStateCommand'
            { Restore-RestoreState -Environment prst -Name 'bad/name' -Path $Sets @Aws -Confirm:$false } |
                Should -Throw -ErrorId 'InvalidBackupName,AuroraRestore.Cmdlets.RestoreRestoreStateCommand'
            { Restore-RestoreState -Environment prst -Name prst-base -Path $Sets -Bucket b @Aws -Confirm:$false } |
                Should -Throw -ErrorId 'BackupLocationConflict,AuroraRestore.Cmdlets.RestoreRestoreStateCommand'
        }
    }

    Context 'when a restore is killed mid-way' {
        It 'finishes when run again, with the same end state and the same safety set' {
            Add-Items -Count 1500 -From 1000
            Backup-RestoreState -Environment prst -Name prst-big -Path $Sets @Aws -Confirm:$false | Out-Null
            $expected = Get-Items 'AuroraRestoreState-prst'
            Invoke-Boto3 -Server $Moto -Script @"
db = boto3.resource('dynamodb', region_name='us-east-1', endpoint_url='$($Moto.Endpoint)', aws_access_key_id='testing', aws_secret_access_key='testing')
with db.Table('AuroraRestoreState-prst').batch_writer() as w:
    for i in range(1000, 1800): w.delete_item(Key={'operation_id': 'op-%06d' % i})
    for i in range(9000, 9500): w.put_item(Item={'operation_id': 'op-%06d' % i, 'status': 'in_progress', 'completed': False})
emit(True)
"@ | Out-Null

            # A separate dotnet pwsh runs the restore; SIGKILL it once its progress record says the live table is being changed.
            $secret = 'testing'
            $command = "Import-Module '$env:AURORARESTORE_MODULE_PATH'; " +
                "`$c = [pscredential]::new('testing', (ConvertTo-SecureString '$secret' -AsPlainText -Force)); " +
                "Restore-RestoreState -Environment prst -Name prst-big -Path '$Sets' -EndpointUrl '$($Moto.Endpoint)' -Region us-east-1 -Credential `$c -Confirm:`$false"
            $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
            foreach ($argument in 'pwsh', '-NoProfile', '-NonInteractive', '-Command', $command) { $start.ArgumentList.Add($argument) }
            $start.WorkingDirectory = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
            $start.UseShellExecute = $false
            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            $process = [System.Diagnostics.Process]::Start($start)
            $null = $process.StandardOutput.ReadToEndAsync()
            $null = $process.StandardError.ReadToEndAsync()
            try {
                $seen = Invoke-Boto3 -Server $Moto -Script @"
import time
db = client('dynamodb'); deadline = time.time() + 120
while time.time() < deadline:
    try:
        item = db.get_item(TableName='AuroraRestoreControl-prst', Key={'pk': {'S': 'restore#prst-big#AuroraRestoreState-prst'}, 'sk': {'S': 'progress'}}, ConsistentRead=True).get('Item')
    except db.exceptions.ResourceNotFoundException:
        item = None
    if item and item['phase']['S'] == 'converging':
        emit(item['safety_backup']['S']); break
    time.sleep(0.05)
"@
            } finally {
                $process.Kill($true)
                $process.WaitForExit()
            }
            $seen | Should -BeLike 'prst-big-before-restore-*'
            $records = Get-RestoreRecords
            @($records).Count | Should -BeGreaterThan 0
            (Get-Items 'AuroraRestoreState-prst') | Should -Not -Be $expected

            $result = Restore-RestoreState -Environment prst -Name prst-big -Path $Sets @Aws -Confirm:$false

            Get-Items 'AuroraRestoreState-prst' | Should -Be $expected
            $result.SafetyBackupName | Should -Be $seen
            Get-RestoreRecords | Should -BeNullOrEmpty
            @((Invoke-AwsCli -Server $Moto dynamodb list-tables).TableNames | Where-Object { $_ -like '*-restore-*' }) | Should -BeNullOrEmpty
        }
    }
}
