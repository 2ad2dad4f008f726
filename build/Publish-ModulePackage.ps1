<#
.SYNOPSIS
Publishes the assembled module folder to a local folder repository with PSResourceGet, which writes the versioned .nupkg.

.DESCRIPTION
Registers a repository on RepositoryPath (a plain folder: no network), publishes ModulePath to it and unregisters it
again. PSResourceGet keeps registered repositories in the user's data folder ($XDG_DATA_HOME/PSResourceGet on Linux and
macOS): build.ps1 runs this script with XDG_DATA_HOME pointing at a folder of its own, so the user's list is untouched.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $RepositoryPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$null = New-Item -ItemType Directory -Force $RepositoryPath
$name = 'AuroraRestoreBuild' + [guid]::NewGuid().ToString('N').Substring(0, 8)
Register-PSResourceRepository -Name $name -Uri $RepositoryPath -Trusted
try {
    Publish-PSResource -Path $ModulePath -Repository $name
} finally {
    Unregister-PSResourceRepository -Name $name
}
$manifest = Import-PowerShellDataFile (Join-Path $ModulePath 'AuroraRestore.psd1')
$package = Join-Path $RepositoryPath "AuroraRestore.$($manifest.ModuleVersion).nupkg"
if (-not (Test-Path $package)) { throw "Publish-PSResource wrote no $package" }
Write-Host "Package: $package"
