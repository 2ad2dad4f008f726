# Copy-RestorePipeline against moto: the target gets the source's version and configuration (with overrides), and with
# -IncludeState its items, anonymised on request; effects are checked through the AWS CLI and boto3.
BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters -Server $Moto
    $config = @{ format_version = 2; source_region = 'us-east-1'; source_cluster_id = 'prod-db'; target_cluster_id = 'prod-restored'; setup_db_users = $false } | ConvertTo-Json -Compress
    Set-Content -Path (Join-Path $TestDrive 'config.json') -Value $config
    Install-RestorePipeline -Version 3.0.0 -Environment src -ConfigPath (Join-Path $TestDrive 'config.json') @Aws -Confirm:$false | Out-Null
    # One v3 operation and its audit event, as the 3.0 pipeline writes them.
    $item = '{"operation_id":{"S":"op-0123456789ab"},"format_version":{"N":"3"},"status":{"S":"completed"},"completed":{"BOOL":true},"timestamp":{"S":"2026-01-01T00:00:00.000Z"},"created_at":{"S":"2026-01-01T00:00:00.000Z"},"updated_at":{"S":"2026-01-01T00:00:00.000Z"},"requested_by":{"S":"arn:aws:iam::123456789012:user/alice"},"retry_count":{"N":"0"},"pipeline_version":{"S":"3.0.0"},"step_history":{"L":[]},"state":{"M":{"step":{"S":"sns-notification"},"source_cluster_id":{"S":"prod-db"},"target_cluster_id":{"S":"prod-restored"},"cluster_endpoint":{"S":"prod-restored.cluster-abc.us-east-1.rds.amazonaws.com"},"snapshot_name":{"S":"rds:prod-db-2026-01-01"}}}}'
    Invoke-AwsCli $Moto dynamodb put-item --table-name AuroraRestoreState-src --item $item | Out-Null
    $event = '{"operation_id":{"S":"op-0123456789ab"},"timestamp":{"S":"2026-01-01T00:00:00.000Z"},"step":{"S":"operation"},"status":{"S":"started"},"format_version":{"N":"3"},"event_type":{"S":"operation_created"},"actor":{"S":"arn:aws:iam::123456789012:user/alice"},"pipeline_version":{"S":"3.0.0"},"details":{"M":{"source_cluster_id":{"S":"prod-db"},"target_cluster_id":{"S":"prod-restored"}}}}'
    Invoke-AwsCli $Moto dynamodb put-item --table-name AuroraRestoreAudit-src --item $event | Out-Null

    function Get-Config([string] $Environment) {
        (Invoke-AwsCli $Moto ssm get-parameter --name "/aurora-restore/$Environment/config").Parameter.Value | ConvertFrom-Json
    }
}

AfterAll {
    $Moto | Stop-MotoServer
}

Describe 'Copy-RestorePipeline' -Tag Integration {
    Context 'when copying with the state, anonymised' {
        BeforeAll {
            $script:Info = Copy-RestorePipeline -SourceEnvironment src -TargetEnvironment anon -ConfigurationOverride @{ target_cluster_id = 'anon-restored'; instance_count = 2 } -IncludeState -Anonymize @Aws -Confirm:$false
        }

        It 'installs the source''s version into the target and emits its PipelineInfo' {
            $Info.Environment | Should -Be 'anon'
            $Info.Version | Should -Be '3.0.0'
            $Info.Status | Should -Be 'Installed'
            $stack = (Invoke-AwsCli $Moto cloudformation describe-stacks --stack-name aurora-restore-pipeline-anon).Stacks[0]
            ($stack.Tags | Where-Object Key -eq 'aurora-restore:version').Value | Should -Be '3.0.0'
        }

        It 'copies the configuration with the overrides applied' {
            $source = Get-Config src
            $target = Get-Config anon
            $target.target_cluster_id | Should -Be 'anon-restored'
            $target.instance_count | Should -Be 2
            $target.source_cluster_id | Should -Be $source.source_cluster_id
            $target.format_version | Should -Be 2
            $target.setup_db_users | Should -BeFalse
        }

        It 'copies every item, keeping operation ids and formats and replacing identifiers with stable pseudonyms' {
            $state = (Invoke-AwsCli $Moto dynamodb scan --table-name AuroraRestoreState-anon).Items
            $audit = (Invoke-AwsCli $Moto dynamodb scan --table-name AuroraRestoreAudit-anon).Items
            @($state).Count | Should -Be 1
            @($audit).Count | Should -Be 1
            $state[0].operation_id.S | Should -Be 'op-0123456789ab'
            $state[0].format_version.N | Should -Be '3'
            $state[0].status.S | Should -Be 'completed'
            $text = ($state + $audit) | ConvertTo-Json -Depth 20
            foreach ($secret in 'prod-db', 'prod-restored', 'alice', 'cluster-abc') { $text | Should -Not -Match ([regex]::Escape($secret)) }
            $state[0].state.M.source_cluster_id.S | Should -Match '^anon-cluster-[0-9a-f]{12}$'
            # Stable: the same cluster gets the same pseudonym in the state item and in its audit event.
            $audit[0].details.M.source_cluster_id.S | Should -Be $state[0].state.M.source_cluster_id.S
            $audit[0].actor.S | Should -Be $state[0].requested_by.S
        }

        It 'leaves the source untouched' {
            (Invoke-AwsCli $Moto dynamodb scan --table-name AuroraRestoreState-src).Items[0].state.M.source_cluster_id.S | Should -Be 'prod-db'
        }

        It 'passes Test-RestorePipeline once the copied items are in the version''s format' {
            Test-RestorePipeline -Environment anon @Aws -Quiet -Confirm:$false -Check FunctionVersions, TableSchema | Should -BeTrue
        }
    }

    Context 'when copying without the state' {
        It 'installs the target and copies no items' {
            $info = Copy-RestorePipeline src plain -ConfigurationOverride @{ target_cluster_id = 'plain-restored' } @Aws -Confirm:$false
            $info.Version | Should -Be '3.0.0'
            (Invoke-AwsCli $Moto dynamodb scan --table-name AuroraRestoreState-plain).Items | Should -BeNullOrEmpty
        }
    }

    Context 'when the input is bad' {
        It 'refuses <Case> with <ErrorId> and creates nothing' -ForEach @(
            @{ Case = 'a target cluster that is the source environment''s'; ErrorId = 'CopyTargetsSourceCluster'; Extra = @{ TargetEnvironment = 'bad1' } }
            @{ Case = 'the same environment'; ErrorId = 'CopyToSameEnvironment'; Extra = @{ TargetEnvironment = 'src' } }
            @{ Case = 'an unknown configuration key'; ErrorId = 'ConfigurationInvalid'; Extra = @{ TargetEnvironment = 'bad2'; ConfigurationOverride = @{ target_cluster_id = 'x-restored'; typo_key = 1 } } }
            @{ Case = 'an invalid value'; ErrorId = 'ConfigurationInvalid'; Extra = @{ TargetEnvironment = 'bad3'; ConfigurationOverride = @{ target_cluster_id = 'bad--id' } } }
            @{ Case = '-Anonymize without -IncludeState'; ErrorId = 'AnonymizeWithoutState'; Extra = @{ TargetEnvironment = 'bad4'; Anonymize = $true } }
            @{ Case = 'a source without a pipeline'; ErrorId = 'PipelineNotInstalled'; Extra = @{ SourceEnvironment = 'nothing'; TargetEnvironment = 'bad5' } }
            @{ Case = 'a target that already has a pipeline'; ErrorId = 'PipelineAlreadyInstalled'; Extra = @{ TargetEnvironment = 'anon'; ConfigurationOverride = @{ target_cluster_id = 'y-restored' } } }
            @{ Case = 'an invalid environment name'; ErrorId = 'InvalidEnvironmentName'; Extra = @{ TargetEnvironment = 'Bad_Name' } }
        ) {
            $before = (Invoke-AwsCli $Moto cloudformation describe-stacks).Stacks.StackName | Sort-Object
            $parameters = @{ SourceEnvironment = 'src' }
            foreach ($key in $Extra.Keys) { $parameters[$key] = $Extra[$key] }
            { Copy-RestorePipeline @parameters @Aws -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,AuroraRestore.Cmdlets.CopyRestorePipelineCommand"
            (Invoke-AwsCli $Moto cloudformation describe-stacks).Stacks.StackName | Sort-Object | Should -Be $before
        }

        It 'changes nothing with -WhatIf' {
            Copy-RestorePipeline src whatif -ConfigurationOverride @{ target_cluster_id = 'w-restored' } @Aws -WhatIf | Should -BeNullOrEmpty
            (Invoke-AwsCli $Moto cloudformation describe-stacks).Stacks.StackName | Should -Not -Contain 'aurora-restore-pipeline-whatif'
        }
    }

    Context 'the cmdlet''s shape' -Tag Unit {
        It 'has a table view for its output' {
            Get-FormatData -TypeName AuroraRestore.Pipelines.PipelineInfo | Should -Not -BeNullOrEmpty
        }

        It 'declares its output and asks before changing (ConfirmImpact Medium)' {
            (Get-Command Copy-RestorePipeline).OutputType.Name | Should -Contain 'AuroraRestore.Pipelines.PipelineInfo'
            $attribute = [AuroraRestore.Cmdlets.CopyRestorePipelineCommand].GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
            $attribute.ConfirmImpact | Should -Be 'Medium'
            $attribute.SupportsShouldProcess | Should -BeTrue
        }
    }
}
