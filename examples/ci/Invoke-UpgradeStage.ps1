<#
.SYNOPSIS
CI step: runs the Upgrade runbook (preflight, backup, upgrade, verify) on one environment.

.DESCRIPTION
Writes the NUnit report and the backup set's manifest to -OutputPath for the job to publish, and fails the step (exit
code 1) when any runbook step fails; Invoke-RollbackStage.ps1 then decides whether to roll back.
#>
param(
    [Parameter(Mandatory)] [string] $Environment,
    [Parameter(Mandatory)] [string] $TargetVersion,
    [Parameter(Mandatory)] [string] $OutputPath,
    # Where the backup set is written (the rollback step of the same job reads it there).
    [Parameter(Mandatory)] [string] $BackupPath,
    # Restore a snapshot into a scratch cluster while verifying: 'true' or 'false' (CI variables are strings).
    [string] $SampleRestore = 'false'
)
$ErrorActionPreference = 'Stop'
Import-Module ($env:AURORARESTORE_MODULE_PATH ?? 'AuroraRestore')
$pesterPath = if ($env:PESTER_PATH) { @{ PesterPath = $env:PESTER_PATH } } else { @{} }

$result = Invoke-RestoreRunbook -Name Upgrade -Environment $Environment -Version $TargetVersion -OutputPath $OutputPath `
    -BackupPath $BackupPath -SampleRestore:([bool]::Parse($SampleRestore)) -Force @pesterPath
$result | Format-Table -AutoSize
