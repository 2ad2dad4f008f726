<#
.SYNOPSIS
CI step: makes AuroraRestore and Pester 5 available to the later steps of the job.

.DESCRIPTION
A runner that already has them (a self-hosted agent with the module built, or this repository's own test of the
examples) names them with the AURORARESTORE_MODULE_PATH and PESTER_PATH environment variables; otherwise both are
installed for the current user with PSResourceGet: AuroraRestore from -Repository (the feed the module is published
to), Pester 5 from the PowerShell Gallery. Either way the step ends by importing both, so a missing tool fails here.
#>
param(
    # The PSResourceGet repository that holds AuroraRestore (register it before this step).
    [string] $Repository = 'PSGallery',
    # An exact module version to install; default the newest.
    [string] $ModuleVersion
)
$ErrorActionPreference = 'Stop'

if ($env:AURORARESTORE_MODULE_PATH) {
    Write-Host "AuroraRestore: $env:AURORARESTORE_MODULE_PATH"
} else {
    $version = if ($ModuleVersion) { @{ Version = $ModuleVersion } } else { @{} }
    Install-PSResource -Name AuroraRestore -Repository $Repository -Scope CurrentUser -TrustRepository @version
}
if ($env:PESTER_PATH) {
    Write-Host "Pester: $env:PESTER_PATH"
} else {
    Install-PSResource -Name Pester -Version '[5.4.0,6.0.0)' -Repository PSGallery -Scope CurrentUser -TrustRepository
}

$module = Import-Module ($env:AURORARESTORE_MODULE_PATH ?? 'AuroraRestore') -PassThru
# PESTER_PATH may name the module's folder (any name) or its manifest.
$pesterModule = if ($env:PESTER_PATH -and (Test-Path -LiteralPath $env:PESTER_PATH -PathType Container)) { Join-Path $env:PESTER_PATH 'Pester.psd1' } else { $env:PESTER_PATH ?? 'Pester' }
$pester = Import-Module $pesterModule -MinimumVersion 5.4.0 -PassThru
Write-Host "Using AuroraRestore $($module.Version) and Pester $($pester.Version)"
