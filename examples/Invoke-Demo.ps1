<#
.SYNOPSIS
The AuroraRestore story on a local moto server: install pipeline 1.0.0 and show what was deployed.

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
} finally {
    $moto | Stop-MotoServer
}
