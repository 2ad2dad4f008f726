# Install-, Get- and Remove-RestorePipeline against moto; effects checked through the AWS CLI.
BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters -Server $Moto
    $script:Functions = 'snapshot-check', 'copy-snapshot', 'check-copy-status', 'delete-rds', 'check-delete-status', 'restore-snapshot',
        'check-restore-status', 'setup-db-users', 'verify-restore', 'archive-snapshot', 'sns-notification'

    function Get-StackNames {
        (Invoke-AwsCli -Server $Moto cloudformation describe-stacks).Stacks.StackName | Sort-Object
    }
}

AfterAll {
    $Moto | Stop-MotoServer
}

Describe 'Install-RestorePipeline' -Tag Integration {
    Context 'when installing version <_>' -ForEach '1.0.0', '2.0.0', '3.0.0' {
        BeforeAll {
            $script:Version = $_
            $script:Env = 'v' + $_.Replace('.', '')
            $script:Result = Install-RestorePipeline -Version $Version -Environment $Env @Aws -Confirm:$false
        }

        It 'creates both stacks, complete and tagged with the version' {
            foreach ($name in "aurora-restore-pipeline-$Env-iam", "aurora-restore-pipeline-$Env") {
                $stack = (Invoke-AwsCli -Server $Moto cloudformation describe-stacks --stack-name $name).Stacks[0]
                $stack.StackStatus | Should -Be 'CREATE_COMPLETE'
                ($stack.Tags | Where-Object Key -eq 'aurora-restore:version').Value | Should -Be $Version
            }
        }

        It 'creates both tables with the same keys in every version' {
            $state = (Invoke-AwsCli -Server $Moto dynamodb describe-table --table-name "AuroraRestoreState-$Env").Table
            $audit = (Invoke-AwsCli -Server $Moto dynamodb describe-table --table-name "AuroraRestoreAudit-$Env").Table
            $state.KeySchema.AttributeName | Should -Be @('operation_id')
            $audit.KeySchema.AttributeName | Should -Be @('operation_id', 'timestamp')
        }

        It 'applies the version''s indexes' {
            $indexes = @((Invoke-AwsCli -Server $Moto dynamodb describe-table --table-name "AuroraRestoreState-$Env").Table.GlobalSecondaryIndexes | Where-Object { $_ } | ForEach-Object IndexName)
            if ($Version -eq '1.0.0') { $indexes | Should -BeNullOrEmpty } else { $indexes | Should -Contain 'StatusIndex' }
        }

        It 'publishes every function and points its live alias at the published version' {
            $functions = $Functions | ForEach-Object { "aurora-restore-$Env-$_" }
            $seen = Invoke-Boto3 -Server $Moto -Script @"
lam = client('lambda')
out = {}
for name in $(ConvertTo-Json -Compress @($functions)):
    alias = lam.get_alias(FunctionName=name, Name='live')['FunctionVersion']
    versions = [v['Version'] for v in lam.list_versions_by_function(FunctionName=name)['Versions']]
    out[name] = {'alias': alias, 'versions': versions}
emit(out)
"@
            foreach ($name in $functions) {
                $seen.$name.alias | Should -Not -Be '$LATEST'
                $seen.$name.versions | Should -Contain $seen.$name.alias
            }
        }

        It 'creates the state machine' {
            (Invoke-AwsCli -Server $Moto stepfunctions list-state-machines).stateMachines.name | Should -Contain "aurora-restore-$Env-state-machine"
        }

        It 'creates the version''s alarms, wired to the topic' {
            $alarms = (Invoke-AwsCli -Server $Moto cloudwatch describe-alarms --alarm-name-prefix "aurora-restore-$Env-").MetricAlarms
            $alarms | Should -Not -BeNullOrEmpty
            $topic = (Invoke-AwsCli -Server $Moto sns list-topics).Topics.TopicArn | Where-Object { $_ -like "*:aurora-restore-$Env-notifications" }
            foreach ($alarm in $alarms) { $alarm.AlarmActions | Should -Contain $topic }
        }

        It 'reads back the version through Get-RestorePipeline' {
            $info = Get-RestorePipeline -Environment $Env @Aws
            $info.Version | Should -Be $Version
            $info.Status | Should -Be 'Installed'
            $info.Functions.Count | Should -Be 11
            $Result.Version | Should -Be $Version
        }
    }

    Context 'when the input is bad' {
        It 'refuses an unknown version and changes nothing' {
            $before = Get-StackNames
            { Install-RestorePipeline -Version 9.9.9 -Environment bad1 @Aws -Confirm:$false } |
                Should -Throw -ErrorId 'UnknownPipelineVersion,AuroraRestore.Cmdlets.InstallRestorePipelineCommand'
            Get-StackNames | Should -Be $before
        }

        It 'refuses an environment that already has a pipeline' {
            $before = Get-StackNames
            { Install-RestorePipeline -Version 1.0.0 -Environment v100 @Aws -Confirm:$false } |
                Should -Throw -ErrorId 'PipelineAlreadyInstalled,AuroraRestore.Cmdlets.InstallRestorePipelineCommand'
            Get-StackNames | Should -Be $before
        }

        It 'refuses a malformed configuration file' {
            $before = Get-StackNames
            Set-Content -Path TestDrive:/bad.json -Value '{ "format_version": 1, "source_region": '
            { Install-RestorePipeline -Version 1.0.0 -Environment bad2 -ConfigPath TestDrive:/bad.json @Aws -Confirm:$false } |
                Should -Throw -ErrorId 'ConfigurationMalformed,AuroraRestore.Cmdlets.InstallRestorePipelineCommand'
            Get-StackNames | Should -Be $before
        }

        It 'refuses a configuration file that does not exist' {
            { Install-RestorePipeline -Version 1.0.0 -Environment bad2 -ConfigPath TestDrive:/none.json @Aws -Confirm:$false } |
                Should -Throw -ErrorId 'ConfigurationFileNotFound,AuroraRestore.Cmdlets.InstallRestorePipelineCommand'
        }

        It 'refuses an invalid environment name' {
            { Install-RestorePipeline -Version 1.0.0 -Environment 'Bad_Name' @Aws -Confirm:$false } |
                Should -Throw -ErrorId 'InvalidEnvironmentName,AuroraRestore.Cmdlets.InstallRestorePipelineCommand'
        }

        It 'reports an unreachable endpoint as a connection error' {
            $unreachable = $Aws.Clone()
            $unreachable.EndpointUrl = 'http://127.0.0.1:9'
            { Install-RestorePipeline -Version 1.0.0 -Environment bad3 @unreachable -Confirm:$false } |
                Should -Throw -ErrorId 'AwsEndpointUnreachable,AuroraRestore.Cmdlets.InstallRestorePipelineCommand'
        }

        It 'reports missing credentials before calling AWS' {
            $noCredentials = @{
                AWS_ACCESS_KEY_ID = $null; AWS_SECRET_ACCESS_KEY = $null; AWS_SESSION_TOKEN = $null; AWS_PROFILE = $null
                AWS_CONTAINER_CREDENTIALS_FULL_URI = $null; AWS_CONTAINER_CREDENTIALS_RELATIVE_URI = $null
                AWS_SHARED_CREDENTIALS_FILE = (Join-Path $TestDrive 'no-credentials'); AWS_CONFIG_FILE = (Join-Path $TestDrive 'no-config')
                AWS_EC2_METADATA_DISABLED = 'true'
            }
            Invoke-WithEnvironment -Variables $noCredentials -ScriptBlock {
                { Install-RestorePipeline -Version 1.0.0 -Environment bad4 -EndpointUrl $Moto.Endpoint -Region us-east-1 -Confirm:$false } |
                    Should -Throw -ErrorId 'AwsCredentialsNotFound,AuroraRestore.Cmdlets.InstallRestorePipelineCommand'
            }
            Get-StackNames | Should -Not -Contain 'aurora-restore-pipeline-bad4'
        }
    }

    Context 'when an earlier install stopped half-way' {
        It 'finishes it when run again, and only then refuses a second install' {
            Install-RestorePipeline -Version 2.0.0 -Environment resume @Aws -Confirm:$false | Out-Null
            # What a run killed after the stacks leaves behind: the install record still in progress, aliases and indexes missing.
            Invoke-AwsCli -Server $Moto dynamodb put-item --table-name AuroraRestoreControl-resume --item '{"pk":{"S":"pipeline"},"sk":{"S":"installation"},"version":{"S":"2.0.0"},"status":{"S":"in_progress"},"revision":{"N":"1"}}' | Out-Null
            Invoke-AwsCli -Server $Moto lambda delete-alias --function-name aurora-restore-resume-verify-restore --name live | Out-Null
            Invoke-AwsCli -Server $Moto dynamodb update-table --table-name AuroraRestoreState-resume --global-secondary-index-updates '[{"Delete":{"IndexName":"StatusIndex"}}]' | Out-Null

            Install-RestorePipeline -Version 2.0.0 -Environment resume @Aws -Confirm:$false | Out-Null

            (Invoke-AwsCli -Server $Moto lambda get-alias --function-name aurora-restore-resume-verify-restore --name live).FunctionVersion | Should -Not -BeNullOrEmpty
            (Invoke-AwsCli -Server $Moto dynamodb describe-table --table-name AuroraRestoreState-resume).Table.GlobalSecondaryIndexes.IndexName | Should -Contain 'StatusIndex'
            (Invoke-AwsCli -Server $Moto dynamodb get-item --table-name AuroraRestoreControl-resume --key '{"pk":{"S":"pipeline"},"sk":{"S":"installation"}}').Item.status.S | Should -Be 'complete'
            { Install-RestorePipeline -Version 2.0.0 -Environment resume @Aws -Confirm:$false } |
                Should -Throw -ErrorId 'PipelineAlreadyInstalled,AuroraRestore.Cmdlets.InstallRestorePipelineCommand'
        }
    }

    Context 'when run with -WhatIf' {
        It 'changes nothing' {
            $before = Get-StackNames
            Install-RestorePipeline -Version 2.0.0 -Environment whatif @Aws -WhatIf
            Get-StackNames | Should -Be $before
        }
    }
}

Describe 'Get-RestorePipeline' -Tag Integration {
    It 'says NotInstalled for an empty environment' {
        (Get-RestorePipeline -Environment nothing @Aws).Status | Should -Be 'NotInstalled'
    }

    It 'names a missing live alias as a problem' {
        Install-RestorePipeline -Version 1.0.0 -Environment broken @Aws -Confirm:$false | Out-Null
        Invoke-AwsCli -Server $Moto lambda delete-alias --function-name aurora-restore-broken-verify-restore --name live | Out-Null
        $info = Get-RestorePipeline -Environment broken @Aws
        $info.Status | Should -Be 'Incomplete'
        $info.Problems | Should -Contain 'function aurora-restore-broken-verify-restore has no live alias'
    }

    It 'counts in-progress operations as the migration guide does (completed = false)' {
        Invoke-AwsCli -Server $Moto dynamodb put-item --table-name AuroraRestoreState-broken --item '{"operation_id":{"S":"op-1"},"status":{"S":"in_progress"},"completed":{"BOOL":false},"timestamp":{"S":"2026-01-01T00:00:00.000Z"},"state":{"M":{}}}' | Out-Null
        Invoke-AwsCli -Server $Moto dynamodb put-item --table-name AuroraRestoreState-broken --item '{"operation_id":{"S":"op-2"},"status":{"S":"completed"},"completed":{"BOOL":true},"timestamp":{"S":"2026-01-01T00:00:00.000Z"},"state":{"M":{}}}' | Out-Null
        (Get-RestorePipeline -Environment broken @Aws).InProgressOperations | Should -Be 1
    }
}

Describe 'Remove-RestorePipeline' -Tag Integration {
    It 'changes nothing with -WhatIf' {
        Remove-RestorePipeline -Environment broken @Aws -WhatIf
        Get-StackNames | Should -Contain 'aurora-restore-pipeline-broken'
    }

    It 'deletes both stacks, the tables and the alarms' {
        Remove-RestorePipeline -Environment broken @Aws -Force   # no prompt: -Force alone must not ask
        Get-StackNames | Should -Not -Contain 'aurora-restore-pipeline-broken'
        Get-StackNames | Should -Not -Contain 'aurora-restore-pipeline-broken-iam'
        (Invoke-AwsCli -Server $Moto dynamodb list-tables).TableNames | Should -Not -Contain 'AuroraRestoreState-broken'
        (Invoke-AwsCli -Server $Moto dynamodb list-tables).TableNames | Should -Not -Contain 'AuroraRestoreControl-broken'
        (Invoke-AwsCli -Server $Moto cloudwatch describe-alarms --alarm-name-prefix 'aurora-restore-broken-').MetricAlarms | Should -BeNullOrEmpty
    }
}
