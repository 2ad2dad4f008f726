# Undo-RestoreUpgrade against moto, on one environment taken through its story: upgraded 1.0.0 -> 2.0.0, a restore
# started, the rollback previewed (-WhatIf), killed for real mid-way (a separate dotnet pwsh SIGKILLs itself after the
# main stack went back) and run again to the end; then upgraded again and rolled back from the backup set, after the
# warning. Effects are observed through the AWS CLI and boto3. (The exhaustive cases are the xunit engine tests.)
BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../support/ChildSession.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters -Server $Moto
    $script:Backups = Join-Path $TestDrive 'backups'
    $null = New-Item -ItemType Directory $Backups
    $script:Catalog = [AuroraRestore.Versions.PipelineVersionCatalog]::Default
    $script:Name = 'undo'

    # A source cluster with yesterday's snapshot, so that Start-AuroraRestore can really start restores.
    Invoke-AwsCli -Server $Moto rds create-db-cluster --db-cluster-identifier undo-src --engine aurora-postgresql --master-username a --master-user-password abcdefgh1 | Out-Null
    $yesterday = [DateTime]::UtcNow.Date.AddDays(-1).ToString('yyyy-MM-dd')
    Invoke-AwsCli -Server $Moto rds create-db-cluster-snapshot --db-cluster-identifier undo-src --db-cluster-snapshot-identifier "undo-src-daily-$yesterday" | Out-Null

    function Get-State {
        # Stacks (template, tags, parameters), live aliases and what they run, indexes, configuration, alarms and every
        # item, read through boto3; items as sorted JSON lines keyed by their table's key.
        $names = @{ stacks = @("aurora-restore-pipeline-$Name-iam", "aurora-restore-pipeline-$Name"); prefix = "aurora-restore-$Name-"
            tables = @("AuroraRestoreState-$Name", "AuroraRestoreAudit-$Name"); config = "/aurora-restore/$Name/config" } | ConvertTo-Json -Compress
        Invoke-Boto3 -Server $Moto -Script @"
names = json.loads('''$names''')
cfn, lam, ddb, ssm, cw = client('cloudformation'), client('lambda'), client('dynamodb'), client('ssm'), client('cloudwatch')
out = {'stacks': {}, 'functions': {}, 'indexes': {}, 'items': {}}
for s in names['stacks']:
    stack = cfn.describe_stacks(StackName=s)['Stacks'][0]
    out['stacks'][s] = {'tags': sorted((t['Key'], t['Value']) for t in stack['Tags']), 'parameters': sorted((p['ParameterKey'], p.get('ParameterValue')) for p in stack['Parameters']), 'template': json.dumps(cfn.get_template(StackName=s)['TemplateBody'], sort_keys=True)}
for f in lam.list_functions()['Functions']:
    if f['FunctionName'].startswith(names['prefix']):
        alias = lam.get_alias(FunctionName=f['FunctionName'], Name='live')['FunctionVersion']
        out['functions'][f['FunctionName']] = {'live': alias, 'runs': lam.get_function_configuration(FunctionName=f['FunctionName'], Qualifier=alias)['Environment']['Variables']['AURORA_RESTORE_PIPELINE_VERSION']}
for t in names['tables']:
    out['indexes'][t] = sorted(i['IndexName'] for i in ddb.describe_table(TableName=t)['Table'].get('GlobalSecondaryIndexes', []))
    out['items'][t] = {i['operation_id']['S'] + '|' + (i['timestamp']['S'] if 'Audit' in t else ''): json.dumps(i, sort_keys=True, default=repr) for i in ddb.scan(TableName=t, ConsistentRead=True)['Items']}
out['configuration'] = ssm.get_parameter(Name=names['config'])['Parameter']['Value']
out['alarms'] = sorted(a['AlarmName'] for a in cw.describe_alarms(AlarmNamePrefix=names['prefix'])['MetricAlarms'])
emit(out)
"@
    }

    function Get-Shape($State) {
        # Everything but the items, as one string.
        $copy = $State | ConvertTo-Json -Depth 20 | ConvertFrom-Json -AsHashtable
        $copy.Remove('items')
        $copy | ConvertTo-Json -Depth 20 -Compress
    }

    function Get-ControlRecord([string] $Pk, [string] $Sk) {
        (Invoke-AwsCli -Server $Moto dynamodb get-item --table-name "AuroraRestoreControl-$Name" --key "{`"pk`":{`"S`":`"$Pk`"},`"sk`":{`"S`":`"$Sk`"}}" --consistent-read).Item
    }

    function Invoke-KilledUndo([string] $StopAfter) {
        # A separate pwsh runs the rollback and SIGKILLs itself right after the rollback journal records $StopAfter.
        $parameters = @{ ModulePath = $env:AURORARESTORE_MODULE_PATH; Endpoint = $Moto.Endpoint; Name = $Name }
        Invoke-ChildSession -Parameters $parameters -Environment @{ AURORARESTORE_TEST_STOP_AFTER_STEP = $StopAfter } -Script @'
param($ModulePath, $Endpoint, $Name)
Import-Module $ModulePath
$c = [pscredential]::new('testing', (ConvertTo-SecureString 'testing' -AsPlainText -Force))
Undo-RestoreUpgrade -Environment $Name -EndpointUrl $Endpoint -Region us-east-1 -Credential $c -Force
'@
    }

    # Pipeline 1.0.0 with a format 1 configuration and ended operations in the v1 formats, seeded in one boto3 call.
    $config = @{ format_version = 1; source_region = 'us-east-1'; source_cluster_id = 'undo-src'; target_cluster_id = 'undo-dst'; snapshot_prefix = 'undo-src-daily-'; setup_db_users = $false } | ConvertTo-Json -Compress
    Set-Content -Path (Join-Path $TestDrive 'undo.json') -Value $config
    Install-RestorePipeline -Version 1.0.0 -Environment $Name -ConfigPath (Join-Path $TestDrive 'undo.json') @Aws -Confirm:$false | Out-Null
    Invoke-Boto3 -Server $Moto -Script @"
db = client('dynamodb')
for i in range(5):
    op = 'op-%012x' % (0xdef000 + i)
    db.put_item(TableName='AuroraRestoreState-$Name', Item={'operation_id': {'S': op}, 'status': {'S': 'completed'}, 'completed': {'BOOL': True}, 'timestamp': {'S': '2026-11-0%dT10:00:00.000Z' % (i + 1)}, 'state': {'M': {'step': {'S': 'sns-notification'}}}})
    db.put_item(TableName='AuroraRestoreAudit-$Name', Item={'operation_id': {'S': op}, 'timestamp': {'S': '2026-11-0%dT10:00:00.000Z' % (i + 1)}, 'step': {'S': 'sns-notification'}, 'status': {'S': 'succeeded'}, 'details': {'M': {}}})
emit(True)
"@ | Out-Null
    $script:Before = Get-State
    Invoke-RestoreUpgrade -Environment $Name -TargetVersion 2.0.0 -BackupPath $Backups @Aws -Force | Out-Null
    $script:Operation = Start-AuroraRestore -Environment $Name @Aws -Confirm:$false
    $script:Upgraded = Get-State
}

AfterAll {
    $Moto | Stop-MotoServer
}

Describe 'Undo-RestoreUpgrade' -Tag Integration {
    Context 'when previewed with -WhatIf' {
        It 'writes nothing, warns about the restore in progress and changes nothing' {
            $output = Undo-RestoreUpgrade -Environment $Name @Aws -WhatIf -WarningVariable warnings
            $output | Should -BeNullOrEmpty
            ($warnings -join ' ') | Should -Match ([regex]::Escape($Operation.OperationId))
            Get-Shape (Get-State) | Should -Be (Get-Shape $Upgraded)
            (Get-ControlRecord upgrade current).status.S | Should -Be 'completed'
            Get-ControlRecord lock upgrade | Should -BeNullOrEmpty
        }
    }

    Context 'when its process is killed mid-way' {
        BeforeAll {
            $script:Killed = Invoke-KilledUndo 'undo-main-stack'
            $script:Pointer = Get-ControlRecord upgrade current
            $script:Lock = Get-ControlRecord lock upgrade
            $script:Output = @(Undo-RestoreUpgrade -Environment $Name @Aws -Force)
            $script:After = Get-State
        }

        It 'was really killed after the main stack went back, inside its freeze' {
            $Killed.ExitCode | Should -Be 137 -Because ($Killed.Output + $Killed.Error)
            $Pointer.status.S | Should -Be 'rolling_back'
            $Lock.operation.S | Should -Be 'rollback'
            $Lock.owner.S | Should -Match ' \d+$'
        }

        It 'finishes when run again, emitting a result per step and then the rollback''s result' {
            $steps = @($Output | Where-Object { $_ -is [AuroraRestore.Rollbacks.RollbackStepResult] })
            $result = $Output[-1]
            $result | Should -BeOfType ([AuroraRestore.Rollbacks.RollbackResult])
            $result.Status | Should -Be 'Completed'
            $result.Resumed | Should -BeTrue
            $result.ToVersion | Should -Be '1.0.0'
            $result.Verified | Should -BeTrue
            ($steps | Where-Object Status -eq 'AlreadyDone').Name | Should -Contain 'undo-main-stack'
            ($steps | Where-Object Status -eq 'Completed').Name | Should -Contain 'undo-iam-stack'
            (Get-ControlRecord upgrade current).status.S | Should -Be 'rolled_back'
            Get-ControlRecord lock upgrade | Should -BeNullOrEmpty
            Get-ControlRecord freeze intake | Should -BeNullOrEmpty
        }

        It 'leaves the 1.0 templates, the aliases on their old versions, the 1.0 schema and configuration' {
            foreach ($stack in @{ Name = "aurora-restore-pipeline-$Name-iam"; Body = $Catalog.Get('1.0.0').IamTemplateBody }, @{ Name = "aurora-restore-pipeline-$Name"; Body = $Catalog.Get('1.0.0').MainTemplateBody }) {
                (Invoke-AwsCli -Server $Moto cloudformation get-template --stack-name $stack.Name).TemplateBody | ConvertTo-Json -Depth 100 -Compress |
                    Should -Be ($stack.Body | ConvertFrom-Json | ConvertTo-Json -Depth 100 -Compress)
            }
            Get-Shape $After | Should -Be (Get-Shape $Before)
        }

        It 'gives back every pre-upgrade item identical and keeps the restore started since, in the 1.0 format' {
            foreach ($table in $Before.items.Keys) {
                foreach ($key in $Before.items[$table].Keys) { $After.items[$table][$key] | Should -Be $Before.items[$table][$key] }
            }
            $item = (Invoke-AwsCli -Server $Moto dynamodb get-item --table-name "AuroraRestoreState-$Name" --key "{`"operation_id`":{`"S`":`"$($Operation.OperationId)`"}}").Item
            $item | Should -Not -BeNullOrEmpty
            $item.PSObject.Properties.Name | Should -Not -Contain 'format_version'
            $item.PSObject.Properties.Name | Should -Not -Contain 'created_at'
        }

        It 'has nothing to undo when run again' {
            { Undo-RestoreUpgrade -Environment $Name @Aws -Force } | Should -Throw -ErrorId 'NothingToUndo,AuroraRestore.Cmdlets.UndoRestoreUpgradeCommand'
        }
    }

    Context 'with -Method FromBackup' {
        BeforeAll {
            Stop-AuroraRestore -OperationId $Operation.OperationId -Environment $Name @Aws -Confirm:$false | Out-Null
            $script:Rolled = Get-State
            Invoke-RestoreUpgrade -Environment $Name -TargetVersion 2.0.0 -BackupPath $Backups @Aws -Force | Out-Null
            $script:Lost = Start-AuroraRestore -Environment $Name @Aws -Confirm:$false
            $script:Output = @(Undo-RestoreUpgrade -Environment $Name -Method FromBackup @Aws -Force -WarningVariable warnings)
            $script:Warnings = $warnings
            $script:After = Get-State
        }

        It 'warns how many operations created since the backup it removes, naming them' {
            ($Warnings -join ' ') | Should -Match 'loses 1 operation\(s\) created since'
            ($Warnings -join ' ') | Should -Match ([regex]::Escape($Lost.OperationId))
        }

        It 'gives exactly the backup''s items and the 1.0 pipeline' {
            $Output[-1].Method | Should -Be 'FromBackup'
            $Output[-1].Status | Should -Be 'Completed'
            foreach ($table in $Rolled.items.Keys) {
                @($After.items[$table].Keys | Sort-Object) | Should -Be @($Rolled.items[$table].Keys | Sort-Object)
                foreach ($key in $Rolled.items[$table].Keys) { $After.items[$table][$key] | Should -Be $Rolled.items[$table][$key] }
            }
            Get-Shape $After | Should -Be (Get-Shape $Before)
        }
    }
}

Describe 'Undo-RestoreUpgrade cmdlet' -Tag Unit {
    It 'declares its outputs and asks before changing anything (High)' {
        $command = Get-Command Undo-RestoreUpgrade
        $command.OutputType.Name | Should -Be @('AuroraRestore.Rollbacks.RollbackStepResult', 'AuroraRestore.Rollbacks.RollbackResult')
        $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        $command.Parameters.ContainsKey('WhatIf') | Should -BeTrue
        $command.Parameters['Method'].ParameterType | Should -Be ([Nullable[AuroraRestore.Rollbacks.RollbackMethod]])
        $command.Parameters['Environment'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipelineByPropertyName | Should -Contain $true
    }
}
