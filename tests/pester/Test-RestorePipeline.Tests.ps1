# Test-RestorePipeline against moto: healthy installs of every version pass; each broken case fails with the right check
# named. Installs are shared across the file (one per version, one per broken case) to keep it fast.
BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters -Server $Moto
    $script:Installs = @{}
    function Install-Once([string] $Environment, [string] $Version) {
        if (-not $Installs.ContainsKey($Environment)) {
            Install-RestorePipeline -Version $Version -Environment $Environment @Aws -Confirm:$false | Out-Null
            $Installs[$Environment] = $Version
        }
    }

    # Runs the cmdlet, collecting the checks it emits and the terminating error it ends with (if any).
    function Invoke-Verification([string] $Environment, [hashtable] $Extra = @{}) {
        $checks = [System.Collections.Generic.List[object]]::new()
        $errorRecord = $null
        try {
            Test-RestorePipeline -Environment $Environment @Aws @Extra -Confirm:$false -ErrorAction Stop | ForEach-Object { $checks.Add($_) }
        } catch {
            $errorRecord = $_
        }
        [pscustomobject]@{ Checks = $checks; Error = $errorRecord; Failed = @($checks | Where-Object Outcome -eq 'Failed' | ForEach-Object Name) }
    }
}

AfterAll {
    $Moto | Stop-MotoServer
}

Describe 'Test-RestorePipeline' -Tag Integration {
    Context 'when the <_> install is healthy' -ForEach '1.0.0', '2.0.0', '3.0.0' {
        BeforeAll {
            $script:Env = 'ok' + $_.Replace('.', '')
            Install-Once $Env $_
            $script:Result = Invoke-Verification $Env
        }

        It 'passes every check it runs and skips the sample restore' {
            $Result.Error | Should -BeNullOrEmpty
            $Result.Checks.Name | Should -Be @('FunctionVersions', 'StateMachineExecution', 'TableSchema', 'SampleRestore', 'Monitoring')
            ($Result.Checks | Where-Object Name -ne 'SampleRestore').Outcome | Should -Not -Contain 'Failed'
            ($Result.Checks | Where-Object Name -eq 'SampleRestore').Outcome | Should -Be 'Skipped'
            $Result.Checks.Version | Sort-Object -Unique | Should -Be $_
            $Result.Checks.Environment | Sort-Object -Unique | Should -Be $Env
        }

        It 'stops its probe execution and leaves no queue, subscription or probe records behind' {
            $seen = Invoke-Boto3 -Server $Moto -Script @"
sfn = client('stepfunctions')
arn = [m['stateMachineArn'] for m in sfn.list_state_machines()['stateMachines'] if m['name'] == 'aurora-restore-$Env-state-machine'][0]
topic = [t['TopicArn'] for t in client('sns').list_topics()['Topics'] if t['TopicArn'].endswith(':aurora-restore-$Env-notifications')][0]
emit({
  'executions': [{'name': e['name'], 'status': e['status']} for e in sfn.list_executions(stateMachineArn=arn)['executions']],
  'queues': client('sqs').list_queues().get('QueueUrls', []),
  'subscriptions': [s['Protocol'] for s in client('sns').list_subscriptions_by_topic(TopicArn=topic)['Subscriptions']],
  'items': client('dynamodb').scan(TableName='AuroraRestoreState-$Env')['Count'] + client('dynamodb').scan(TableName='AuroraRestoreAudit-$Env')['Count'],
})
"@
            $seen.executions | Should -Not -BeNullOrEmpty
            $seen.executions | ForEach-Object { $_.name | Should -Match '^verify-[0-9a-f]{8}$'; $_.status | Should -Be 'ABORTED' }
            @($seen.queues) -like '*-verify-*' | Should -BeNullOrEmpty
            @($seen.subscriptions) | Should -Not -Contain 'sqs'
            $seen.items | Should -Be 0
        }

        It 'answers $true with -Quiet' {
            Test-RestorePipeline -Environment $Env @Aws -Quiet -Confirm:$false -Check TableSchema | Should -BeTrue
        }
    }

    Context 'when something is broken' {
        It 'names FunctionVersions when a live alias points at an older version' {
            Install-Once 'bad-alias' '2.0.0'
            $function = 'aurora-restore-bad-alias-restore-snapshot'
            $live = (Invoke-AwsCli $Moto lambda get-alias --function-name $function --name live).FunctionVersion
            Invoke-AwsCli $Moto lambda update-function-configuration --function-name $function --description 'a change, published as a newer version' | Out-Null
            $newer = (Invoke-AwsCli $Moto lambda publish-version --function-name $function).Version
            $newer | Should -Not -Be $live
            # The alias stays on the old version: what a half-finished upgrade or a manual rollback leaves.
            $result = Invoke-Verification 'bad-alias'
            $result.Failed | Should -Be @('FunctionVersions')
            ($result.Checks | Where-Object Name -eq 'FunctionVersions').Detail | Should -Match ([regex]::Escape($function))
            $result.Error.FullyQualifiedErrorId | Should -Be 'PipelineVerificationFailed,AuroraRestore.Cmdlets.TestRestorePipelineCommand'
            $result.Error.Exception.Message | Should -Match 'FunctionVersions'
        }

        It 'names TableSchema when an index was deleted' {
            Install-Once 'bad-index' '2.0.0'
            Invoke-AwsCli $Moto dynamodb update-table --table-name AuroraRestoreState-bad-index --global-secondary-index-updates '[{"Delete":{"IndexName":"StatusIndex"}}]' | Out-Null
            $result = Invoke-Verification 'bad-index' @{ Check = 'TableSchema', 'FunctionVersions' }
            $result.Failed | Should -Be @('TableSchema')
            ($result.Checks | Where-Object Name -eq 'TableSchema').Detail | Should -Match 'StatusIndex is missing'
            $result.Error.FullyQualifiedErrorId | Should -Be 'PipelineVerificationFailed,AuroraRestore.Cmdlets.TestRestorePipelineCommand'
        }

        It 'names TableSchema with migration pending when items are in an older format' {
            Install-Once 'bad-items' '3.0.0'
            Invoke-AwsCli $Moto dynamodb put-item --table-name AuroraRestoreState-bad-items --item '{"operation_id":{"S":"op-000000000001"},"status":{"S":"completed"},"completed":{"BOOL":true},"timestamp":{"S":"2026-01-01T00:00:00.000Z"},"state":{"M":{}}}' | Out-Null
            $result = Invoke-Verification 'bad-items' @{ Check = 'TableSchema' }
            $result.Failed | Should -Be @('TableSchema')
            ($result.Checks | Where-Object Name -eq 'TableSchema').Detail | Should -Match 'migration pending: 1 in format 1'
        }

        It 'names Monitoring when an alarm no longer notifies the topic' {
            Install-Once 'bad-alarm' '2.0.0'
            $alarm = (Invoke-AwsCli $Moto cloudwatch describe-alarms --alarm-names aurora-restore-bad-alarm-execution-failures).MetricAlarms[0]
            Invoke-AwsCli $Moto cloudwatch put-metric-alarm --alarm-name $alarm.AlarmName --metric-name $alarm.MetricName --namespace $alarm.Namespace `
                --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold `
                --dimensions "Name=StateMachineArn,Value=$($alarm.Dimensions[0].Value)" | Out-Null
            $result = Invoke-Verification 'bad-alarm'
            $result.Failed | Should -Be @('Monitoring')
            ($result.Checks | Where-Object Name -eq 'Monitoring').Detail | Should -Match 'aurora-restore-bad-alarm-execution-failures does not notify'
        }

        It 'names Monitoring when the topic was deleted' {
            Install-Once 'bad-topic' '1.0.0'
            $topic = (Invoke-AwsCli $Moto sns list-topics).Topics.TopicArn | Where-Object { $_ -like '*:aurora-restore-bad-topic-notifications' }
            Invoke-AwsCli $Moto sns delete-topic --topic-arn $topic | Out-Null
            $result = Invoke-Verification 'bad-topic'
            $result.Failed | Should -Be @('Monitoring')
            ($result.Checks | Where-Object Name -eq 'Monitoring').Detail | Should -Match 'does not exist'
        }

        It 'names Monitoring when the 3.0 role lost cloudwatch:PutMetricData' {
            Install-Once 'bad-role' '3.0.0'
            $policy = (Invoke-AwsCli $Moto iam get-role-policy --role-name aurora-restore-bad-role-lambda-role --policy-name aurora-restore-functions).PolicyDocument
            $policy.Statement = @($policy.Statement | Where-Object Sid -ne 'StepMetrics')
            Invoke-AwsCli $Moto iam put-role-policy --role-name aurora-restore-bad-role-lambda-role --policy-name aurora-restore-functions --policy-document ($policy | ConvertTo-Json -Depth 20 -Compress) | Out-Null
            $result = Invoke-Verification 'bad-role' @{ Check = 'Monitoring' }
            $result.Failed | Should -Be @('Monitoring')
            ($result.Checks | Where-Object Name -eq 'Monitoring').Detail | Should -Match 'may not call cloudwatch:PutMetricData in namespace AuroraRestore'
        }

        It 'names StateMachineExecution when the state machine was deleted' {
            Install-Once 'bad-machine' '1.0.0'
            $machine = (Invoke-AwsCli $Moto stepfunctions list-state-machines).stateMachines | Where-Object name -eq 'aurora-restore-bad-machine-state-machine'
            Invoke-AwsCli $Moto stepfunctions delete-state-machine --state-machine-arn $machine.stateMachineArn | Out-Null
            $result = Invoke-Verification 'bad-machine'
            $result.Failed | Should -Be @('StateMachineExecution')
            ($result.Checks | Where-Object Name -eq 'StateMachineExecution').Detail | Should -Match 'does not exist'
        }

        It 'names FunctionVersions (and the other checks of the newer version) when another version is expected' {
            $result = Invoke-Verification 'ok100' @{ ExpectedVersion = '2.0.0' }
            $result.Failed | Should -Contain 'FunctionVersions'
            ($result.Checks | Where-Object Name -eq 'FunctionVersions').Detail | Should -Match 'at version 1.0.0, expected 2.0.0'
        }

        It 'answers $false with -Quiet and writes no error' {
            Test-RestorePipeline -Environment 'bad-machine' @Aws -Quiet -Confirm:$false -ErrorAction Stop | Should -BeFalse
        }

        It 'fails the pwsh process (exit code 1) for CI' {
            $script = "Import-Module '$($env:AURORARESTORE_MODULE_PATH)'; `$s = ConvertTo-SecureString testing -AsPlainText -Force; Test-RestorePipeline -Environment bad-machine -Check StateMachineExecution -EndpointUrl '$($Moto.Endpoint)' -Region us-east-1 -Credential ([pscredential]::new('testing', `$s)) -Confirm:`$false | Out-Null"
            & ([System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName) -NoProfile -NonInteractive -Command $script 2>&1 | Out-Null
            $LASTEXITCODE | Should -Be 1
        }
    }

    Context 'when the input is bad' {
        It 'refuses <Case> with <ErrorId> before creating anything' -ForEach @(
            @{ Case = 'an unknown expected version'; ErrorId = 'UnknownPipelineVersion'; Extra = @{ Environment = 'ok100'; ExpectedVersion = '9.9.9' } }
            @{ Case = 'a snapshot without -SampleRestore'; ErrorId = 'SnapshotWithoutSampleRestore'; Extra = @{ Environment = 'ok100'; SnapshotIdentifier = 'snap-1' } }
            @{ Case = 'an environment without a pipeline'; ErrorId = 'PipelineNotInstalled'; Extra = @{ Environment = 'nothing' } }
            @{ Case = 'an invalid environment name'; ErrorId = 'InvalidEnvironmentName'; Extra = @{ Environment = 'Bad_Name' } }
        ) {
            { Test-RestorePipeline @Aws @Extra -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,AuroraRestore.Cmdlets.TestRestorePipelineCommand"
        }

        It 'creates nothing with -WhatIf' {
            Test-RestorePipeline -Environment ok100 @Aws -WhatIf | Should -BeNullOrEmpty
            $queues = Invoke-AwsCli $Moto sqs list-queues
            if ($queues) { @($queues.QueueUrls) | Should -BeNullOrEmpty }
        }
    }

    Context 'when a sample restore is asked for' {
        BeforeAll {
            Install-Once 'sample' '1.0.0'
            Invoke-AwsCli $Moto rds create-db-cluster --db-cluster-identifier sample-src --engine aurora-postgresql --master-username a --master-user-password abcdefgh1 | Out-Null
            Invoke-AwsCli $Moto rds create-db-cluster-snapshot --db-cluster-identifier sample-src --db-cluster-snapshot-identifier sample-src-daily-2026-01-01 | Out-Null
            $config = @{ format_version = 1; source_region = 'us-east-1'; source_cluster_id = 'sample-src'; target_cluster_id = 'sample-dst'; snapshot_prefix = 'sample-src-daily-'; setup_db_users = $false } | ConvertTo-Json -Compress
            Invoke-AwsCli $Moto ssm put-parameter --name /aurora-restore/sample/config --type String --value $config | Out-Null
            $script:Sample = Invoke-Verification 'sample' @{ SampleRestore = $true; Check = 'SampleRestore' }
        }

        It 'restores the configured source''s snapshot into a scratch cluster and passes' {
            $Sample.Error | Should -BeNullOrEmpty
            $check = $Sample.Checks | Where-Object Name -eq 'SampleRestore'
            $check.Outcome | Should -Be 'Passed'
            $check.Detail | Should -Match 'sample-src-daily-2026-01-01'
        }

        It 'leaves no scratch cluster or instance behind, and the operation completed' {
            $clusters = (Invoke-AwsCli $Moto rds describe-db-clusters).DBClusters | Where-Object DBClusterIdentifier -like 'aurora-restore-sample-verify-*'
            @($clusters | Where-Object Status -ne 'deleting') | Should -BeNullOrEmpty
            @((Invoke-AwsCli $Moto rds describe-db-instances).DBInstances | Where-Object DBInstanceIdentifier -like 'aurora-restore-sample-verify-*') | Should -BeNullOrEmpty
            $items = (Invoke-AwsCli $Moto dynamodb scan --table-name AuroraRestoreState-sample).Items
            $items.operation_id.S | Should -Match '^verify-[0-9a-f]{8}-restore$'
            $items.status.S | Should -Be 'completed'
        }

        It 'fails SampleRestore when the given snapshot does not exist' {
            $result = Invoke-Verification 'sample' @{ SampleRestore = $true; SnapshotIdentifier = 'no-such-snapshot'; Check = 'SampleRestore' }
            $result.Failed | Should -Be @('SampleRestore')
            ($result.Checks | Where-Object Name -eq 'SampleRestore').Detail | Should -Match 'no-such-snapshot does not exist'
        }
    }

    Context 'the cmdlet''s shape' -Tag Unit {
        It 'has a table view for its output' {
            Get-FormatData -TypeName AuroraRestore.Verification.PipelineCheck | Should -Not -BeNullOrEmpty
        }

        It 'declares its output, supports -WhatIf and takes Environment and Version from the pipeline' {
            $command = Get-Command Test-RestorePipeline
            $command.OutputType.Name | Should -Contain 'AuroraRestore.Verification.PipelineCheck'
            $command.Parameters.ContainsKey('WhatIf') | Should -BeTrue
            $command.Parameters['ExpectedVersion'].Aliases | Should -Contain 'Version'
            foreach ($name in 'Environment', 'ExpectedVersion') {
                $command.Parameters[$name].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipelineByPropertyName | Should -Contain $true
            }
        }
    }
}
