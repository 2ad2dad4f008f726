<#
.SYNOPSIS
The rollback runbook: roll back the environment's last upgrade, then verify it, as Pester tests (Pester 5.4+ or 6)
that CI can run and report.

.DESCRIPTION
Undoes the last upgrade of one environment with Undo-RestoreUpgrade (to ToVersion, default the version the upgrade
started from) and checks the pipeline against that version with Test-RestorePipeline, one Describe per phase and each
step a test. A failed step stops the runbook: the verification is skipped (Invoke-RestoreRunbook sets
Run.SkipRemainingOnFailure; run by hand, the Verify phase refuses to start when the rollback did not finish). Run it
with Invoke-RestoreRunbook -Name Rollback, or with Pester:

    $data = @{ Environment = 'staging'; ToVersion = '2.0.0' }
    Invoke-Pester -Container (New-PesterContainer -Path ./Rollback.Runbook.Tests.ps1 -Data $data)

The runbook changes the environment (it rolls it back): run it only where that is meant.
#>
param(
    # The environment to roll back (default production).
    [string] $Environment = 'production',
    # The version to go back to; default: the version the last upgrade started from.
    [string] $ToVersion,
    # How the items come back: ReverseMigration (default) or FromBackup.
    [string] $Method,
    # The AWS common parameters, passed to every cmdlet when given.
    [string] $Region,
    [string] $ProfileName,
    [pscredential] $Credential,
    [string] $EndpointUrl,
    # Also restore a snapshot into a scratch cluster during verification (Test-RestorePipeline -SampleRestore).
    [switch] $SampleRestore,
    # A folder for CI artifacts (the rollback's result).
    [string] $ArtifactPath
)

BeforeAll {
    . (Join-Path $PSScriptRoot 'RunbookSupport.ps1')
    Import-AuroraRestoreForRunbook
    $script:Aws = Get-RunbookAwsParameters -Region $Region -ProfileName $ProfileName -Credential $Credential -EndpointUrl $EndpointUrl
    # What each phase leaves for the next one.
    $script:Runbook = @{ Rollback = $null; Verification = $null }
}

Describe 'Rollback' {
    It "rolls '$Environment' back, every step completed" {
        $undo = @{ Environment = $Environment }
        if ($ToVersion) { $undo.ToVersion = $ToVersion }
        if ($Method) { $undo.Method = $Method }
        $output = @(Undo-RestoreUpgrade @undo @Aws -Force -Confirm:$false)
        $result = $output[-1]
        $result.Status | Should -Be 'Completed'
        @($result.Steps | Where-Object Status -notin 'Completed', 'AlreadyDone').Key | Should -BeNullOrEmpty
        $Runbook.Rollback = $result
        $null = Write-RunbookArtifact -ArtifactPath $ArtifactPath -Name "$Environment-rollback.json" -Value ($result | Select-Object RunId, Environment, FromVersion, ToVersion, Method, Status, UpgradeStatus, StartedAt, EndedAt, BackupName, SafetyBackupName)
    }

    It "leaves '$Environment' at the version it went back to" {
        if (-not $Runbook.Rollback) { throw 'The rollback did not finish.' }
        $pipeline = Get-RestorePipeline -Environment $Environment @Aws
        $pipeline.Version | Should -Be $Runbook.Rollback.ToVersion
        $pipeline.Status | Should -Be 'Installed' -Because ($pipeline.Problems -join '; ')
    }
}

Describe 'Verify' {
    It 'runs the post-migration checks' {
        if (-not $Runbook.Rollback) { throw 'The rollback did not finish: nothing to verify.' }
        $Runbook.Verification = Invoke-RunbookVerification -Environment $Environment -ExpectedVersion $Runbook.Rollback.ToVersion -SampleRestore:$SampleRestore -Aws $Aws
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
