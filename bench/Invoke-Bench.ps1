<#
.SYNOPSIS
Runs every benchmark of bench/ against the built module and a local moto, prints the figures against their targets and
keeps the latest table in docs/performance.md.

.DESCRIPTION
The figures of issue 10, each a ratio (or a difference) measured in one run, so that the load of a shared machine hits
both sides of it alike:
  import     Import-Module overhead over a bare `pwsh -NoProfile -c exit` (Measure-ImportTime.ps1)      target <= 150 ms
  upgrade    a 1.0 -> 3.0 upgrade with backup and verification, Invoke-RestoreUpgrade against the migration guide's
             procedure with the AWS CLI and a per-item migration, same moto, same N (Measure-UpgradeTime.ps1)
                                                                                                     target ours/seed <= 0.3
  freeze     the intake freeze window (UpgradeResult.FreezeWindow) at the largest and the smallest N   target ratio <= 1.2
  migration  the state migration runner against the per-item loop and a raw copy (MigrationBench)     figures only
The load average is recorded beside each part. -Quick runs the smallest sizes (minutes, for development; docs are not
touched); -Soak adds the larger sizes.

.EXAMPLE
dotnet pwsh -NoProfile ./bench/Invoke-Bench.ps1 -Quick
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/AuroraRestore/AuroraRestore.psd1'),
    [string] $DocumentPath = (Join-Path $PSScriptRoot '../docs/performance.md'),
    # Raw results (JSON) of each part.
    [string] $ResultPath = (Join-Path $PSScriptRoot '../out/bench'),
    [int] $ImportRuns = 11,
    [int[]] $UpgradeSizes = @(1000, 20000),
    [int[]] $FreezeSizes = @(1000, 50000),
    [int[]] $MigrationSizes = @(5000, 20000),
    [int] $MigrationReps = 1,
    # Parts to leave out: Import, Upgrade, Migration.
    [ValidateSet('Import', 'Upgrade', 'Migration')]
    [string[]] $Skip = @(),
    # Smallest sizes, fewer runs; prints the figures and leaves docs/performance.md alone.
    [switch] $Quick,
    # Larger sizes as well (long).
    [switch] $Soak
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if ($Quick) {
    $ImportRuns = 5; $UpgradeSizes = @(200); $FreezeSizes = @(200, 1000); $MigrationSizes = @(2000); $MigrationReps = 1
} elseif ($Soak) {
    $ImportRuns = 31; $UpgradeSizes = @(1000, 20000, 50000); $FreezeSizes = @(1000, 50000, 100000); $MigrationSizes = @(5000, 20000, 50000); $MigrationReps = 3
}

function Get-LoadAverage {
    # The 1-minute load average, the figure that says how busy the shared machine was.
    $text = Get-Content /proc/loadavg -ErrorAction SilentlyContinue
    if ($text) { [double](($text -split ' ')[0]) } else { $null }
}

function Format-Seconds([double] $Value) { '{0:F1}' -f $Value }

$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$null = New-Item -ItemType Directory -Force $ResultPath
$started = [DateTime]::UtcNow
$commit = (& git -C $root rev-parse --short HEAD 2>$null)
$summary = [System.Collections.Generic.List[object]]::new()
$details = [System.Text.StringBuilder]::new()

function Add-Figure {
    param([string] $Figure, [string] $Measured, [string] $Target, [Nullable[bool]] $Pass, [string] $Load)
    $summary.Add([pscustomobject]@{ Figure = $Figure; Measured = $Measured; Target = $Target; Result = if ($null -eq $Pass) { '' } elseif ($Pass) { 'pass' } else { 'FAIL' }; LoadAverage = $Load })
}

if ('Import' -notin $Skip) {
    Write-Host "== Import-Module overhead ($ImportRuns interleaved runs)" -ForegroundColor Cyan
    $before = Get-LoadAverage
    $rows = @(& (Join-Path $PSScriptRoot 'Measure-ImportTime.ps1') -ModulePath $ModulePath -Runs $ImportRuns)
    $load = '{0:F1} / {1:F1}' -f $before, (Get-LoadAverage)
    $rows | Format-Table | Out-String | Write-Host
    $isolated = $rows | Where-Object Layout -eq 'Import-Module (isolated)'
    $bare = $rows | Where-Object Layout -like 'bare*'
    $floor = $rows | Where-Object Layout -like '*empty module*'
    Add-Figure -Figure 'Import-Module overhead over `pwsh -NoProfile -c exit` (median)' -Measured "$($isolated.OverheadMs) ms (bare start $($bare.WallMs) ms; an empty module: $($floor.OverheadMs) ms)" -Target '<= 150 ms' -Pass ($isolated.OverheadMs -le 150) -Load $load
    $null = $details.AppendLine("### Import-Module ($ImportRuns interleaved runs, medians, load average $load)").AppendLine()
    $null = $details.AppendLine('| layout | process wall ms | overhead over bare ms | Import-Module alone ms |').AppendLine('|---|---:|---:|---:|')
    foreach ($row in $rows) { $null = $details.AppendLine("| $($row.Layout) | $($row.WallMs) | $($row.OverheadMs) | $($row.ImportMs) |") }
    $null = $details.AppendLine()
}

if ('Upgrade' -notin $Skip) {
    Write-Host "== Upgrade 1.0.0 -> 3.0.0: ours against the seed's procedure at $($UpgradeSizes -join ', '); freeze window at $($FreezeSizes -join ', ')" -ForegroundColor Cyan
    $before = Get-LoadAverage
    $rows = @(& (Join-Path $PSScriptRoot 'Measure-UpgradeTime.ps1') -ModulePath $ModulePath -Sizes $UpgradeSizes -FreezeSizes $FreezeSizes)
    $rows | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $ResultPath 'upgrade.json')
    $load = '{0:F1} / {1:F1}' -f $before, (Get-LoadAverage)
    $null = $details.AppendLine("### Upgrade 1.0.0 -> 3.0.0 with backup and verification (load average $load)").AppendLine()
    $null = $details.AppendLine('| N (operations; items = 2N) | ours (s) | seed (s) | ratio | target | result | freeze window (s) | load average at the end |').AppendLine('|---:|---:|---:|---:|---:|---|---:|---:|')
    foreach ($row in $rows) {
        $compared = $null -ne $row.SeedSeconds
        $ratio = if ($compared) { '{0:F2}' -f $row.Ratio } else { '' }
        $pass = if ($compared) { $row.Ratio -le 0.3 } else { $null }
        $null = $details.AppendLine("| $($row.Items) | $(Format-Seconds $row.OursSeconds) | $(if ($compared) { Format-Seconds $row.SeedSeconds }) | $ratio | $(if ($compared) { '<= 0.3' }) | $(if ($compared) { if ($pass) { 'pass' } else { 'FAIL' } }) | $('{0:F2}' -f $row.FreezeWindow.TotalSeconds) | $($row.LoadAverage) |")
        if ($compared) {
            Add-Figure -Figure "Upgrade 1.0 -> 3.0 at N = $($row.Items): ours / seed's procedure" -Measured ("{0} ({1} s / {2} s)" -f $ratio, (Format-Seconds $row.OursSeconds), (Format-Seconds $row.SeedSeconds)) -Target '<= 0.3' -Pass $pass -Load $row.LoadAverage
        }
    }
    $null = $details.AppendLine()
    # Where our time goes, step by step, at the largest compared size.
    $largest = $rows | Where-Object { $null -ne $_.SeedSeconds } | Sort-Object Items | Select-Object -Last 1
    if ($largest) {
        $null = $details.AppendLine("Invoke-RestoreUpgrade's steps at N = $($largest.Items) (s): " + (($largest.Steps | ForEach-Object { '{0} {1:F1}' -f ($_.Name -replace '^\d+#', ''), ($_.Ms / 1000) }) -join ', ')).AppendLine()
    }
    $freeze = @($rows | Where-Object { $_.Items -in $FreezeSizes } | Sort-Object Items)
    if ($freeze.Count -ge 2) {
        $small = $freeze[0]; $large = $freeze[-1]
        $ratio = $large.FreezeWindow.TotalSeconds / $small.FreezeWindow.TotalSeconds
        Add-Figure -Figure "Freeze window at N = $($large.Items) / at N = $($small.Items)" -Measured ('{0:F2} ({1:F2} s / {2:F2} s)' -f $ratio, $large.FreezeWindow.TotalSeconds, $small.FreezeWindow.TotalSeconds) -Target '<= 1.2' -Pass ($ratio -le 1.2) -Load $large.LoadAverage
    }
}

if ('Migration' -notin $Skip) {
    Write-Host "== State migration: runner, per-item loop, raw copy at $($MigrationSizes -join ', ') ($MigrationReps repetitions)" -ForegroundColor Cyan
    $before = Get-LoadAverage
    $json = Join-Path $ResultPath 'migration.json'
    & dotnet run --project (Join-Path $PSScriptRoot 'MigrationBench/MigrationBench.csproj') -c Release -- --sizes ($MigrationSizes -join ',') --reps $MigrationReps --out $json | Write-Host
    if ($LASTEXITCODE -ne 0) { throw "MigrationBench exited with $LASTEXITCODE" }
    $load = '{0:F1} / {1:F1}' -f $before, (Get-LoadAverage)
    $result = Get-Content -Raw $json | ConvertFrom-Json
    $null = $details.AppendLine("### State migration 1.0 -> 2.0 of one state table ($MigrationReps repetitions, medians; load average $load)").AppendLine()
    $null = $details.AppendLine('| items | runner items/s | per-item loop items/s | raw copy items/s (best) | runner / per-item | runner / raw copy | runner peak MiB | per-item peak MiB |').AppendLine('|---:|---:|---:|---:|---:|---:|---:|---:|')
    foreach ($row in $result.rows) {
        $copy = if ($row.copy_best -eq 'copy-plain') { $row.copy_plain_items_per_s } else { $row.copy_segmented_items_per_s }
        $null = $details.AppendLine("| $($row.items) | $($row.runner_items_per_s) | $($row.baseline_items_per_s) | $copy ($($row.copy_best)) | $($row.a_over_b) | $($row.a_over_c) | $($row.runner_peak_mib) | $($row.baseline_peak_mib) |")
        Add-Figure -Figure "State migration at $($row.items) items: runner / per-item loop (throughput)" -Measured "$($row.a_over_b) ($($row.runner_items_per_s) / $($row.baseline_items_per_s) items/s)" -Target '' -Pass $null -Load $load
    }
    $null = $details.AppendLine()
}

$table = [System.Text.StringBuilder]::new()
$null = $table.AppendLine("Measured $($started.ToString('yyyy-MM-dd HH:mm')) UTC at commit $commit on $([Environment]::ProcessorCount) cores, moto 5.2.1, PowerShell $($PSVersionTable.PSVersion); load average at the start and end of each part.").AppendLine()
$null = $table.AppendLine('| figure | measured | target | result | load average |').AppendLine('|---|---|---|---|---|')
foreach ($figure in $summary) { $null = $table.AppendLine("| $($figure.Figure) | $($figure.Measured) | $($figure.Target) | $($figure.Result) | $($figure.LoadAverage) |") }
$null = $table.AppendLine().Append($details.ToString())
$markdown = $table.ToString().TrimEnd() + "`n"

Write-Host ''
Write-Host $markdown

if (-not $Quick -and $Skip.Count -eq 0) {
    # The bench owns the text between the markers; everything else in the document is prose kept by hand.
    $begin = '<!-- bench:begin (written by ./build.ps1 Bench; edits here are overwritten) -->'
    $end = '<!-- bench:end -->'
    $document = Get-Content -Raw $DocumentPath
    $pattern = '(?s)' + [regex]::Escape($begin) + '.*?' + [regex]::Escape($end)
    if ($document -notmatch $pattern) { throw "$DocumentPath has no section between '$begin' and '$end'" }
    $document = [regex]::Replace($document, $pattern, { param($m) $begin + "`n" + $markdown + $end })
    Set-Content -Path $DocumentPath -Value $document -NoNewline
    Write-Host "Updated $DocumentPath"
}
