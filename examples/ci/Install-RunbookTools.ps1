<#
.SYNOPSIS
CI step: installs the pinned AuroraRestore from the feed it is published to, and Pester, for the later steps of the job.

.DESCRIPTION
With PSResourceGet (part of PowerShell 7.4 and later), for the current user:
- AuroraRestore, exactly AURORARESTORE_VERSION, from the NuGet feed at AURORARESTORE_FEED_URI, which this step
  registers as the repository 'AuroraRestoreFeed' (without a feed URI: the PowerShell Gallery). The feed's credential
  comes from the CI system's secrets: AURORARESTORE_FEED_TOKEN (a token that may read the feed: GitHub Packages'
  GITHUB_TOKEN, Azure Artifacts' System.AccessToken) and AURORARESTORE_FEED_USER.
- Pester, exactly PESTER_VERSION (the runbooks run on Pester 5.4 or later, 6.x included), from the PowerShell Gallery.

A runner that already has them (a self-hosted agent with the module built, or this repository's own test of the
examples) names them with AURORARESTORE_MODULE_PATH and PESTER_PATH instead. Either way the step ends by importing both,
so a missing or wrong tool fails here. tests/pester/Package.Tests.ps1 runs this script against a local feed.
#>
param(
    # The NuGet feed that holds AuroraRestore (v2 or v3 URL, or a folder); none: the PowerShell Gallery.
    [string] $FeedUri = $env:AURORARESTORE_FEED_URI,
    # The AuroraRestore version to install: CI installs a pinned version, never whatever is newest.
    [string] $Version = $env:AURORARESTORE_VERSION,
    # The Pester version to install; none: the newest 5.4 or later below 7.
    [string] $PesterVersion = $env:PESTER_VERSION
)
$ErrorActionPreference = 'Stop'

if ($env:AURORARESTORE_MODULE_PATH) {
    Write-Host "AuroraRestore: $env:AURORARESTORE_MODULE_PATH"
} else {
    if (-not $Version) { throw 'Set AURORARESTORE_VERSION to the AuroraRestore version to install (for example 0.1.0): CI installs a pinned version.' }
    $repository = 'PSGallery'
    if ($FeedUri) {
        $repository = 'AuroraRestoreFeed'
        if (Get-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue) {
            Set-PSResourceRepository -Name $repository -Uri $FeedUri -Trusted
        } else {
            Register-PSResourceRepository -Name $repository -Uri $FeedUri -Trusted
        }
    }
    $credential = @{}
    if ($env:AURORARESTORE_FEED_TOKEN) {
        $user = if ($env:AURORARESTORE_FEED_USER) { $env:AURORARESTORE_FEED_USER } else { 'AuroraRestore' }
        $credential.Credential = [pscredential]::new($user, (ConvertTo-SecureString $env:AURORARESTORE_FEED_TOKEN -AsPlainText -Force))
    }
    try {
        Install-PSResource -Name AuroraRestore -Version $Version -Repository $repository -Scope CurrentUser -TrustRepository @credential
    } catch {
        throw "AuroraRestore $Version could not be installed from $repository ($(if ($FeedUri) { $FeedUri } else { 'the PowerShell Gallery' })): $($_.Exception.Message) Check that this version is published there and that AURORARESTORE_FEED_TOKEN may read the feed."
    }
}
if ($env:PESTER_PATH) {
    Write-Host "Pester: $env:PESTER_PATH"
} else {
    Install-PSResource -Name Pester -Version ($PesterVersion ? $PesterVersion : '[5.4.0,7.0.0)') -Repository PSGallery -Scope CurrentUser -TrustRepository
}

$required = if (-not $env:AURORARESTORE_MODULE_PATH) { @{ RequiredVersion = $Version } } else { @{} }
$module = Import-Module ($env:AURORARESTORE_MODULE_PATH ?? 'AuroraRestore') @required -PassThru
# PESTER_PATH may name the module's folder (any name) or its manifest.
$pesterModule = if ($env:PESTER_PATH -and (Test-Path -LiteralPath $env:PESTER_PATH -PathType Container)) { Join-Path $env:PESTER_PATH 'Pester.psd1' } else { $env:PESTER_PATH ?? 'Pester' }
$pesterVersions = if (-not $env:PESTER_PATH -and $PesterVersion) { @{ RequiredVersion = $PesterVersion } } else { @{ MinimumVersion = '5.4.0' } }
$pester = Import-Module $pesterModule @pesterVersions -PassThru
Write-Host "Using AuroraRestore $($module.Version) ($($module.ModuleBase)) and Pester $($pester.Version)"
