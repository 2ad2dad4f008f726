<#
.SYNOPSIS
Import-Module overhead: the time of `pwsh -NoProfile -c "Import-Module AuroraRestore; exit"` against bare
`pwsh -NoProfile -c exit`, both measured in this run, alternating, median of -Runs each. Target: overhead ≤ 150 ms.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [int] $Runs = 10
)
$ErrorActionPreference = 'Stop'

function Measure-Once([string] $Command) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    # The local tool, as users of this repository start it (run from the repository).
    & dotnet pwsh -NoProfile -NonInteractive -Command $Command
    if ($LASTEXITCODE -ne 0) { throw "pwsh -c '$Command' exited with $LASTEXITCODE" }
    $watch.Elapsed.TotalMilliseconds
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $sorted[[int][Math]::Floor($sorted.Count / 2)]
}

# One warm-up of each so that both start from a warm disk cache.
$null = Measure-Once 'exit'
$null = Measure-Once "Import-Module '$ModulePath'; exit"
$bare = @(); $import = @()
foreach ($i in 1..$Runs) {
    $bare += Measure-Once 'exit'
    $import += Measure-Once "Import-Module '$ModulePath'; exit"
}
$bareMedian = Get-Median $bare
$importMedian = Get-Median $import
[pscustomobject]@{
    Benchmark          = 'Import-Module'
    Runs               = $Runs
    BareMs             = [Math]::Round($bareMedian, 1)
    WithImportMs       = [Math]::Round($importMedian, 1)
    OverheadMs         = [Math]::Round($importMedian - $bareMedian, 1)
    Ratio              = [Math]::Round($importMedian / $bareMedian, 3)
    TargetOverheadMs   = 150
}
