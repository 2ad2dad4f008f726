<#
.SYNOPSIS
Publishes the assembled module folder with PSResourceGet's Publish-PSResource to a NuGet feed or a folder repository.

.DESCRIPTION
Registers a repository on RepositoryUri, publishes ModulePath to it and unregisters it again. RepositoryUri is a folder
(a local feed: Publish-PSResource writes the versioned .nupkg there, no network) or a NuGet feed's URL: the PowerShell
Gallery (https://www.powershellgallery.com/api/v2), GitHub Packages (https://nuget.pkg.github.com/<owner>/index.json),
Azure Artifacts (https://pkgs.dev.azure.com/<organization>/<project>/_packaging/<feed>/nuget/v3/index.json).

The secrets come from the environment, never from the command line (which other users of the machine can read):
AURORARESTORE_API_KEY, the feed's API key; AURORARESTORE_FEED_USER and AURORARESTORE_FEED_TOKEN, a credential for
feeds that authenticate the push itself (Azure Artifacts: any API key and a personal access token with Packaging read
and write).

PSResourceGet keeps registered repositories in the user's data folder ($XDG_DATA_HOME/PSResourceGet on Linux and
macOS): build.ps1 runs this script with XDG_DATA_HOME pointing at a folder of its own, so the user's list is untouched.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $RepositoryUri
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$manifest = Import-PowerShellDataFile (Join-Path $ModulePath 'AuroraRestore.psd1')
$isFolder = $RepositoryUri -notmatch '^https?://'
if ($isFolder) { $RepositoryUri = (New-Item -ItemType Directory -Force $RepositoryUri).FullName }
$publish = @{ Path = $ModulePath }
if ($env:AURORARESTORE_API_KEY) { $publish.ApiKey = $env:AURORARESTORE_API_KEY }
if ($env:AURORARESTORE_FEED_TOKEN) {
    $user = if ($env:AURORARESTORE_FEED_USER) { $env:AURORARESTORE_FEED_USER } else { 'AuroraRestore' }
    $publish.Credential = [pscredential]::new($user, (ConvertTo-SecureString $env:AURORARESTORE_FEED_TOKEN -AsPlainText -Force))
}

$name = 'AuroraRestoreBuild' + [guid]::NewGuid().ToString('N').Substring(0, 8)
Register-PSResourceRepository -Name $name -Uri $RepositoryUri -Trusted
try {
    Publish-PSResource @publish -Repository $name
} finally {
    Unregister-PSResourceRepository -Name $name
}
if ($isFolder) {
    $package = Join-Path $RepositoryUri "AuroraRestore.$($manifest.ModuleVersion).nupkg"
    if (-not (Test-Path $package)) { throw "Publish-PSResource wrote no $package" }
    Write-Host "Package: $package"
} else {
    Write-Host "Published AuroraRestore $($manifest.ModuleVersion) to $RepositoryUri"
}
