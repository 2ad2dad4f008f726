<#
.SYNOPSIS
The AuroraRestore story on a local moto server: install pipeline 1.0.0, run restores (some still running), rehearse the
upgrade on a scratch copy, back up, upgrade to 3.0.0 with verification, show what happened, roll back one hop to 2.0.0,
show it again.

.DESCRIPTION
Run through `./build.ps1 Demo`, which builds the module first. Starts moto on a free loopback port, points every
cmdlet at it, and stops it at the end. Nothing reaches real AWS.
#>
param([Parameter(Mandatory)] [string] $ModulePath)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
Import-Module (Join-Path $PSScriptRoot '../tests/support/Moto.psm1') -Force

$moto = Start-MotoServer
try {
    $aws = Get-MotoAwsParameters -Server $moto
    Write-Host "moto is listening on $($moto.Endpoint)" -ForegroundColor DarkGray

    Write-Host "`n== Install pipeline 1.0.0 into 'production'" -ForegroundColor Cyan
    $pipeline = Install-RestorePipeline -Version 1.0.0 -ConfigPath (Join-Path $PSScriptRoot 'demo-config.json') @aws -Confirm:$false
    $pipeline | Format-List Environment, Region, Version, Status, MainStack, IamStack, Tables, StateMachineArn, TopicArn, Alarms, ConfigurationFormat, InProgressOperations

    Write-Host "`n== Functions and their live aliases" -ForegroundColor Cyan
    $pipeline.Functions | Format-Table FunctionName, LiveVersion -AutoSize

    Write-Host "`n== A source cluster with a daily snapshot (what production looks like)" -ForegroundColor Cyan
    $null = Invoke-AwsCli -Server $moto rds create-db-cluster --db-cluster-identifier orders-prod --engine aurora-postgresql `
        --master-username postgres --master-user-password 'demo-only-password'
    foreach ($day in 1..2) {
        $date = [DateTime]::UtcNow.Date.AddDays(-$day).ToString('yyyy-MM-dd')
        $null = Invoke-AwsCli -Server $moto rds create-db-cluster-snapshot --db-cluster-identifier orders-prod --db-cluster-snapshot-identifier "orders-prod-$date"
        Write-Host "snapshot orders-prod-$date"
    }

    Write-Host "`n== Restore yesterday's snapshot on this workstation (-Local), following it to the end" -ForegroundColor Cyan
    $restore = Start-AuroraRestore -SourceClusterIdentifier orders-prod -TargetClusterIdentifier orders-refresh -Local -Wait @aws -Confirm:$false
    $restore | Format-List

    Write-Host "`n== Start two restores through the pipeline's state machine (moto keeps executions running)" -ForegroundColor Cyan
    $date = [DateTime]::UtcNow.Date.AddDays(-2)
    Start-AuroraRestore -SourceClusterIdentifier orders-prod -TargetClusterIdentifier orders-qa -Date $date @aws -Confirm:$false | Out-Null
    Start-AuroraRestore -SourceClusterIdentifier orders-prod -TargetClusterIdentifier orders-dev @aws -Confirm:$false | Out-Null
    Get-AuroraRestore @aws | Format-Table

    Write-Host "`n== The pipeline now" -ForegroundColor Cyan
    Get-RestorePipeline @aws | Format-List Version, Status, Tables, InProgressOperations

    Write-Host "`n== Rehearse the upgrade to 3.0.0 on a scratch copy: clone, upgrade, test restore, verify, roll back, verify, remove" -ForegroundColor Cyan
    $reportPath = Join-Path ([IO.Path]::GetTempPath()) "aurora-restore-demo-rehearsal-$PID.md"
    $rehearsal = Invoke-RestoreUpgradeRehearsal -TargetVersion 3.0.0 -ReportPath $reportPath @aws -Force
    $rehearsal | Format-Table
    $rehearsal.Steps | Format-Table Index, Name, Status, @{ Name = 'Duration'; Expression = { '{0:0.0} s' -f $_.Duration.TotalSeconds } }, Detail -Wrap
    $rehearsal.Checks | Format-Table Step, Version, Name, Outcome -AutoSize
    $rehearsal.Notes | ForEach-Object { Write-Host "Note: $_" -ForegroundColor Yellow }
    Write-Host "The same report as Markdown ($reportPath), first lines:" -ForegroundColor DarkGray
    Get-Content $reportPath -TotalCount 16 | ForEach-Object { Write-Host "  $_" -ForegroundColor DarkGray }
    Remove-Item -Force $reportPath -ErrorAction SilentlyContinue

    Write-Host "`n== A verified backup set of the state (tables, stacks, functions, state machine, configuration)" -ForegroundColor Cyan
    $backups = Join-Path ([IO.Path]::GetTempPath()) "aurora-restore-demo-$PID"
    $backup = Get-RestorePipeline @aws | Backup-RestoreState -Path $backups @aws -Confirm:$false
    $backup | Format-List Name, PipelineVersion, Location, Status, Tables
    $backup | Test-RestoreStateBackup @aws | Format-Table Check, Passed, ErrorId -AutoSize

    Write-Host "`n== The upgrade plan to 3.0.0 (two hops through 2.0.0, as the compatibility matrix says)" -ForegroundColor Cyan
    $plan = Get-RestoreUpgradePlan -TargetVersion 3.0.0 @aws
    $plan | Format-List
    $plan.Steps | Format-Table -AutoSize

    Write-Host "`n== Upgrading while restores run is refused: the upgrade waits for nothing it was not asked to" -ForegroundColor Cyan
    try {
        Invoke-RestoreUpgrade -TargetVersion 3.0.0 -BackupName $backup.Name -BackupPath $backups @aws -Force -Confirm:$false | Out-Null
    } catch {
        Write-Host $_.Exception.Message -ForegroundColor Yellow
        Write-Host "Recommended: $($_.ErrorDetails.RecommendedAction)" -ForegroundColor Yellow
    }

    Write-Host "`n== Stop the running restores, then upgrade to 3.0.0 with the verified backup" -ForegroundColor Cyan
    Get-AuroraRestore -InProgress @aws | Stop-AuroraRestore @aws -Confirm:$false | Format-Table
    $upgrade = Invoke-RestoreUpgrade -TargetVersion 3.0.0 -BackupName $backup.Name -BackupPath $backups @aws -Force -Confirm:$false
    $upgrade | Where-Object { $_ -isnot [AuroraRestore.Upgrades.UpgradeResult] } | Format-Table
    $upgrade | Where-Object { $_ -is [AuroraRestore.Upgrades.UpgradeResult] } | Format-List

    Write-Host "`n== Post-migration verification: the migration guide's five checks" -ForegroundColor Cyan
    Test-RestorePipeline -ExpectedVersion 3.0.0 -SampleRestore @aws | Format-Table Name, Outcome, Detail -Wrap

    Write-Host "`n== After the upgrade: the pipeline, and every restore in the 3.0 state format" -ForegroundColor Cyan
    Get-RestorePipeline @aws | Format-List Version, Status, MainStack, IamStack, Tables, Alarms, ConfigurationFormat
    Get-AuroraRestore @aws | Format-Table OperationId, Status, FormatVersion, TargetClusterIdentifier

    Write-Host "`n== Roll back one hop, to 2.0.0: the 2.0 -> 3.0 steps undone from the journal, the items migrated down" -ForegroundColor Cyan
    $undo = Undo-RestoreUpgrade -ToVersion 2.0.0 @aws -Force
    $undo | Where-Object { $_ -isnot [AuroraRestore.Rollbacks.RollbackResult] } | Format-Table
    $undo | Where-Object { $_ -is [AuroraRestore.Rollbacks.RollbackResult] } | Format-List

    Write-Host "`n== After the rollback: the pipeline at 2.0.0, every restore in the 2.0 state format" -ForegroundColor Cyan
    Get-RestorePipeline @aws | Format-List Version, Status, MainStack, IamStack, Tables, Alarms, ConfigurationFormat
    Get-AuroraRestore @aws | Format-Table OperationId, Status, FormatVersion, TargetClusterIdentifier
    Remove-Item -Recurse -Force $backups -ErrorAction SilentlyContinue
} finally {
    $moto | Stop-MotoServer
}
