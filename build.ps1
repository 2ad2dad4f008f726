<#
.SYNOPSIS
The single entry point for building, testing and demonstrating AuroraRestore.

.DESCRIPTION
Tasks, run in the order given:
  Build    compile the library and the Lambda host, assemble the importable module in out/AuroraRestore
  Test     Restore what the tests need (NuGet packages, the CI file validators from npm), Build, then run the xunit
           suite and the Pester suite; print the restore time, the suite time and 'N passed, N failed[, N skipped]'
  Demo     Build, start a local moto server and run the end-to-end story against it (docs/demo.md)
  Package  Build, then publish the module to a local folder repository with PSResourceGet: out/AuroraRestore.<version>.nupkg
  Publish  Build, then publish the module to a NuGet feed with Publish-PSResource (-RepositoryUri, -ApiKey; docs/distribution.md)
  Bench    Build, then run the benchmarks in bench/ on a local moto server, print their figures against their targets and
           keep the latest table in docs/performance.md (-Quick: smallest sizes, docs untouched; -Soak: larger sizes)
  Soak     Build, then only the long reliability variants left out of Test (xunit trait Category=Soak, Pester tag Soak; docs/reliability.md)
  Clean    remove out/ and every bin/ and obj/

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Package', 'Publish', 'Bench', 'Soak', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Pester tags to leave out of Test (for example Slow).
    [string[]] $ExcludeTag = @(),

    # How many Pester files Test runs at once (beside xunit): each has its own moto and mostly waits on it.
    [ValidateRange(1, 16)]
    [int] $TestThrottle = 3,

    # Bench: the smallest sizes only (minutes; docs/performance.md is left alone).
    [switch] $Quick,

    # Bench: the larger sizes as well (long). The Soak task is another thing: the long reliability tests.
    [switch] $Soak,

    # Publish: the NuGet feed (PowerShell Gallery, GitHub Packages, Azure Artifacts; or a folder). Default AURORARESTORE_REPOSITORY_URI.
    [string] $RepositoryUri = $env:AURORARESTORE_REPOSITORY_URI,

    # Publish: the feed's API key. Default AURORARESTORE_API_KEY (an environment variable keeps it out of the command line).
    [string] $ApiKey = $env:AURORARESTORE_API_KEY
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'AuroraRestore'

function Invoke-Native {
    # Runs a native command (a script block) and fails the build on a non-zero exit code.
    param([Parameter(Mandatory)] [scriptblock] $Command)
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "'$Command' exited with $LASTEXITCODE" }
}

function Invoke-Clean {
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $Out
    Get-ChildItem -Path (Join-Path $Root 'src'), (Join-Path $Root 'tests') -Directory -Recurse -Include bin, obj |
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
}

function Invoke-Build {
    $publish = Join-Path $Out 'publish'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $ModuleOut, $publish
    $loaderPublish = Join-Path $Out 'publish-loader'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $loaderPublish
    Invoke-Native { dotnet publish (Join-Path $Root 'src/AuroraRestore/AuroraRestore.csproj') -c $Configuration -o $publish --nologo -v quiet }
    Invoke-Native { dotnet publish (Join-Path $Root 'src/AuroraRestore.Loader/AuroraRestore.Loader.csproj') -c $Configuration -o $loaderPublish --nologo -v quiet }

    # The module folder holds only what users import: an allow-list, never System.Management.Automation.dll.
    # AuroraRestore.dll and its dependencies go to dependencies/, which the loader's own load context reads, so that
    # another AWSSDK.Core in the session (AWS.Tools) never meets ours (docs/distribution.md).
    $dependencies = Join-Path $ModuleOut 'dependencies'
    $null = New-Item -ItemType Directory -Force $dependencies
    Copy-Item (Join-Path $Root 'AuroraRestore.psd1') $ModuleOut
    Set-ReleaseNotes -ManifestPath (Join-Path $ModuleOut 'AuroraRestore.psd1') -ChangelogPath (Join-Path $Root 'CHANGELOG.md')
    Copy-Item (Join-Path $loaderPublish 'AuroraRestore.Loader.dll') $ModuleOut
    Get-ChildItem $publish -Filter *.dll | Where-Object Name -ne 'System.Management.Automation.dll' | Copy-Item -Destination $dependencies
    Get-ChildItem (Join-Path $Root 'module') -File | Copy-Item -Destination $ModuleOut
    foreach ($folder in 'runbooks', 'en-US') {
        $source = Join-Path $Root "module/$folder"
        if (Test-Path $source) { Copy-Item -Recurse $source (Join-Path $ModuleOut $folder) }
    }

    $lambdaHost = Join-Path $Root 'src/AuroraRestore.LambdaHost/AuroraRestore.LambdaHost.csproj'
    if (Test-Path $lambdaHost) { Build-LambdaPackages -Project $lambdaHost }

    # Help last: the generator imports the assembled module to check help/*.md against the real cmdlets.
    Invoke-Native { dotnet pwsh -NoProfile -File (Join-Path $Root 'build/New-ModuleHelp.ps1') -ModulePath (Join-Path $ModuleOut 'AuroraRestore.psd1') -HelpPath (Join-Path $Root 'help') -OutputPath (Join-Path $ModuleOut 'en-US/AuroraRestore.dll-Help.xml') }
    Write-Host "Module: $ModuleOut"
}

function Set-ReleaseNotes {
    # The manifest's ReleaseNotes are the CHANGELOG.md section of its ModuleVersion ('## 0.1.0 - date' up to the next '## ').
    param([Parameter(Mandatory)] [string] $ManifestPath, [Parameter(Mandatory)] [string] $ChangelogPath)
    $version = (Import-PowerShellDataFile $ManifestPath).ModuleVersion
    $section = [regex]::Match((Get-Content -Raw $ChangelogPath), "(?ms)^## \[?$([regex]::Escape($version))\]?[^\n]*\n(.*?)(?=^## |\z)")
    if (-not $section.Success -or -not $section.Groups[1].Value.Trim()) { throw "CHANGELOG.md has no section for version $version (the manifest's ModuleVersion)" }
    $notes = $section.Groups[1].Value.Trim() -replace "'", "''"
    $manifest = Get-Content -Raw $ManifestPath
    $pattern = "(?m)^(\s*ReleaseNotes\s*=\s*)'(?:[^']|'')*'"
    if ($manifest -notmatch $pattern) { throw "AuroraRestore.psd1 has no ReleaseNotes = '...' line to fill" }
    $manifest = [regex]::Replace($manifest, $pattern, { param($m) $m.Groups[1].Value + "'" + $notes + "'" })
    Set-Content -Path $ManifestPath -Value $manifest -NoNewline
}

function Build-LambdaPackages {
    # The seed's build_lambda_packages.sh: one zip per pipeline version, the same host and engine with the version
    # stamped in, so each version's code differs and publish-version creates a new Lambda version on upgrade.
    param([Parameter(Mandatory)] [string] $Project)
    $hostOut = Join-Path $Out 'lambda-host'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $hostOut
    Invoke-Native { dotnet publish $Project -c $Configuration -o $hostOut --nologo -v quiet }
    $lambdaOut = Join-Path $ModuleOut 'lambda'
    $null = New-Item -ItemType Directory -Force $lambdaOut
    $versions = @(Get-ChildItem (Join-Path $Root 'src/AuroraRestore/Versions') -Directory | Where-Object Name -match '^\d+\.\d+\.\d+$')
    foreach ($version in $versions.Name) {
        $staging = Join-Path $Out "lambda-$version"
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $staging
        Copy-Item -Recurse $hostOut $staging
        Set-Content -Path (Join-Path $staging 'pipeline-version.txt') -Value $version -NoNewline
        $zip = Join-Path $lambdaOut "aurora-restore-lambda-$version.zip"
        Remove-Item -Force -ErrorAction SilentlyContinue $zip
        # Fixed timestamps keep the zip (and so the Lambda code hash) identical from build to build.
        Get-ChildItem -Recurse -File $staging | ForEach-Object { $_.LastWriteTimeUtc = [datetime]'2020-01-01' }
        [System.IO.Compression.ZipFile]::CreateFromDirectory($staging, $zip, [System.IO.Compression.CompressionLevel]::Optimal, $false)
        Remove-Item -Recurse -Force $staging
    }
}

function Invoke-Restore {
    # What Test needs besides the build, restored before anything looks for it, so that a fresh machine (an empty NuGet
    # package folder) passes as a warm one does: every project's NuGet packages (the test project downloads Pester 5 and
    # 6 and AWS.Tools' AWSSDK.Core), then the CI systems' parsers from npm (tests/ci-validators, into
    # AURORARESTORE_CI_VALIDATORS or out/ci-validators). Returns how long each took.
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    Invoke-Native { dotnet restore (Join-Path $Root 'AuroraRestore.sln') --nologo -v quiet | Write-Host }
    $nuget = $watch.Elapsed
    $watch.Restart()
    $null = & (Join-Path $Root 'tests/ci-validators/Install-CiValidators.ps1')
    [pscustomobject]@{ NuGet = $nuget; Npm = $watch.Elapsed }
}

function Write-RestoreTime {
    # One line for CI: the restore's parts; .ci/run passes the time of its `dotnet tool restore` in AURORARESTORE_TOOL_RESTORE_SECONDS.
    param([Parameter(Mandatory)] $Restore)
    $parts = [ordered]@{}
    if ($env:AURORARESTORE_TOOL_RESTORE_SECONDS) { $parts['dotnet tool restore'] = [double]$env:AURORARESTORE_TOOL_RESTORE_SECONDS }
    $parts['NuGet restore'] = $Restore.NuGet.TotalSeconds
    $parts['npm validators'] = $Restore.Npm.TotalSeconds
    $total = ($parts.Values | Measure-Object -Sum).Sum
    Write-Host ("Restore time: {0} s ({1})" -f [int]$total, (($parts.Keys | ForEach-Object { '{0} {1} s' -f $_, [int]$parts[$_] }) -join ', '))
}

function Invoke-Test {
    # Soak: the long reliability variants run only by the Soak task. Test runs everything else.
    param([switch] $Soak, $Restore)
    $results = Join-Path $Out 'test-results'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $results
    $null = New-Item -ItemType Directory -Force $results
    $clock = [System.Diagnostics.Stopwatch]::StartNew()

    # The suite waits on moto and on child processes far more than it computes, so its halves run side by side: xunit
    # in a thread job, the Pester files in child processes ($TestThrottle at once), each file with its own moto.
    $trx = Join-Path $results 'xunit.trx'
    $xunitLog = Join-Path $results 'xunit.log'
    $project = Join-Path $Root 'tests/AuroraRestore.Tests/AuroraRestore.Tests.csproj'
    $xunitJob = Start-ThreadJob -Name xunit -ScriptBlock {
        param($Project, $Configuration, $Trx, $Log, $Filter)
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        & dotnet test $Project -c $Configuration --nologo --filter $Filter --logger "trx;LogFileName=$Trx" --logger 'console;verbosity=minimal' *> $Log
        $watch.Elapsed
    } -ArgumentList $project, $Configuration, $trx, $xunitLog, $(if ($Soak) { 'Category=Soak' } else { 'Category!=Soak' })

    $pester = Invoke-PesterFiles -Results $results -Soak:$Soak
    $xunitElapsed = Receive-Job -Wait -AutoRemoveJob $xunitJob
    Write-Host "== xunit ($([int]$xunitElapsed.TotalSeconds) s)" -ForegroundColor Cyan
    if (Test-Path $xunitLog) { Get-Content $xunitLog | Write-Host }

    # A failing test must not hide the other half's results; a run that produced no results (a build error) is a failure.
    $xunit = @{ Passed = 0; Failed = 1; Skipped = 0 }
    if (Test-Path $trx) {
        $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
        # Skipped xunit tests are counted in total but not in executed (trx's notExecuted stays 0 for them).
        $xunit = @{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout; Skipped = [int]$counters.total - [int]$counters.executed }
    }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    $skipped = $xunit.Skipped + $pester.Skipped
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
    Write-Host "Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    if ($Restore) { Write-RestoreTime $Restore }
    Write-Host "Suite time: $([int]$clock.Elapsed.TotalSeconds) s"
    $line = "$passed passed, $failed failed"
    if ($skipped -gt 0) { $line += ", $skipped skipped" }
    Write-Host $line
    if ($failed -gt 0) { exit 1 }
}

function Invoke-PesterFiles {
    # Runs each tests/pester/*.Tests.ps1 in a child process (the freshly built module loaded once, cleanly), largest
    # files first so the long ones never start last; prints each file's output whole when it ends; sums the counts.
    param([Parameter(Mandatory)] [string] $Results, [switch] $Soak)
    $files = Get-ChildItem (Join-Path $Root 'tests/pester') -Filter *.Tests.ps1 | Sort-Object Length -Descending
    # Soak: only the files that tag something Soak (the others would start a process to find nothing to run).
    if ($Soak) { $files = @($files | Where-Object { Select-String -LiteralPath $_.FullName -Pattern '-Tag\b.*\bSoak\b' -Quiet }) }
    $common = @('-PesterPath', (& (Join-Path $Root 'build/Get-RestoredPester.ps1') -Major 5), '-ModulePath', (Join-Path $ModuleOut 'AuroraRestore.psd1'), '-ResultPath', $Results)
    if ($Soak) { $common += @('-Tag', 'Soak') } else { $common += @('-ExcludeTag', ((@($ExcludeTag) + 'Soak') -join ',')) }
    $script = Join-Path $Root 'tests/pester/Invoke-PesterSuite.ps1'
    $summaries = $files | ForEach-Object -ThrottleLimit $TestThrottle -Parallel {
        $file = $_
        $summary = Join-Path $using:Results "pester-$($file.BaseName).json"
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $arguments = $using:common
        $output = & dotnet pwsh -NoProfile -File $using:script -Path $file.FullName -SummaryPath $summary @arguments 2>&1
        Write-Host ("== Pester {0} ({1} s)" -f $file.Name, [int]$watch.Elapsed.TotalSeconds) -ForegroundColor Cyan
        $output | Out-String | Write-Host
        # A file whose process died before writing its summary counts as one failure.
        if (Test-Path $summary) { Get-Content -Raw $summary | ConvertFrom-Json -AsHashtable } else { @{ Passed = 0; Failed = 1; Skipped = 0 } }
    }
    @{
        Passed = ($summaries | ForEach-Object { $_.Passed } | Measure-Object -Sum).Sum
        Failed = ($summaries | ForEach-Object { $_.Failed } | Measure-Object -Sum).Sum
        Skipped = ($summaries | ForEach-Object { $_.Skipped } | Measure-Object -Sum).Sum
    }
}

function Invoke-Package {
    # PSResourceGet writes the .nupkg (nuspec from the manifest: version, authors, description, tags, links, release
    # notes) when it publishes to a folder repository. Its list of repositories lives in the user's data folder: the
    # publishing process gets a data folder of its own, so the user's repositories are never touched.
    $staging = Join-Path $Out 'package'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $staging
    $repository = Join-Path $staging 'repository'
    $dataHome = Join-Path $staging 'data'
    $null = New-Item -ItemType Directory -Force $repository, $dataHome
    $savedDataHome = $env:XDG_DATA_HOME
    try {
        $env:XDG_DATA_HOME = $dataHome
        Invoke-Native { dotnet pwsh -NoProfile -File (Join-Path $Root 'build/Publish-ModulePackage.ps1') -ModulePath $ModuleOut -RepositoryUri $repository }
    } finally {
        $env:XDG_DATA_HOME = $savedDataHome
    }
    $version = (Import-PowerShellDataFile (Join-Path $ModuleOut 'AuroraRestore.psd1')).ModuleVersion
    $package = Join-Path $Out "AuroraRestore.$version.nupkg"
    Copy-Item -Force (Join-Path $repository "AuroraRestore.$version.nupkg") $package
    Remove-Item -Recurse -Force $staging
    Write-Host "Package: $package"
}

function Assert-PublishSettings {
    # Before the build: Publish needs a feed, and a URL feed its API key.
    if (-not $RepositoryUri) { throw 'Publish needs the feed: -RepositoryUri or AURORARESTORE_REPOSITORY_URI (docs/distribution.md lists the feeds).' }
    if ($RepositoryUri -match '^https?://' -and -not $ApiKey) { throw "Publish needs the API key of ${RepositoryUri}: -ApiKey or AURORARESTORE_API_KEY." }
}

function Invoke-Publish {
    # Publish-PSResource to a NuGet feed (docs/distribution.md: the PowerShell Gallery, GitHub Packages, Azure Artifacts).
    # The API key reaches the publishing process through its environment, never its command line; Azure Artifacts also
    # wants a credential (AURORARESTORE_FEED_USER, AURORARESTORE_FEED_TOKEN). As in Package, that process gets a data
    # folder of its own, so the user's list of PSResourceGet repositories is never touched.
    $dataHome = Join-Path $Out 'publish-data'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $dataHome
    $null = New-Item -ItemType Directory -Force $dataHome
    $saved = @{ XDG_DATA_HOME = $env:XDG_DATA_HOME; AURORARESTORE_API_KEY = $env:AURORARESTORE_API_KEY }
    try {
        $env:XDG_DATA_HOME = $dataHome
        $env:AURORARESTORE_API_KEY = $ApiKey
        Invoke-Native { dotnet pwsh -NoProfile -File (Join-Path $Root 'build/Publish-ModulePackage.ps1') -ModulePath $ModuleOut -RepositoryUri $RepositoryUri }
    } finally {
        $env:XDG_DATA_HOME = $saved.XDG_DATA_HOME
        $env:AURORARESTORE_API_KEY = $saved.AURORARESTORE_API_KEY
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $dataHome
    }
}

function Invoke-Demo {
    & dotnet pwsh -NoProfile -File (Join-Path $Root 'examples/Invoke-Demo.ps1') -ModulePath (Join-Path $ModuleOut 'AuroraRestore.psd1')
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)" }
}

function Invoke-Bench {
    # Import time, the upgrade against the guide's procedure, the freeze window and the state migration (bench/Invoke-Bench.ps1).
    $benchArgs = @('-ModulePath', (Join-Path $ModuleOut 'AuroraRestore.psd1'), '-DocumentPath', (Join-Path $Root 'docs/performance.md'))
    if ($Quick) { $benchArgs += '-Quick' }
    if ($Soak) { $benchArgs += '-Soak' }
    Invoke-Native { dotnet pwsh -NoProfile -File (Join-Path $Root 'bench/Invoke-Bench.ps1') @benchArgs }
}

foreach ($name in $Task) {
    Write-Host "== $name" -ForegroundColor Cyan
    switch ($name) {
        'Clean' { Invoke-Clean }
        'Build' { Invoke-Build }
        'Test' {
            # A restore or build that fails is a failed test run: CI still gets its closing line.
            try { $restore = Invoke-Restore; Invoke-Build } catch { Write-Host $_; Write-Host '0 passed, 1 failed'; exit 1 }
            Invoke-Test -Restore $restore
        }
        'Demo' { Invoke-Build; Invoke-Demo }
        'Package' { Invoke-Build; Invoke-Package }
        'Publish' { Assert-PublishSettings; Invoke-Build; Invoke-Publish }
        'Bench' { Invoke-Build; Invoke-Bench }
        'Soak' {
            try { $restore = Invoke-Restore; Invoke-Build } catch { Write-Host $_; Write-Host '0 passed, 1 failed'; exit 1 }
            Invoke-Test -Soak -Restore $restore
        }
    }
}
