BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters -Server $Moto
    # The environment's tables, configuration and source, made with the AWS CLI until Install-RestorePipeline lands.
    Invoke-AwsCli $Moto dynamodb create-table --table-name AuroraRestoreState-pester --key-schema 'AttributeName=operation_id,KeyType=HASH' --attribute-definitions 'AttributeName=operation_id,AttributeType=S' --billing-mode PAY_PER_REQUEST | Out-Null
    Invoke-AwsCli $Moto rds create-db-cluster --db-cluster-identifier pester-src --engine aurora-postgresql --master-username a --master-user-password abcdefgh1 | Out-Null
    Invoke-AwsCli $Moto rds create-db-cluster --db-cluster-identifier pester-other --engine aurora-postgresql --master-username a --master-user-password abcdefgh1 | Out-Null
    Invoke-AwsCli $Moto rds create-db-cluster-snapshot --db-cluster-identifier pester-other --db-cluster-snapshot-identifier pester-other-snap | Out-Null
    $config = @{ format_version = 1; source_region = 'us-east-1'; source_cluster_id = 'pester-src'; target_cluster_id = 'pester-dst'; snapshot_prefix = 'pester-src-daily-'; setup_db_users = $false } | ConvertTo-Json -Compress
    Invoke-AwsCli $Moto ssm put-parameter --name /aurora-restore/pester/config --type String --value $config | Out-Null
    $yesterday = [DateTime]::UtcNow.Date.AddDays(-1).ToString('yyyy-MM-dd')
    Invoke-AwsCli $Moto rds create-db-cluster-snapshot --db-cluster-identifier pester-src --db-cluster-snapshot-identifier "pester-src-daily-$yesterday" | Out-Null
}

AfterAll {
    $Moto | Stop-MotoServer
}

Describe 'Start-AuroraRestore' -Tag Integration {
    Context 'when an input is bad' {
        It 'refuses <Case> with <ErrorId> before any change' -ForEach @(
            @{ Case = 'a missing source'; ErrorId = 'SourceClusterNotFound'; Extra = @{ SourceClusterIdentifier = 'pester-missing' } }
            @{ Case = 'a snapshot of another cluster'; ErrorId = 'SnapshotOfAnotherCluster'; Extra = @{ SnapshotIdentifier = 'pester-other-snap' } }
            @{ Case = 'an existing target'; ErrorId = 'TargetClusterExists'; Extra = @{ TargetClusterIdentifier = 'pester-other' } }
            @{ Case = 'a time outside the window'; ErrorId = 'RestoreTimeOutsideWindow'; Extra = @{ RestoreTime = [DateTimeOffset]'2001-01-01T00:00:00Z' } }
            @{ Case = 'an invalid identifier'; ErrorId = 'InvalidClusterIdentifier'; Extra = @{ TargetClusterIdentifier = 'bad--name' } }
            @{ Case = 'a bad instance class'; ErrorId = 'InvalidInstanceClass'; Extra = @{ DbInstanceClass = 'huge' } }
        ) {
            { Start-AuroraRestore @Aws -Environment pester -Local -Confirm:$false @Extra -ErrorAction Stop } |
                Should -Throw -ErrorId "$ErrorId,AuroraRestore.Cmdlets.StartAuroraRestoreCommand"
            (Invoke-AwsCli $Moto dynamodb scan --table-name AuroraRestoreState-pester).Items | Should -BeNullOrEmpty
        }
    }

    Context 'when run with -WhatIf' {
        It 'validates and changes nothing' {
            Start-AuroraRestore @Aws -Environment pester -Local -WhatIf | Should -BeNullOrEmpty
            (Invoke-AwsCli $Moto rds describe-db-clusters).DBClusters.DBClusterIdentifier | Should -Not -Contain 'pester-dst'
            (Invoke-AwsCli $Moto dynamodb scan --table-name AuroraRestoreState-pester).Items | Should -BeNullOrEmpty
        }
    }
}

Describe 'Restore cmdlets' -Tag Unit {
    It '<Name> supports ShouldProcess where it changes something and declares its output' -ForEach @(
        @{ Name = 'Start-AuroraRestore'; Changes = $true }
        @{ Name = 'Stop-AuroraRestore'; Changes = $true }
        @{ Name = 'Get-AuroraRestore'; Changes = $false }
        @{ Name = 'Wait-AuroraRestore'; Changes = $false }
    ) {
        $command = Get-Command $Name
        $command.OutputType.Name | Should -Contain 'AuroraRestore.Restores.RestoreOperation'
        $command.Parameters.ContainsKey('WhatIf') | Should -Be $Changes
    }

    It 'Stop-AuroraRestore asks for confirmation by default (ConfirmImpact High)' {
        $attribute = [AuroraRestore.Cmdlets.StopAuroraRestoreCommand].GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
    }

    It 'Get-AuroraRestore and Wait-AuroraRestore take OperationId from the pipeline by property name' {
        foreach ($name in 'Get-AuroraRestore', 'Wait-AuroraRestore', 'Stop-AuroraRestore') {
            (Get-Command $name).Parameters['OperationId'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).ValueFromPipelineByPropertyName | Should -Contain $true
        }
    }
}
