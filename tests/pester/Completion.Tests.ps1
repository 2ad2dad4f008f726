# Tab completion as the user meets it (TabExpansion2), against what exists in moto, made through the AWS CLI.
# Completers that later cmdlets attach (-OperationId, backup names) are called as PowerShell calls them.

BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Saved = @{}
    foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AURORARESTORE_COMPLETION_TIMEOUT') { $Saved[$name] = [Environment]::GetEnvironmentVariable($name) }
    # A busy test machine may need more than the default 3 s for the first call; the hang test sets its own limit.
    $env:AURORARESTORE_COMPLETION_TIMEOUT = '20'
    # Completion sees only what is typed: the keys come from the environment, as they would for a user.
    $env:AWS_ACCESS_KEY_ID = 'testing'
    $env:AWS_SECRET_ACCESS_KEY = 'testing'
    $env:AWS_SESSION_TOKEN = $null
    $env:AWS_PROFILE = $null
    $env:AWS_ENDPOINT_URL = $null
    $script:Typed = "-EndpointUrl $($Moto.Endpoint) -Region us-east-1"

    function Get-Completion {
        param([Parameter(Mandatory)] [string] $Line)
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }

    function Invoke-Completer {
        # What PowerShell does with [ArgumentCompleter(typeof(...))]: create the class, call CompleteArgument.
        param([string] $TypeName, [string] $Word, [hashtable] $Bound)
        $type = (Get-Command Get-RestorePipeline).ImplementingType.Assembly.GetType("AuroraRestore.Cmdlets.$TypeName", $true)
        @([Activator]::CreateInstance($type).CompleteArgument('Some-Command', 'Name', $Word, $null, $Bound))
    }

    $template = '{"Resources":{"Topic":{"Type":"AWS::SNS::Topic"}}}'
    foreach ($environment in 'complete-alpha', 'complete-beta') {
        $null = Invoke-AwsCli $Moto cloudformation create-stack --stack-name "aurora-restore-pipeline-$environment" --template-body $template `
            --tags "Key=aurora-restore:environment,Value=$environment" 'Key=aurora-restore:version,Value=2.0.0'
    }
}

AfterAll {
    foreach ($name in $Saved.Keys) {
        # $null through [Environment]::SetEnvironmentVariable would leave an empty variable behind.
        if ($null -eq $Saved[$name]) { Remove-Item -LiteralPath "env:$name" -ErrorAction SilentlyContinue }
        else { Set-Item -LiteralPath "env:$name" -Value $Saved[$name] }
    }
    if ($script:Moto) { Stop-MotoServer $Moto }
}

Describe 'Completion of -Environment' -Tag Integration {
    It 'offers the environments deployed in the region' {
        $found = Get-Completion "Get-RestorePipeline $Typed -Environment "
        $found.CompletionText | Should -Be @('complete-alpha', 'complete-beta')
        $found[0].ToolTip | Should -Be 'pipeline 2.0.0 (CREATE_COMPLETE)'
        $found[0].ResultType | Should -Be 'ParameterValue'
    }

    It 'offers only what starts with the word typed' {
        (Get-Completion "Remove-RestorePipeline $Typed -Environment complete-b").CompletionText | Should -Be @('complete-beta')
    }

    It 'offers nothing when the settings typed are wrong' {
        Get-Completion "Get-RestorePipeline -EndpointUrl $($Moto.Endpoint) -Region not-a-region -Environment " | Should -BeNullOrEmpty
    }

    It 'gives up instead of hanging when AWS does not answer' {
        # A port that accepts connections and never answers.
        $silent = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $silent.Start()
        $env:AURORARESTORE_COMPLETION_TIMEOUT = '2'
        try {
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $found = Get-Completion "Get-RestorePipeline -EndpointUrl http://127.0.0.1:$($silent.LocalEndpoint.Port) -Region us-east-1 -Environment "
            $watch.Stop()
        } finally {
            $silent.Stop()
            $env:AURORARESTORE_COMPLETION_TIMEOUT = '20'
        }
        $found | Should -BeNullOrEmpty
        # The limit was 2 s; this generous bound only proves that the completer returned at all.
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
    }
}

Describe 'Completion of -Version' -Tag Unit {
    It 'offers the catalog''s versions' {
        (Get-Completion 'Install-RestorePipeline -Version ').CompletionText | Should -Be @('1.0.0', '2.0.0', '3.0.0')
        (Get-Completion 'Install-RestorePipeline -Version 2').CompletionText | Should -Be @('2.0.0')
    }
}

Describe 'Completers for later cmdlets' -Tag Integration {
    BeforeAll {
        $null = Invoke-AwsCli $Moto dynamodb create-table --table-name AuroraRestoreState-complete-ops --billing-mode PAY_PER_REQUEST `
            --attribute-definitions 'AttributeName=operation_id,AttributeType=S' --key-schema 'AttributeName=operation_id,KeyType=HASH'
        $null = Invoke-AwsCli $Moto dynamodb put-item --table-name AuroraRestoreState-complete-ops --item '{"operation_id":{"S":"op-00000000000a"},"status":{"S":"completed"},"completed":{"BOOL":true},"timestamp":{"S":"2026-11-24T10:00:00.000Z"}}'
        $null = Invoke-AwsCli $Moto dynamodb put-item --table-name AuroraRestoreState-complete-ops --item '{"operation_id":{"S":"op-00000000000b"},"status":{"S":"in_progress"},"completed":{"BOOL":false},"timestamp":{"S":"2026-11-20T10:00:00.000Z"}}'
        $null = Invoke-AwsCli $Moto dynamodb create-backup --table-name AuroraRestoreState-complete-ops --backup-name pre-upgrade-backup
        $script:Bound = @{ EndpointUrl = $Moto.Endpoint; Region = 'us-east-1'; Environment = 'complete-ops' }
    }

    It 'OperationIdCompleter offers the operations, running ones first' {
        $results = Invoke-Completer OperationIdCompleter '' $Bound
        $results.CompletionText | Should -Be @('op-00000000000b', 'op-00000000000a')
        $results[0].ToolTip | Should -Be 'in_progress, 2026-11-20T10:00:00.000Z'
        (Invoke-Completer OperationIdCompleter 'op-00000000000a' $Bound).CompletionText | Should -Be @('op-00000000000a')
    }

    It 'UpgradeTargetCompleter offers the versions reachable from the deployed one' {
        # complete-alpha has pipeline 2.0.0 (its stack's version tag): only 3.0.0 is an upgrade from there.
        $results = Invoke-Completer UpgradeTargetCompleter '' @{ EndpointUrl = $Moto.Endpoint; Region = 'us-east-1'; Environment = 'complete-alpha' }
        $results.CompletionText | Should -Be @('3.0.0')
        $results[0].ToolTip | Should -BeLike 'direct from 2.0.0: *'
    }

    It 'BackupNameCompleter offers the backup sets' {
        (Invoke-Completer BackupNameCompleter 'pre' $Bound).CompletionText | Should -Be @('pre-upgrade-backup')
        Invoke-Completer BackupNameCompleter 'pre' @{ EndpointUrl = $Moto.Endpoint; Region = 'us-east-1'; Environment = 'complete-none' } | Should -BeNullOrEmpty
    }
}
