<#
.SYNOPSIS
Returns the path of a Pester.psd1 that the test project restored from NuGet, by major version (5 or 6).

.DESCRIPTION
tests/AuroraRestore.Tests/AuroraRestore.Tests.csproj names the Pester versions (PackageDownload), one per major version;
`dotnet restore` of that project (./build.ps1 Test does it first) puts them in the NuGet package folder. Fails, saying
how to restore them, when they are not there: a fresh machine has an empty package folder.
#>
[CmdletBinding()]
param([Parameter(Mandatory)] [ValidateSet(5, 6)] [int] $Major)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$project = Join-Path $PSScriptRoot '../tests/AuroraRestore.Tests/AuroraRestore.Tests.csproj'
$versions = @(([xml](Get-Content -Raw $project)).SelectNodes("//PackageDownload[@Include='Pester']").Version -split ';' | ForEach-Object { $_.Trim().Trim('[', ']') })
$version = $versions | Where-Object { ([version]$_).Major -eq $Major }
if (-not $version) { throw "$project downloads no Pester $Major (it has: $($versions -join ', '))" }
$packages = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
$path = Join-Path $packages "pester/$version/tools/Pester.psd1"
if (-not (Test-Path -LiteralPath $path)) {
    throw "Pester $version was not restored to ${path}: run 'dotnet restore tests/AuroraRestore.Tests' (./build.ps1 Test does)."
}
$path
