# Helpers shared by the runbooks (dot-sourced by *.Runbook.Tests.ps1; not a test file itself).
# The runbooks compose AuroraRestore's cmdlets only: every change and every check goes through them.

function Import-AuroraRestoreForRunbook {
    # Invoke-RestoreRunbook runs inside a session that has the module; Invoke-Pester run by hand may not have it yet.
    if (-not (Get-Module -Name AuroraRestore)) {
        Import-Module (Join-Path $PSScriptRoot '../AuroraRestore.psd1') -ErrorAction Stop
    }
}

function Get-RunbookAwsParameters {
    # The AWS common parameters the runbook was given, ready to splat onto every cmdlet (none given: the SDK's defaults).
    param([string] $Region, [string] $ProfileName, [pscredential] $Credential, [string] $EndpointUrl)
    $parameters = @{}
    if ($Region) { $parameters.Region = $Region }
    if ($ProfileName) { $parameters.ProfileName = $ProfileName }
    if ($Credential) { $parameters.Credential = $Credential }
    if ($EndpointUrl) { $parameters.EndpointUrl = $EndpointUrl }
    $parameters
}

function Get-RunbookBackupLocation {
    # -Path or -Bucket for the backup cmdlets (neither: the artifact bucket), from the runbook's BackupPath/BackupBucket.
    param([string] $BackupPath, [string] $BackupBucket)
    if ($BackupPath -and $BackupBucket) { throw 'Pass BackupPath or BackupBucket, not both: a backup set lives in one place.' }
    if ($BackupPath) { return @{ Path = $BackupPath } }
    if ($BackupBucket) { return @{ Bucket = $BackupBucket } }
    @{}
}

function Invoke-RunbookVerification {
    <#
    Runs Test-RestorePipeline and returns every check it wrote, keyed by name, and the failure it ended with (if any).
    Test-RestorePipeline ends with PipelineVerificationFailed when a check fails; the checks it wrote before are kept,
    so each check gets its own test and the report names the one that failed.
    #>
    param([string] $Environment, [string] $ExpectedVersion, [switch] $SampleRestore, [hashtable] $Aws)
    $checks = @()
    $failure = $null
    try {
        $null = Test-RestorePipeline -Environment $Environment -ExpectedVersion $ExpectedVersion -SampleRestore:$SampleRestore @Aws -Confirm:$false -OutVariable checks
    } catch {
        $failure = $_
    }
    $byName = @{}
    foreach ($check in $checks) { $byName[$check.Name] = $check }
    [pscustomobject]@{ Checks = $byName; Failure = $failure }
}

function Assert-RunbookCheck {
    # One check of a verification: passed, skipped (e.g. SampleRestore without -SampleRestore), or failed with its detail.
    param([Parameter(Mandatory)] $Verification, [Parameter(Mandatory)] [string] $Name)
    if ($null -eq $Verification) { throw 'The verification did not run.' }
    $check = $Verification.Checks[$Name]
    if ($null -eq $check) {
        $reason = if ($Verification.Failure) { $Verification.Failure.Exception.Message } else { 'Test-RestorePipeline wrote no such check' }
        throw "The $Name check did not run: $reason"
    }
    if ($check.Outcome -eq 'Skipped') {
        Set-ItResult -Skipped -Because $check.Detail
        return
    }
    $check.Outcome | Should -Be 'Passed' -Because "$($check.Detail) $($check.Fix)".Trim()
}

function Write-RunbookArtifact {
    # A file for CI to publish, in the runbook's ArtifactPath (created when missing); nothing when no ArtifactPath was given.
    param([string] $ArtifactPath, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] $Value)
    if (-not $ArtifactPath) { return }
    $null = New-Item -ItemType Directory -Force -Path $ArtifactPath
    $path = Join-Path $ArtifactPath $Name
    if ($Value -is [System.IO.FileInfo]) {
        Copy-Item -LiteralPath $Value.FullName -Destination $path -Force
    } else {
        $Value | ConvertTo-Json -Depth 10 -EnumsAsStrings | Set-Content -LiteralPath $path -Encoding utf8
    }
    $path
}
