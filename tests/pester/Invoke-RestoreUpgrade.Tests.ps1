# Invoke-RestoreUpgrade against moto. Effects are observed through the AWS CLI and boto3; kills are real: a separate
# dotnet pwsh runs the upgrade with the test hook AURORARESTORE_TEST_STOP_AFTER_STEP and SIGKILLs itself right after the
# journal records that step, then the same command, run again, must end exactly where an uninterrupted run ends.
BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../support/ChildSession.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters -Server $Moto
    $script:Functions = 'snapshot-check', 'copy-snapshot', 'check-copy-status', 'delete-rds', 'check-delete-status', 'restore-snapshot',
        'check-restore-status', 'setup-db-users', 'verify-restore', 'archive-snapshot', 'sns-notification'
    $script:Catalog = [AuroraRestore.Versions.PipelineVersionCatalog]::Default
    $script:Backups = Join-Path $TestDrive 'backups'
    $null = New-Item -ItemType Directory $Backups

    # A source cluster with yesterday's snapshot, so that Start-AuroraRestore can really start restores.
    Invoke-AwsCli -Server $Moto rds create-db-cluster --db-cluster-identifier upg-src --engine aurora-postgresql --master-username a --master-user-password abcdefgh1 | Out-Null
    $yesterday = [DateTime]::UtcNow.Date.AddDays(-1).ToString('yyyy-MM-dd')
    Invoke-AwsCli -Server $Moto rds create-db-cluster-snapshot --db-cluster-identifier upg-src --db-cluster-snapshot-identifier "upg-src-daily-$yesterday" | Out-Null

    function Install-Environment([string] $Name) {
        # Pipeline 1.0.0 with a format 1 configuration and ended operations in the v1 formats.
        $config = @{ format_version = 1; source_region = 'us-east-1'; source_cluster_id = 'upg-src'; target_cluster_id = "upg-dst-$Name"; snapshot_prefix = 'upg-src-daily-'; setup_db_users = $false } | ConvertTo-Json -Compress
        Set-Content -Path (Join-Path $TestDrive "$Name.json") -Value $config
        Install-RestorePipeline -Version 1.0.0 -Environment $Name -ConfigPath (Join-Path $TestDrive "$Name.json") @Aws -Confirm:$false | Out-Null
        Invoke-Boto3 -Server $Moto -Script @"
db = client('dynamodb')
for i in range(8):
    op = 'op-%012x' % (0xabc000 + i)
    db.put_item(TableName='AuroraRestoreState-$Name', Item={'operation_id': {'S': op}, 'status': {'S': 'completed'}, 'completed': {'BOOL': True}, 'timestamp': {'S': '2026-11-0%dT10:00:00.000Z' % (i + 1)}, 'state': {'M': {'step': {'S': 'sns-notification'}}}})
    for j, step in enumerate(['snapshot-check', 'sns-notification']):
        db.put_item(TableName='AuroraRestoreAudit-$Name', Item={'operation_id': {'S': op}, 'timestamp': {'S': '2026-11-0%dT10:00:0%d.000Z' % (i + 1, j)}, 'step': {'S': step}, 'status': {'S': 'succeeded'}, 'details': {'M': {}}})
emit(True)
"@ | Out-Null
    }

    function Get-EnvironmentSnapshot([string] $Name) {
        # Everything an upgrade changes, with the environment's name and per-run times taken out, so two environments compare.
        $names = @{ stacks = @("aurora-restore-pipeline-$Name-iam", "aurora-restore-pipeline-$Name"); functions = @($Functions | ForEach-Object { "aurora-restore-$Name-$_" })
            tables = @("AuroraRestoreState-$Name", "AuroraRestoreAudit-$Name"); config = "/aurora-restore/$Name/config"; prefix = "aurora-restore-$Name-" } | ConvertTo-Json -Compress
        $snapshot = Invoke-Boto3 -Server $Moto -Script @"
names = json.loads('''$names''')
cfn, lam, ddb, ssm, cw = client('cloudformation'), client('lambda'), client('dynamodb'), client('ssm'), client('cloudwatch')
out = {'stacks': {}, 'functions': {}, 'tables': {}}
for s in names['stacks']:
    stack = cfn.describe_stacks(StackName=s)['Stacks'][0]
    body = cfn.get_template(StackName=s)['TemplateBody']
    out['stacks'][s] = {'status': stack['StackStatus'], 'tags': sorted((t['Key'], t['Value']) for t in stack['Tags']), 'parameters': sorted((p['ParameterKey'], p.get('ParameterValue')) for p in stack['Parameters']), 'template': json.dumps(body, sort_keys=True)}
for f in names['functions']:
    alias = lam.get_alias(FunctionName=f, Name='live')['FunctionVersion']
    live = lam.get_function_configuration(FunctionName=f, Qualifier=alias)
    out['functions'][f] = {'live': alias, 'versions': [v['Version'] for v in lam.list_versions_by_function(FunctionName=f)['Versions']], 'runs': live['Environment']['Variables']['AURORA_RESTORE_PIPELINE_VERSION'], 'code': live['CodeSha256']}
for t in names['tables']:
    items = ddb.scan(TableName=t)['Items']
    out['tables'][t] = {'indexes': sorted(i['IndexName'] for i in ddb.describe_table(TableName=t)['Table'].get('GlobalSecondaryIndexes', [])), 'items': sorted(json.dumps(i, sort_keys=True) for i in items)}
out['configuration'] = ssm.get_parameter(Name=names['config'])['Parameter']['Value']
out['alarms'] = sorted(a['AlarmName'] for a in cw.describe_alarms(AlarmNamePrefix=names['prefix'])['MetricAlarms'])
emit(out)
"@
        ($snapshot | ConvertTo-Json -Depth 100 -Compress).Replace("-$Name", '-ENV').Replace("/$Name/", '/ENV/').Replace("""$Name""", '"ENV"')
    }

    function Invoke-KilledUpgrade([string] $Name, [string] $StopAfter) {
        # A separate pwsh runs the upgrade and SIGKILLs itself right after the journal records $StopAfter.
        $parameters = @{ ModulePath = $env:AURORARESTORE_MODULE_PATH; Endpoint = $Moto.Endpoint; Name = $Name; Backups = $Backups }
        Invoke-ChildSession -Parameters $parameters -Environment @{ AURORARESTORE_TEST_STOP_AFTER_STEP = $StopAfter } -Script @'
param($ModulePath, $Endpoint, $Name, $Backups)
Import-Module $ModulePath
$c = [pscredential]::new('testing', (ConvertTo-SecureString 'testing' -AsPlainText -Force))
Invoke-RestoreUpgrade -Environment $Name -TargetVersion 3.0.0 -BackupPath $Backups -EndpointUrl $Endpoint -Region us-east-1 -Credential $c -Confirm:$false
'@
    }

    function Get-ControlRecord([string] $Name, [string] $Pk, [string] $Sk) {
        (Invoke-AwsCli -Server $Moto dynamodb get-item --table-name "AuroraRestoreControl-$Name" --key "{`"pk`":{`"S`":`"$Pk`"},`"sk`":{`"S`":`"$Sk`"}}" --consistent-read).Item
    }

    function Get-StackVersion([string] $Stack) {
        ((Invoke-AwsCli -Server $Moto cloudformation describe-stacks --stack-name $Stack).Stacks[0].Tags | Where-Object Key -eq 'aurora-restore:version').Value
    }

    # The reference: one uninterrupted 1.0.0 -> 3.0.0 run, in this session.
    Install-Environment ref
    $script:Before = Invoke-Boto3 -Server $Moto -Script "emit(sorted(i['operation_id']['S'] + '|' + i['timestamp']['S'] for i in client('dynamodb').scan(TableName='AuroraRestoreAudit-ref')['Items']))"
    $script:Output = @(Invoke-RestoreUpgrade -Environment ref -TargetVersion 3.0.0 -BackupPath $Backups @Aws -Confirm:$false)
    $script:Reference = Get-EnvironmentSnapshot ref
}

AfterAll {
    $Moto | Stop-MotoServer
}

Describe 'Invoke-RestoreUpgrade' -Tag Integration {
    Context 'when 1.0.0 is upgraded to 3.0.0 in one command' {
        It 'emits a result per step, then the upgrade''s result' {
            $steps = $Output | Where-Object { $_ -is [AuroraRestore.Upgrades.UpgradeStepResult] }
            $result = $Output[-1]
            $result | Should -BeOfType ([AuroraRestore.Upgrades.UpgradeResult])
            $result.Status | Should -Be 'Completed'
            @($steps).Count | Should -Be 24
            $steps.Status | Sort-Object -Unique | Should -Be 'Completed'
            $result.FreezeWindow | Should -BeGreaterThan ([TimeSpan]::Zero)
            $result.FreezeWindow | Should -BeLessThan $result.Duration
            $result.BackupName | Should -BeLike 'pre-upgrade-*'
            Join-Path $Backups "ref/$($result.BackupName)/manifest.json" | Should -Exist
        }

        It 'leaves both stacks at the 3.0 templates, the IAM stack updated before the main stack on 2.0 -> 3.0' {
            foreach ($stack in @{ Name = 'aurora-restore-pipeline-ref-iam'; Body = $Catalog.Get('3.0.0').IamTemplateBody }, @{ Name = 'aurora-restore-pipeline-ref'; Body = $Catalog.Get('3.0.0').MainTemplateBody }) {
                $deployed = (Invoke-AwsCli -Server $Moto cloudformation get-template --stack-name $stack.Name).TemplateBody | ConvertTo-Json -Depth 100 -Compress
                $deployed | Should -Be ($stack.Body | ConvertFrom-Json | ConvertTo-Json -Depth 100 -Compress)
                Get-StackVersion $stack.Name | Should -Be '3.0.0'
            }
            $updates = @{}
            foreach ($stack in 'aurora-restore-pipeline-ref-iam', 'aurora-restore-pipeline-ref') {
                $updates[$stack] = @((Invoke-AwsCli -Server $Moto cloudformation describe-stack-events --stack-name $stack).StackEvents |
                    Where-Object { $_.LogicalResourceId -eq $stack -and $_.ResourceStatus -eq 'UPDATE_COMPLETE' } | ForEach-Object { [DateTimeOffset]$_.Timestamp } | Sort-Object)
            }
            $updates['aurora-restore-pipeline-ref'][0] | Should -BeLessOrEqual $updates['aurora-restore-pipeline-ref-iam'][0]
            $updates['aurora-restore-pipeline-ref-iam'][1] | Should -BeLessOrEqual $updates['aurora-restore-pipeline-ref'][1]
        }

        It 'publishes new function versions and points live at them' {
            $snapshot = $Reference | ConvertFrom-Json
            foreach ($function in $Functions) {
                $f = $snapshot.functions."aurora-restore-ENV-$function"
                $f.runs | Should -Be '3.0.0'
                $f.versions | Should -Contain $f.live
                $f.live | Should -Be '3'
            }
        }

        It 'applies the v3 schema, migrates every state and audit item to v3 and loses none' {
            $snapshot = $Reference | ConvertFrom-Json
            $snapshot.tables.'AuroraRestoreState-ENV'.indexes | Should -Be 'StatusIndex'
            foreach ($table in 'AuroraRestoreState-ENV', 'AuroraRestoreAudit-ENV') {
                foreach ($item in $snapshot.tables.$table.items) { ($item | ConvertFrom-Json).format_version.N | Should -Be '3' }
            }
            $after = Invoke-Boto3 -Server $Moto -Script "emit(sorted(i['operation_id']['S'] + '|' + i['timestamp']['S'] for i in client('dynamodb').scan(TableName='AuroraRestoreAudit-ref')['Items']))"
            $after | Should -Be $Before
            $result = $Output[-1]
            foreach ($table in $result.Tables) { $table.ItemsAfter | Should -Be $table.ItemsBefore }
        }

        It 'converts the configuration to format 2 and the pipeline reports 3.0.0' {
            $config = (Invoke-AwsCli -Server $Moto ssm get-parameter --name /aurora-restore/ref/config).Parameter.Value | ConvertFrom-Json
            $config.format_version | Should -Be 2
            $config.metrics_namespace | Should -Be 'AuroraRestore'
            $config.source_cluster_id | Should -Be 'upg-src'
            $info = Get-RestorePipeline -Environment ref @Aws
            $info.Version | Should -Be '3.0.0'
            $info.Status | Should -Be 'Installed'
        }

        It 'records the run and releases the lock' {
            (Get-ControlRecord ref upgrade current).status.S | Should -Be 'completed'
            Get-ControlRecord ref lock upgrade | Should -BeNullOrEmpty
            Get-ControlRecord ref freeze intake | Should -BeNullOrEmpty
        }

        It 'does nothing when run again' {
            $again = Invoke-RestoreUpgrade -Environment ref -TargetVersion 3.0.0 -BackupPath $Backups @Aws -Confirm:$false
            $again.Status | Should -Be 'UpToDate'
            Get-EnvironmentSnapshot ref | Should -Be $Reference
        }
    }

    Context 'when the process is killed at a step boundary' {
        It 'finishes when run again, ending identical to an uninterrupted run (killed after <StopAfter>)' -ForEach @(
            @{ Name = 'killmain'; StopAfter = '004#main-stack' }
            @{ Name = 'killhop'; StopAfter = '012#iam-stack' }
        ) {
            Install-Environment $Name
            $killed = Invoke-KilledUpgrade $Name $StopAfter
            $killed.ExitCode | Should -Be 137 -Because ($killed.Output + $killed.Error)
            $journal = (Invoke-AwsCli -Server $Moto dynamodb query --table-name "AuroraRestoreControl-$Name" --key-condition-expression 'pk = :pk' --expression-attribute-values "{`":pk`":{`"S`":`"journal#$((Get-ControlRecord $Name upgrade current).run_id.S)`"}}").Items
            ($journal | Sort-Object { $_.sk.S })[-1].sk.S | Should -Be $StopAfter
            (Get-ControlRecord $Name lock upgrade).owner.S | Should -Match ' \d+$'
            (Get-ControlRecord $Name upgrade current).status.S | Should -Be 'running'

            $result = Invoke-RestoreUpgrade -Environment $Name -TargetVersion 3.0.0 -BackupPath $Backups @Aws -Confirm:$false | Select-Object -Last 1
            $result.Status | Should -Be 'Completed'
            $result.Resumed | Should -BeTrue
            Get-EnvironmentSnapshot $Name | Should -Be $Reference
        }
    }

    Context 'when restores are started around the switch-over' {
        It 'refuses them while intake is frozen and takes them outside the freeze' {
            Install-Environment frozen
            $killed = Invoke-KilledUpgrade frozen '003#freeze-intake'
            $killed.ExitCode | Should -Be 137 -Because ($killed.Output + $killed.Error)
            { Start-AuroraRestore -Environment frozen @Aws -Confirm:$false } |
                Should -Throw -ErrorId 'IntakeFrozen,AuroraRestore.Cmdlets.StartAuroraRestoreCommand'
            (Invoke-AwsCli -Server $Moto dynamodb scan --table-name AuroraRestoreState-frozen --filter-expression 'completed = :f' --expression-attribute-values '{":f":{"BOOL":false}}').Items | Should -BeNullOrEmpty

            (Invoke-RestoreUpgrade -Environment frozen -TargetVersion 3.0.0 -BackupPath $Backups @Aws -Confirm:$false | Select-Object -Last 1).Status | Should -Be 'Completed'
            Get-EnvironmentSnapshot frozen | Should -Be $Reference

            $operation = Start-AuroraRestore -Environment frozen @Aws -Confirm:$false
            $operation.OperationId | Should -Not -BeNullOrEmpty
            (Invoke-AwsCli -Server $Moto dynamodb get-item --table-name AuroraRestoreState-frozen --key "{`"operation_id`":{`"S`":`"$($operation.OperationId)`"}}").Item.format_version.N | Should -Be '3'
        }
    }

    Context 'when another upgrade holds the lock' {
        It 'refuses a second upgrade and takes over a lock whose lease has expired' {
            Install-Environment locked
            $lock = { param($expires) "{`"pk`":{`"S`":`"lock`"},`"sk`":{`"S`":`"upgrade`"},`"revision`":{`"N`":`"1`"},`"run_id`":{`"S`":`"other-run`"},`"owner`":{`"S`":`"ops@build-agent-9 31337`"},`"operation`":{`"S`":`"upgrade`"},`"acquired_at`":{`"S`":`"2026-11-25T09:00:00.000Z`"},`"expires_at`":{`"N`":`"$expires`"}}" }
            Invoke-AwsCli -Server $Moto dynamodb put-item --table-name AuroraRestoreControl-locked --item (& $lock ([DateTimeOffset]::UtcNow.AddMinutes(10).ToUnixTimeSeconds())) | Out-Null
            { Invoke-RestoreUpgrade -Environment locked -TargetVersion 2.0.0 -BackupPath $Backups @Aws -Confirm:$false } |
                Should -Throw -ErrorId 'UpgradeInProgress,AuroraRestore.Cmdlets.InvokeRestoreUpgradeCommand'
            Get-StackVersion aurora-restore-pipeline-locked | Should -Be '1.0.0'

            Invoke-AwsCli -Server $Moto dynamodb put-item --table-name AuroraRestoreControl-locked --item (& $lock ([DateTimeOffset]::UtcNow.AddMinutes(-1).ToUnixTimeSeconds())) | Out-Null
            (Invoke-RestoreUpgrade -Environment locked -TargetVersion 2.0.0 -BackupPath $Backups @Aws -Confirm:$false -WarningVariable warnings | Select-Object -Last 1).Status | Should -Be 'Completed'
            $warnings | Should -Match 'Taking over the upgrade lock'
            Get-StackVersion aurora-restore-pipeline-locked | Should -Be '2.0.0'
        }
    }

    Context 'when an input is bad' {
        BeforeAll {
            Install-Environment badin
            Get-RestoreUpgradePlan -Environment badin -TargetVersion 2.0.0 -OutFile (Join-Path $TestDrive 'badin-plan.json') @Aws | Out-Null
            $script:BadBefore = (Get-EnvironmentSnapshot badin)
        }

        It 'refuses <Case> with <ErrorId> and changes nothing' -ForEach @(
            @{ Case = '1.0 to 3.0 with -NoMultiHop'; ErrorId = 'UnsupportedUpgradePath'; Extra = @{ TargetVersion = '3.0.0'; NoMultiHop = $true } }
            @{ Case = 'an unknown version'; ErrorId = 'UnsupportedUpgradePath'; Extra = @{ TargetVersion = '7.0.0' } }
            @{ Case = 'a missing backup set'; ErrorId = 'BackupNotFound'; Extra = @{ TargetVersion = '2.0.0'; BackupName = 'no-such-set' } }
            @{ Case = 'a missing plan file'; ErrorId = 'UpgradePlanFileNotFound'; Extra = @{ Plan = 'TestDrive:/none.json' } }
            @{ Case = 'two backup locations'; ErrorId = 'BackupLocationConflict'; Extra = @{ TargetVersion = '2.0.0'; BackupBucket = 'somewhere' } }
        ) {
            { Invoke-RestoreUpgrade -Environment badin -BackupPath $Backups @Extra @Aws -Confirm:$false } |
                Should -Throw -ErrorId "$ErrorId,AuroraRestore.Cmdlets.InvokeRestoreUpgradeCommand"
            Get-ControlRecord badin lock upgrade | Should -BeNullOrEmpty
            Get-ControlRecord badin upgrade current | Should -BeNullOrEmpty
        }

        It 'refuses a downgrade' {
            { Invoke-RestoreUpgrade -Environment locked -TargetVersion 1.0.0 @Aws -Confirm:$false } |
                Should -Throw -ErrorId 'UnsupportedUpgradePath,AuroraRestore.Cmdlets.InvokeRestoreUpgradeCommand' -ExpectedMessage '*downgrade*'
        }

        It 'refuses a plan file made before the environment changed' {
            Invoke-AwsCli -Server $Moto dynamodb update-table --table-name AuroraRestoreState-badin --attribute-definitions 'AttributeName=status,AttributeType=S' `
                --global-secondary-index-updates '[{"Create":{"IndexName":"ByStatus","KeySchema":[{"AttributeName":"status","KeyType":"HASH"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}}]' | Out-Null
            { Invoke-RestoreUpgrade -Plan (Join-Path $TestDrive 'badin-plan.json') -BackupPath $Backups @Aws -Confirm:$false } |
                Should -Throw -ErrorId 'UpgradePlanStale,AuroraRestore.Cmdlets.InvokeRestoreUpgradeCommand' -ExpectedMessage '*ByStatus*'
            Invoke-AwsCli -Server $Moto dynamodb update-table --table-name AuroraRestoreState-badin --global-secondary-index-updates '[{"Delete":{"IndexName":"ByStatus"}}]' | Out-Null
            Get-EnvironmentSnapshot badin | Should -Be $BadBefore
        }

        It 'shows the plan with -WhatIf and changes nothing' {
            Invoke-RestoreUpgrade -Environment badin -TargetVersion 2.0.0 -BackupPath $Backups @Aws -WhatIf | Should -BeNullOrEmpty
            Get-EnvironmentSnapshot badin | Should -Be $BadBefore
            Get-ControlRecord badin upgrade current | Should -BeNullOrEmpty
        }
    }
}

Describe 'Invoke-RestoreUpgrade killed at every step boundary' -Tag Integration, Slow, Soak {
    It 'finishes after a kill at each of the 24 boundaries in turn, ending identical to an uninterrupted run' {
        Install-Environment chain
        $steps = @($Output | Where-Object { $_ -is [AuroraRestore.Upgrades.UpgradeStepResult] } | ForEach-Object Key)
        foreach ($step in $steps) {
            $killed = Invoke-KilledUpgrade chain $step
            $killed.ExitCode | Should -Be 137 -Because "killed after $step`: $($killed.Output)$($killed.Error)"
        }
        # Every step is done; the run is still "running" (killed after verify): the command finishes it.
        (Invoke-RestoreUpgrade -Environment chain -TargetVersion 3.0.0 -BackupPath $Backups @Aws -Confirm:$false | Select-Object -Last 1).Status | Should -Be 'Completed'
        Get-EnvironmentSnapshot chain | Should -Be $Reference
    }
}

Describe 'Upgrade cmdlets' -Tag Unit {
    It '<Name> declares its output and asks before changing anything (<Impact>)' -ForEach @(
        @{ Name = 'Invoke-RestoreUpgrade'; Output = 'AuroraRestore.Upgrades.UpgradeStepResult'; Impact = 'High' }
        @{ Name = 'Get-RestoreUpgradePlan'; Output = 'AuroraRestore.Upgrades.UpgradePlan'; Impact = 'Low' }
    ) {
        (Get-Command $Name).OutputType.Name | Should -Contain $Output
        (Get-Command $Name).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be $Impact
        (Get-Command $Name).Parameters.ContainsKey('WhatIf') | Should -BeTrue
    }

    It 'Invoke-RestoreUpgrade takes -TargetVersion or -Plan, not both' {
        (Get-Command Invoke-RestoreUpgrade).ParameterSets.Name | Should -Be @('TargetVersion', 'Plan')
        (Get-Command Invoke-RestoreUpgrade).Parameters['Environment'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipelineByPropertyName | Should -Contain $true
    }
}
