<#
.SYNOPSIS
Runs every *.Tests.ps1 under tests/pester with Pester 5 against the built module and writes a summary for build.ps1.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    # Comma-separated tags to leave out.
    [string] $ExcludeTag = '',
    # Comma-separated tags to run alone (the Soak task).
    [string] $Tag = ''
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
# Test files import the module under test from here.
$env:AURORARESTORE_MODULE_PATH = $ModulePath

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
$config.TestResult.OutputPath = Join-Path $ResultPath 'pester.xml'
if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag -split ',' }
if ($Tag) { $config.Filter.Tag = $Tag -split ',' }

$result = Invoke-Pester -Configuration $config
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } | ConvertTo-Json | Set-Content $SummaryPath
