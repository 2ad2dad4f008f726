<#
.SYNOPSIS
The upgrade runbook: preflight, backup, upgrade, verify, as Pester tests (Pester 5.4+ or 6) that CI can run and report.

.DESCRIPTION
Runs the migration guide's upgrade of one environment with AuroraRestore's cmdlets, one Describe per phase, each step a
test, so a CI system shows which step failed and keeps the NUnit report. A failed step stops the runbook: the later
phases are skipped (Invoke-RestoreRunbook sets Run.SkipRemainingOnFailure; run by hand, each phase also refuses to start
when the one before it did not finish). Run it with Invoke-RestoreRunbook -Name Upgrade, or with Pester:

    $data = @{ Environment = 'staging'; TargetVersion = '3.0.0'; Region = 'eu-west-1' }
    Invoke-Pester -Container (New-PesterContainer -Path ./Upgrade.Runbook.Tests.ps1 -Data $data)

The runbook changes the environment (it upgrades it): run it only where that is meant.
#>
param(
    # The environment to upgrade (default production).
    [string] $Environment = 'production',
    # The version to upgrade to: 2.0.0, 3.0.0 (or 3.0, 3.0.x).
    [Parameter(Mandatory)] [string] $TargetVersion,
    # The AWS common parameters, passed to every cmdlet when given.
    [string] $Region,
    [string] $ProfileName,
    [pscredential] $Credential,
    [string] $EndpointUrl,
    # Where the backup set goes: a local folder or an S3 bucket (neither: the account's artifact bucket).
    [string] $BackupPath,
    [string] $BackupBucket,
    # Seconds to wait for restores in progress to end (without it, restores in progress fail the preflight).
    [Nullable[int]] $DrainTimeout,
    # Also restore a snapshot into a scratch cluster during verification (Test-RestorePipeline -SampleRestore).
    [switch] $SampleRestore,
    # A folder for CI artifacts: the backup set's description and manifest.
    [string] $ArtifactPath
)

BeforeAll {
    . (Join-Path $PSScriptRoot 'RunbookSupport.ps1')
    Import-AuroraRestoreForRunbook
    $script:Aws = Get-RunbookAwsParameters -Region $Region -ProfileName $ProfileName -Credential $Credential -EndpointUrl $EndpointUrl
    $script:BackupLocation = Get-RunbookBackupLocation -BackupPath $BackupPath -BackupBucket $BackupBucket
    # What each phase leaves for the next one.
    $script:Runbook = @{ Pipeline = $null; Plan = $null; Backup = $null; BackupVerified = $false; Upgrade = $null; Verification = $null }
}

Describe 'Preflight' {
    It "finds the pipeline of '$Environment' installed and healthy" {
        $pipeline = Get-RestorePipeline -Environment $Environment @Aws
        $pipeline.Status | Should -Be 'Installed' -Because ($pipeline.Problems -join '; ')
        $pipeline.Problems | Should -BeNullOrEmpty
        $Runbook.Pipeline = $pipeline
    }

    It "has an upgrade path to $TargetVersion" {
        $plan = Get-RestoreUpgradePlan -Environment $Environment -TargetVersion $TargetVersion @Aws
        $plan.FromVersion | Should -Be $Runbook.Pipeline.Version
        $Runbook.Plan = $plan
    }

    It 'finds no restore in progress, or may wait for them to end' {
        $running = @(Get-AuroraRestore -Environment $Environment -InProgress @Aws)
        if ($null -eq $DrainTimeout) {
            $running.OperationId | Should -BeNullOrEmpty -Because 'an upgrade starts only when no restore runs (pass DrainTimeout to wait for them)'
        }
    }
}

Describe 'Backup' {
    It 'takes a backup set of the tables, stacks, functions and configuration' {
        if (-not $Runbook.Plan) { throw 'The preflight did not finish: no backup is taken.' }
        $backup = Backup-RestoreState -Environment $Environment @BackupLocation @Aws -Confirm:$false
        $backup.PipelineVersion | Should -Be $Runbook.Pipeline.Version
        $backup.Status | Should -BeIn 'Unverified', 'Verified'
        $Runbook.Backup = $backup
        $null = Write-RunbookArtifact -ArtifactPath $ArtifactPath -Name "$Environment-backup-set.json" -Value $backup
        # A local set's manifest goes with the report (a set in S3 stays there; backup-set.json says where).
        $manifest = if ($backup.Location -notmatch '^s3://') { Join-Path $backup.Location 'manifest.json' }
        if ($manifest -and (Test-Path -LiteralPath $manifest)) {
            $null = Write-RunbookArtifact -ArtifactPath $ArtifactPath -Name "$Environment-backup-manifest.json" -Value (Get-Item -LiteralPath $manifest)
        }
    }

    It 'proves the backup set restorable' {
        if (-not $Runbook.Backup) { throw 'No backup set was taken.' }
        $verification = $Runbook.Backup | Test-RestoreStateBackup @BackupLocation @Aws -Confirm:$false | Select-Object -Last 1
        $verification.Passed | Should -BeTrue
        $Runbook.BackupVerified = $true
    }
}

Describe 'Upgrade' {
    It "upgrades '$Environment' to $TargetVersion, every step completed" {
        if (-not $Runbook.BackupVerified) { throw 'No verified backup set: the upgrade does not start.' }
        $upgrade = @{ Environment = $Environment; TargetVersion = $TargetVersion; BackupName = $Runbook.Backup.Name }
        if ($BackupLocation.Path) { $upgrade.BackupPath = $BackupLocation.Path }
        if ($BackupLocation.Bucket) { $upgrade.BackupBucket = $BackupLocation.Bucket }
        if ($null -ne $DrainTimeout) { $upgrade.DrainTimeout = $DrainTimeout }
        $output = @(Invoke-RestoreUpgrade @upgrade @Aws -Force -Confirm:$false)
        $result = $output[-1]
        $result.Status | Should -BeIn 'Completed', 'UpToDate'
        @($result.Steps | Where-Object Status -notin 'Completed', 'AlreadyDone').Key | Should -BeNullOrEmpty
        $Runbook.Upgrade = $result
    }

    It "leaves '$Environment' at $TargetVersion" {
        if (-not $Runbook.Upgrade) { throw 'The upgrade did not finish.' }
        $pipeline = Get-RestorePipeline -Environment $Environment @Aws
        $pipeline.Version | Should -Be $Runbook.Upgrade.ToVersion
        $pipeline.Status | Should -Be 'Installed' -Because ($pipeline.Problems -join '; ')
    }
}

Describe 'Verify' {
    It 'runs the post-migration checks' {
        if (-not $Runbook.Upgrade) { throw 'The upgrade did not finish: nothing to verify.' }
        $Runbook.Verification = Invoke-RunbookVerification -Environment $Environment -ExpectedVersion $Runbook.Upgrade.ToVersion -SampleRestore:$SampleRestore -Aws $Aws
        $Runbook.Verification.Checks.Count | Should -BeGreaterThan 0
    }

    # One step per check, written out rather than with -ForEach: Pester 5 reports a -ForEach It as a nested suite beside
    # the phase's other steps, which the NUnit 2.5 schema does not allow.
    It 'passes the FunctionVersions check' { Assert-RunbookCheck -Verification $Runbook.Verification -Name FunctionVersions }
    It 'passes the StateMachineExecution check' { Assert-RunbookCheck -Verification $Runbook.Verification -Name StateMachineExecution }
    It 'passes the TableSchema check' { Assert-RunbookCheck -Verification $Runbook.Verification -Name TableSchema }
    It 'passes the Monitoring check' { Assert-RunbookCheck -Verification $Runbook.Verification -Name Monitoring }
    It 'passes the SampleRestore check' { Assert-RunbookCheck -Verification $Runbook.Verification -Name SampleRestore }
}
