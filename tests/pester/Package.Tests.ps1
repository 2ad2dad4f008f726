# The way users get the module: published with Publish-PSResource to a NuGet feed (here a local folder feed, no
# network) by the script ./build.ps1 Publish and Package run, installed from that feed by the CI templates' own install
# step (examples/ci/Install-RunbookTools.ps1: Register-PSResourceRepository, Install-PSResource -Version, the versions
# pinned through the same environment variables the templates set) into a clean module path, imported by name in a
# fresh session. Each step runs in its own process whose user folders are the test's: PSResourceGet keeps its
# repository list in the user's data folder ($XDG_DATA_HOME, else $HOME/.local/share) and installs CurrentUser modules
# under $HOME/.local/share/powershell/Modules, which is also PowerShell's own user module path. The real user's
# repositories and modules are never touched.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../support/ChildSession.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:ModuleFolder = Split-Path $env:AURORARESTORE_MODULE_PATH
    $script:Manifest = Import-PowerShellDataFile $env:AURORARESTORE_MODULE_PATH
    $script:Repository = Join-Path $TestDrive 'repository'
    $script:PublisherHome = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'publisher')
    $script:UserHome = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'user')
    $null = New-Item -ItemType Directory -Force (Join-Path $UserHome '.local/share')
    $script:ModulesPath = Join-Path $UserHome '.local/share/powershell/Modules'
    $script:CleanSession = (Get-MotoChildEnvironment $Moto) + @{ HOME = $UserHome.FullName; XDG_DATA_HOME = $null; XDG_CONFIG_HOME = $null; PSModulePath = $ModulesPath }

    # Publish with the build's own script, as build.ps1 Publish runs it (the API key in the environment).
    $script:Publish = Invoke-ChildSession -Environment @{ XDG_DATA_HOME = $PublisherHome.FullName; AURORARESTORE_API_KEY = 'local-feed-key' } -Parameters @{ Script = (Join-Path $PSScriptRoot '../../build/Publish-ModulePackage.ps1'); ModulePath = $ModuleFolder; RepositoryUri = $Repository } -Script @'
param([string] $Script, [string] $ModulePath, [string] $RepositoryUri)
& $Script -ModulePath $ModulePath -RepositoryUri $RepositoryUri
'@
    $script:Nupkg = Join-Path $Repository "AuroraRestore.$($Manifest.ModuleVersion).nupkg"
}

AfterAll {
    if ($script:Moto) { Stop-MotoServer $Moto }
}

Describe 'The AuroraRestore package' -Tag Integration, Slow {
    Context 'when published to a local repository' {
        It 'is a .nupkg named with the manifest''s version' {
            $Publish.ExitCode | Should -Be 0 -Because $Publish.Error
            $Nupkg | Should -Exist
        }

        It 'carries the manifest''s metadata' {
            $zip = [System.IO.Compression.ZipFile]::OpenRead($Nupkg)
            try {
                $entry = $zip.Entries | Where-Object FullName -eq 'AuroraRestore.nuspec'
                $reader = [System.IO.StreamReader]::new($entry.Open())
                $nuspec = ([xml]$reader.ReadToEnd()).package.metadata
                $reader.Dispose()
            } finally {
                $zip.Dispose()
            }
            $nuspec.id | Should -Be 'AuroraRestore'
            $nuspec.version | Should -Be $Manifest.ModuleVersion
            $nuspec.authors | Should -Be $Manifest.Author
            $nuspec.description | Should -Be $Manifest.Description
            $nuspec.projectUrl | Should -Be $Manifest.PrivateData.PSData.ProjectUri
            $nuspec.licenseUrl | Should -Be $Manifest.PrivateData.PSData.LicenseUri
            $nuspec.tags -split ' ' | Should -Contain 'PSModule'
            $nuspec.tags -split ' ' | Should -Contain 'AWS'
            # The release notes are CHANGELOG.md's section of this version, put into the manifest by the build.
            $nuspec.releaseNotes | Should -Match 'Install-RestorePipeline'
            $nuspec.releaseNotes | Should -Not -Be 'See CHANGELOG.md.'
        }

        It 'holds the module folder as built, and nothing of PowerShell''s own' {
            $zip = [System.IO.Compression.ZipFile]::OpenRead($Nupkg)
            try { $files = @($zip.Entries.FullName) } finally { $zip.Dispose() }
            foreach ($file in 'AuroraRestore.psd1', 'AuroraRestore.psm1', 'AuroraRestore.Loader.dll', 'AuroraRestore.format.ps1xml',
                'dependencies/AuroraRestore.dll', 'dependencies/AWSSDK.Core.dll', 'en-US/AuroraRestore.dll-Help.xml', 'en-US/about_AuroraRestore.help.txt',
                'runbooks/Upgrade.Runbook.Tests.ps1', 'runbooks/Rollback.Runbook.Tests.ps1', 'runbooks/RunbookSupport.ps1') {
                $files | Should -Contain $file
            }
            $files | Where-Object { $_ -like '*System.Management.Automation*' } | Should -BeNullOrEmpty
        }
    }

    Context 'when installed by the CI templates'' install step from the feed into a clean module path, and imported by name in a fresh session' {
        BeforeAll {
            # What the templates set: the feed, the pinned version, the feed's credential from the CI system's secrets
            # (a folder feed ignores it). Pester is this suite's own (no PowerShell Gallery here).
            $installScript = Join-Path $PSScriptRoot '../../examples/ci/Install-RunbookTools.ps1'
            $pester = (Get-Module Pester).ModuleBase
            $feed = @{ AURORARESTORE_FEED_URI = $Repository; AURORARESTORE_FEED_USER = 'ci'; AURORARESTORE_FEED_TOKEN = 'feed-token'; PESTER_PATH = $pester; AURORARESTORE_MODULE_PATH = $null }
            $script:Install = Invoke-ChildSession -Environment ($CleanSession + $feed + @{ AURORARESTORE_VERSION = $Manifest.ModuleVersion }) -Parameters @{ Script = $installScript } -Script @'
param([string] $Script)
$ErrorActionPreference = 'Stop'
& $Script
[pscustomobject]@{
    Installed    = @(Get-InstalledPSResource -Name AuroraRestore -Scope CurrentUser | ForEach-Object { "$($_.Name) $($_.Version) $($_.InstalledLocation)" })
    Repositories = @(Get-PSResourceRepository | ForEach-Object { "$($_.Name) $($_.Uri.LocalPath)" })
} | Write-ChildResult
'@
            # A version the feed does not have, and no version at all: the step fails, installing nothing.
            $otherUser = $CleanSession + $feed + @{ AURORARESTORE_VERSION = '9.9.9' }
            $otherUser.HOME = (New-Item -ItemType Directory -Force (Join-Path $TestDrive 'other')).FullName
            $script:Unpublished = Invoke-ChildSession -Environment $otherUser -Parameters @{ Script = $installScript } -Script @'
param([string] $Script)
& $Script
'@
            $script:Unpinned = Invoke-ChildSession -Environment ($CleanSession + $feed + @{ AURORARESTORE_VERSION = $null }) -Parameters @{ Script = $installScript } -Script @'
param([string] $Script)
& $Script
'@
            $script:Use = Invoke-ChildSession -Environment $CleanSession -Script @'
$ErrorActionPreference = 'Stop'
$available = @(Get-Module -ListAvailable AuroraRestore)
Import-Module AuroraRestore
$module = Get-Module AuroraRestore
$pipeline = Get-RestorePipeline -Environment packaged
[pscustomobject]@{
    Available  = @($available.ModuleBase)
    ModuleBase = $module.ModuleBase
    Version    = $module.Version.ToString()
    Cmdlets    = @($module.ExportedCmdlets.Keys | Sort-Object)
    Status     = $pipeline.Status
    Table      = ($pipeline | Out-String).Trim()
    Examples   = (Get-Help Get-RestorePipeline -Examples | Out-String)
} | Write-ChildResult
'@
        }

        It 'installs the pinned version with PSResourceGet from the feed it registers' {
            $Install.Error | Should -BeNullOrEmpty
            $Install.ExitCode | Should -Be 0
            $Install.Output | Should -Match "Using AuroraRestore $([regex]::Escape($Manifest.ModuleVersion)) \("
            $Install.Result.Repositories | Should -Contain "AuroraRestoreFeed $Repository"
            $Install.Result.Installed | Should -HaveCount 1
            $Install.Result.Installed[0] | Should -BeLike "AuroraRestore $($Manifest.ModuleVersion) $ModulesPath*"
            Join-Path $ModulesPath "AuroraRestore/$($Manifest.ModuleVersion)/AuroraRestore.psd1" | Should -Exist
        }

        It 'is found by name on the clean module path only' {
            $Use.Error | Should -BeNullOrEmpty
            $Use.ExitCode | Should -Be 0
            $Use.Result.Available | Should -Be @(Join-Path $ModulesPath "AuroraRestore/$($Manifest.ModuleVersion)")
            $Use.Result.ModuleBase | Should -Be (Join-Path $ModulesPath "AuroraRestore/$($Manifest.ModuleVersion)")
            $Use.Result.Version | Should -Be $Manifest.ModuleVersion
        }

        It 'exports the manifest''s cmdlets' {
            $Use.Result.Cmdlets | Should -Be @($Manifest.CmdletsToExport | Sort-Object)
        }

        It 'runs Get-RestorePipeline against moto and shows its table view' {
            $Use.Result.Status | Should -Be 'NotInstalled'
            $Use.Result.Table | Should -Match 'Environment\s+Region\s+Version\s+Status'
            $Use.Result.Table | Should -Match 'packaged\s+us-east-1\s+NotInstalled'
        }

        It 'has its help' {
            $Use.Result.Examples | Should -Match 'Get-RestorePipeline -Environment staging'
        }

        It 'fails the install step for a version the feed does not have' {
            $Unpublished.ExitCode | Should -Not -Be 0
            $Unpublished.Error + $Unpublished.Output | Should -Match '9\.9\.9'
        }

        It 'refuses to install without a pinned version, saying which variable to set' {
            $Unpinned.ExitCode | Should -Not -Be 0
            $Unpinned.Error + $Unpinned.Output | Should -Match 'Set AURORARESTORE_VERSION'
        }
    }
}
