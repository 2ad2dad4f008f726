<#
.SYNOPSIS
CI step, run when the upgrade step failed: rolls the environment back when the upgrade changed it, then verifies it.

.DESCRIPTION
Reads the Upgrade runbook's NUnit report. When the failure came before the Upgrade phase (preflight, backup), nothing
was changed and there is nothing to roll back: the step says so and succeeds (the job has failed already). When the
Upgrade phase ran (and failed, or passed and the verification failed), or the report is missing (the upgrade step died
without writing it), it runs the Rollback runbook: Undo-RestoreUpgrade, then the post-migration checks against the
version before. Its own report goes beside the upgrade's.
#>
param(
    [Parameter(Mandatory)] [string] $Environment,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Import-Module ($env:AURORARESTORE_MODULE_PATH ?? 'AuroraRestore')
$pesterPath = if ($env:PESTER_PATH) { @{ PesterPath = $env:PESTER_PATH } } else { @{} }

$report = Join-Path $OutputPath "Upgrade.Runbook.$Environment.xml"
if (Test-Path -LiteralPath $report) {
    $upgradePhase = ([xml](Get-Content -Raw -LiteralPath $report)).SelectNodes("//test-suite[@name='Upgrade']/results/test-case[@executed='True']")
    if ($upgradePhase.Count -eq 0) {
        Write-Host "The upgrade of '$Environment' stopped before its Upgrade phase: nothing was changed, nothing to roll back."
        return
    }
} else {
    Write-Host "No upgrade report at ${report}: rolling back, since what the upgrade changed is unknown."
}

# Undo-RestoreUpgrade finds the upgrade's backup set where the upgrade recorded it (its run pointer).
$result = Invoke-RestoreRunbook -Name Rollback -Environment $Environment -OutputPath $OutputPath -Force @pesterPath
$result | Format-Table -AutoSize
