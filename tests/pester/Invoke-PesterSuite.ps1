<#
.SYNOPSIS
Runs Pester 5 (the suite's Pester, 5.7.1) against the built module, on every *.Tests.ps1 under tests/pester or on the
files given with -Path, and writes a summary for build.ps1 (which runs one file per process, several at once).
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    # Test files to run; all of tests/pester by default.
    [string[]] $Path = @($PSScriptRoot),
    # Comma-separated tags to leave out.
    [string] $ExcludeTag = '',
    # Comma-separated tags to run alone (the Soak task).
    [string] $Tag = ''
)
$ErrorActionPreference = 'Stop'
# The suite is written for Pester 5 (5.7.1, restored from NuGet by ./build.ps1 Test: build/Get-RestoredPester.ps1 -Major 5).
# The runbooks it runs take Pester 5.4+ or 6; the suite itself is not run on 6.
$pester = Import-Module $PesterPath -Force -PassThru
if ($pester.Version.Major -ne 5) { throw "tests/pester runs on Pester 5 (build/Get-RestoredPester.ps1 -Major 5); $PesterPath is Pester $($pester.Version)." }
# Test files import the module under test from here (absolute: they run with other working folders).
$env:AURORARESTORE_MODULE_PATH = (Resolve-Path -LiteralPath $ModulePath).Path

$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'NUnitXml'
# One NUnit file per summary, so that files run side by side never write the same results file.
$config.TestResult.OutputPath = Join-Path $ResultPath ([System.IO.Path]::GetFileNameWithoutExtension($SummaryPath) + '.xml')
if ($ExcludeTag) { $config.Filter.ExcludeTag = $ExcludeTag -split ',' }
if ($Tag) { $config.Filter.Tag = $Tag -split ',' }

$result = Invoke-Pester -Configuration $config
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } | ConvertTo-Json | Set-Content $SummaryPath
