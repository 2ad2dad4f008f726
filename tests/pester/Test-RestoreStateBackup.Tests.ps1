# Test-RestoreStateBackup against moto: a good set passes, a damaged one fails with the specific check.
BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters -Server $Moto
    Install-RestorePipeline -Version 2.0.0 -Environment ptest @Aws -Confirm:$false | Out-Null
    Invoke-AwsCli -Server $Moto dynamodb put-item --table-name AuroraRestoreState-ptest --item '{"operation_id":{"S":"op-1"},"status":{"S":"completed"},"updated_at":{"S":"2026-01-01T00:00:00Z"},"completed":{"BOOL":true}}' | Out-Null
    $script:Sets = Join-Path $TestDrive 'sets'

    function Get-ScratchTables { @((Invoke-AwsCli -Server $Moto dynamodb list-tables).TableNames | Where-Object { $_ -like '*-verify-*' }) }
}

AfterAll {
    $Moto | Stop-MotoServer
}

Describe 'Test-RestoreStateBackup' -Tag Integration {
    It 'passes a good set taken from the pipeline, one check per table and file, and removes its scratch tables' {
        Backup-RestoreState -Environment ptest -Name ptest-good -Path $Sets @Aws -Confirm:$false | Out-Null
        $output = Get-RestoreStateBackup -Environment ptest -Path $Sets -Name ptest-good @Aws | Test-RestoreStateBackup @Aws -Confirm:$false
        $checks = $output | Where-Object { $_ -is [AuroraRestore.Backups.BackupCheck] }
        $summary = $output | Where-Object { $_ -is [AuroraRestore.Backups.BackupVerification] }
        $checks.Count | Should -Be 9   # the manifest, six files (this environment has no configuration), two tables
        $checks | Where-Object { -not $_.Passed } | Should -BeNullOrEmpty
        $checks.Name | Should -Contain 'table AuroraRestoreState-ptest restorable'
        $summary.Passed | Should -BeTrue
        Get-ScratchTables | Should -BeNullOrEmpty
        (Get-RestoreStateBackup -Environment ptest -Path $Sets -Name ptest-good @Aws).Status | Should -Be 'Verified'
    }

    It 'fails an edited template with BackupFileTampered and ends with BackupVerificationFailed' {
        Backup-RestoreState -Environment ptest -Name ptest-edited -Path $Sets @Aws -Confirm:$false | Out-Null
        Add-Content (Join-Path $Sets 'ptest/ptest-edited/main-stack.template') ' '
        $failure = $null
        try { Test-RestoreStateBackup -Environment ptest -Name ptest-edited -Path $Sets @Aws -Confirm:$false -OutVariable checks | Out-Null } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'BackupVerificationFailed,AuroraRestore.Cmdlets.TestRestoreStateBackupCommand'
        ($checks | Where-Object { $_ -is [AuroraRestore.Backups.BackupCheck] -and $_.Target -eq 'main-stack.template' }).ErrorId | Should -Be 'BackupFileTampered'
        Get-ScratchTables | Should -BeNullOrEmpty
    }

    It 'fails a set whose table backup was deleted with BackupTableMissing' {
        $backup = Backup-RestoreState -Environment ptest -Name ptest-deleted -Path $Sets @Aws -Confirm:$false
        Invoke-AwsCli -Server $Moto dynamodb delete-backup --backup-arn $backup.Tables[0].BackupArn | Out-Null
        $failure = $null
        try { $backup | Test-RestoreStateBackup @Aws -Confirm:$false -OutVariable checks | Out-Null } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'BackupVerificationFailed,AuroraRestore.Cmdlets.TestRestoreStateBackupCommand'
        ($checks | Where-Object { $_ -is [AuroraRestore.Backups.BackupCheck] -and $_.Target -eq 'AuroraRestoreState-ptest' }).ErrorId | Should -Be 'BackupTableMissing'
    }

    It 'fails a manifest with a wrong item count with BackupItemCountMismatch' {
        Backup-RestoreState -Environment ptest -Name ptest-count -Path $Sets @Aws -Confirm:$false | Out-Null
        $path = Join-Path $Sets 'ptest/ptest-count/manifest.json'
        $manifest = Get-Content -Raw $path | ConvertFrom-Json
        $manifest.tables[0].item_count = 5
        $manifest | ConvertTo-Json -Depth 20 | Set-Content $path
        $failure = $null
        try { Test-RestoreStateBackup -Environment ptest -Name ptest-count -Path $Sets @Aws -Confirm:$false -OutVariable checks | Out-Null } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'BackupVerificationFailed,AuroraRestore.Cmdlets.TestRestoreStateBackupCommand'
        ($checks | Where-Object { $_ -is [AuroraRestore.Backups.BackupCheck] -and $_.Target -eq 'AuroraRestoreState-ptest' }).ErrorId | Should -Be 'BackupItemCountMismatch'
        Get-ScratchTables | Should -BeNullOrEmpty
    }

    It 'refuses a manifest that is not JSON with BackupManifestInvalid' {
        Backup-RestoreState -Environment ptest -Name ptest-broken -Path $Sets @Aws -Confirm:$false | Out-Null
        Set-Content (Join-Path $Sets 'ptest/ptest-broken/manifest.json') '{ "format_version": 1, '
        { Test-RestoreStateBackup -Environment ptest -Name ptest-broken -Path $Sets @Aws -Confirm:$false } |
            Should -Throw -ErrorId 'BackupManifestInvalid,AuroraRestore.Cmdlets.TestRestoreStateBackupCommand'
    }

    It 'refuses an unknown set with BackupNotFound' {
        { Test-RestoreStateBackup -Environment ptest -Name ptest-none -Path $Sets @Aws -Confirm:$false } |
            Should -Throw -ErrorId 'BackupNotFound,AuroraRestore.Cmdlets.TestRestoreStateBackupCommand'
    }

    It 'restores nothing with -WhatIf' {
        Test-RestoreStateBackup -Environment ptest -Name ptest-good -Path $Sets @Aws -WhatIf
        Get-ScratchTables | Should -BeNullOrEmpty
    }
}
