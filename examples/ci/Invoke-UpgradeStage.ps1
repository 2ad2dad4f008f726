<#
.SYNOPSIS
CI step: runs the Upgrade runbook (preflight, backup, upgrade, verify) on one environment.

.DESCRIPTION
Writes the NUnit report and the backup set's description (<environment>-backup-set.json) to -OutputPath for the job to
publish, prints where the backup set is kept, and fails the step (exit code 1) when any runbook step fails;
Invoke-RollbackStage.ps1 then decides whether to roll back.

The backup set goes to the pipeline's artifact bucket by default (-BackupBucket for another bucket): the whole set (table
backups, stacks, functions, configuration, manifest) outlives the runner, and Undo-RestoreUpgrade finds it from any
machine. A -BackupPath folder on a hosted runner is gone with the runner unless the job keeps it as an artifact.
#>
param(
    [Parameter(Mandatory)] [string] $Environment,
    [Parameter(Mandatory)] [string] $TargetVersion,
    [Parameter(Mandatory)] [string] $OutputPath,
    # Where the backup set is written: a bucket (default: the artifact bucket) or a local folder.
    [string] $BackupBucket,
    [string] $BackupPath,
    # Restore a snapshot into a scratch cluster while verifying: 'true' or 'false' (CI variables are strings).
    [string] $SampleRestore = 'false'
)
$ErrorActionPreference = 'Stop'
Import-Module ($env:AURORARESTORE_MODULE_PATH ?? 'AuroraRestore')
$options = @{}
if ($env:PESTER_PATH) { $options.PesterPath = $env:PESTER_PATH }
if ($BackupBucket) { $options.BackupBucket = $BackupBucket }
if ($BackupPath) { $options.BackupPath = $BackupPath }

try {
    $result = Invoke-RestoreRunbook -Name Upgrade -Environment $Environment -Version $TargetVersion -OutputPath $OutputPath `
        -SampleRestore:([bool]::Parse($SampleRestore)) -Force @options
    $result | Format-Table -AutoSize
} finally {
    # Whatever happened after the backup, say where the set is: a rollback FromBackup or a by-hand restore needs it.
    $description = Join-Path $OutputPath "$Environment-backup-set.json"
    if (Test-Path -LiteralPath $description) {
        $set = Get-Content -Raw -LiteralPath $description | ConvertFrom-Json
        Write-Host "Backup set $($set.Name) of '$Environment': $($set.Location)"
    } else {
        Write-Host "No backup set of '$Environment' was taken."
    }
}
