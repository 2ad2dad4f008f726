<#
.SYNOPSIS
Measures what importing AuroraRestore adds to starting PowerShell, with and without the isolating load context.

.DESCRIPTION
Starts `pwsh -NoProfile -c exit` (bare) and `pwsh -NoProfile -c 'Import-Module <module>; exit'` alternately, Runs times
each, and reports the medians: wall time of the process, the import overhead (median with import minus bare median) and
the import alone as the child process timed it (less noisy on a busy machine). It measures two layouts
of the same build:
  isolated   the module as built: AuroraRestore.psm1, the loader, dependencies/ in their own AssemblyLoadContext
  default    the layout before isolation: AuroraRestore.dll as the root module, everything in the default context
and, as the floor any module pays, an empty module (a manifest and a one-line psm1): what importing the first module
costs this PowerShell (module machinery compiled on first use) apart from anything AuroraRestore does.
The target (docs/distribution.md) is an overhead of at most 150 ms for the isolated layout. A benchmark, not a test:
run it on a quiet machine, after ./build.ps1 Build.

.EXAMPLE
dotnet pwsh -NoProfile ./bench/Measure-ImportTime.ps1 -Runs 15
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/AuroraRestore/AuroraRestore.psd1'),
    [int] $Runs = 15
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$process = [Environment]::ProcessPath
[string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
$moduleFolder = Split-Path (Resolve-Path $ModulePath)

# The pre-isolation layout, rebuilt from the same files: AuroraRestore.dll as RootModule beside its dependencies.
$default = Join-Path ([IO.Path]::GetTempPath()) ('ar-bench-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory $default
Copy-Item (Join-Path $moduleFolder '*') $default -Recurse
Move-Item (Join-Path $default 'dependencies/*') $default
Remove-Item (Join-Path $default 'dependencies'), (Join-Path $default 'AuroraRestore.psm1'), (Join-Path $default 'AuroraRestore.Loader.dll')
$manifest = Join-Path $default 'AuroraRestore.psd1'
(Get-Content -Raw $manifest) -replace "RootModule\s*=\s*'AuroraRestore.psm1'", "RootModule = 'AuroraRestore.dll'" | Set-Content $manifest -NoNewline

# The floor: an empty module of the same shape (manifest + root psm1), nothing loaded, nothing exported.
$empty = Join-Path $default 'empty'
$null = New-Item -ItemType Directory $empty
Set-Content (Join-Path $empty 'Empty.psm1') '$loaded = $true'
Set-Content (Join-Path $empty 'Empty.psd1') "@{ RootModule = 'Empty.psm1'; ModuleVersion = '1.0.0'; GUID = '$([guid]::NewGuid())'; FunctionsToExport = @(); CmdletsToExport = @(); AliasesToExport = @(); VariablesToExport = @() }"

function Measure-Start {
    # Wall time of a whole pwsh process; with -ModulePath also the import alone, as the child measured it.
    param([string] $ModulePath)
    $command = if ($ModulePath) { "`$w = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$ModulePath'; [Console]::Out.Write(`$w.Elapsed.TotalMilliseconds); exit" } else { 'exit' }
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $output = & $process @prefix -NoProfile -NonInteractive -Command $command
    $wall = $watch.Elapsed.TotalMilliseconds
    if ($LASTEXITCODE -ne 0) { throw "pwsh -c '$command' exited with $LASTEXITCODE" }
    [pscustomobject]@{ Wall = $wall; Import = if ($ModulePath) { [double]($output -join '') } else { 0 } }
}

function Get-Median {
    param([double[]] $Values)
    $sorted = $Values | Sort-Object
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

try {
    $layouts = [ordered]@{ isolated = (Resolve-Path $ModulePath).Path; default = $manifest; 'empty module (floor)' = (Join-Path $empty 'Empty.psd1') }
    $samples = @{ bare = [System.Collections.Generic.List[object]]::new() }
    foreach ($name in $layouts.Keys) { $samples[$name] = [System.Collections.Generic.List[object]]::new() }
    # Warm the disk cache and the runtime once, then interleave so that load on the machine hits every series alike.
    $null = Measure-Start
    foreach ($name in $layouts.Keys) { $null = Measure-Start $layouts[$name] }
    for ($i = 0; $i -lt $Runs; $i++) {
        $samples.bare.Add((Measure-Start))
        foreach ($name in $layouts.Keys) { $samples[$name].Add((Measure-Start $layouts[$name])) }
    }
    $bare = Get-Median $samples.bare.Wall
    [pscustomobject]@{ Layout = 'bare: pwsh -NoProfile -c exit'; WallMs = [math]::Round($bare); OverheadMs = 0; ImportMs = 0 }
    foreach ($name in $layouts.Keys) {
        $wall = Get-Median $samples[$name].Wall
        [pscustomobject]@{ Layout = "Import-Module ($name)"; WallMs = [math]::Round($wall); OverheadMs = [math]::Round($wall - $bare); ImportMs = [math]::Round((Get-Median $samples[$name].Import)) }
    }
} finally {
    Remove-Item -Recurse -Force $default
}
