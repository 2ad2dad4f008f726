# Get-RestoreStateBackup against moto: sets in a folder and in S3, with their status.
BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters -Server $Moto
    Install-RestorePipeline -Version 1.0.0 -Environment pget @Aws -Confirm:$false | Out-Null
    $script:Sets = Join-Path $TestDrive 'sets'
    $script:First = Backup-RestoreState -Environment pget -Name pget-first -Path $Sets @Aws -Confirm:$false
    $script:Second = Backup-RestoreState -Environment pget -Name pget-second -Path $Sets @Aws -Confirm:$false
    $script:InS3 = Backup-RestoreState -Environment pget -Name pget-s3 @Aws -Confirm:$false
}

AfterAll {
    $Moto | Stop-MotoServer
}

Describe 'Get-RestoreStateBackup' -Tag Integration {
    It 'lists the sets in a folder, newest first, with their tables' {
        $sets = Get-RestoreStateBackup -Environment pget -Path $Sets @Aws
        $sets.Name | Should -Be @('pget-second', 'pget-first')
        $sets[0].Status | Should -Be 'Unverified'
        $sets[0].Tables.TableName | Should -Be @('AuroraRestoreState-pget', 'AuroraRestoreAudit-pget')
        $sets[0].Tables[0].BackupArn | Should -Be $Second.Tables[0].BackupArn
    }

    It 'lists the sets in the artifact bucket when neither -Path nor -Bucket is given' {
        (Get-RestoreStateBackup -Environment pget @Aws).Name | Should -Be @('pget-s3')
        $bucket = $InS3.Location.Split('/')[2]
        (Get-RestoreStateBackup -Environment pget -Bucket $bucket @Aws).Name | Should -Be @('pget-s3')
    }

    It 'filters by name with wildcards' {
        (Get-RestoreStateBackup -Environment pget -Path $Sets -Name '*first' @Aws).Name | Should -Be 'pget-first'
    }

    It 'says Incomplete when a file or a table backup of the set is gone' {
        Remove-Item (Join-Path $Sets 'pget/pget-first/functions.json')
        Invoke-AwsCli -Server $Moto dynamodb delete-backup --backup-arn $Second.Tables[1].BackupArn | Out-Null
        $sets = Get-RestoreStateBackup -Environment pget -Path $Sets @Aws
        ($sets | Where-Object Name -eq 'pget-first').Status | Should -Be 'Incomplete'
        ($sets | Where-Object Name -eq 'pget-second').Status | Should -Be 'Incomplete'
    }

    It 'says Incomplete for a set whose manifest was never written' {
        $null = New-Item -ItemType Directory (Join-Path $Sets 'pget/pget-killed')
        Set-Content (Join-Path $Sets 'pget/pget-killed/main-stack.template') '{}'
        (Get-RestoreStateBackup -Environment pget -Path $Sets -Name pget-killed @Aws).Status | Should -Be 'Incomplete'
    }

    It 'reports an unknown name as BackupNotFound' {
        { Get-RestoreStateBackup -Environment pget -Path $Sets -Name pget-none @Aws -ErrorAction Stop } |
            Should -Throw -ErrorId 'BackupNotFound,AuroraRestore.Cmdlets.GetRestoreStateBackupCommand'
    }

    It 'refuses both -Path and -Bucket' {
        { Get-RestoreStateBackup -Environment pget -Path $Sets -Bucket b @Aws } |
            Should -Throw -ErrorId 'BackupLocationConflict,AuroraRestore.Cmdlets.GetRestoreStateBackupCommand'
    }
}
