<#
.SYNOPSIS
Times a full 1.0.0 -> 3.0.0 upgrade with backup and verification: Invoke-RestoreUpgrade against the migration guide's
procedure scripted with the AWS CLI, on the same moto, at the same N; and the intake freeze window at each N.

.DESCRIPTION
For each size N (state operations; the audit table holds one event per operation, so 2N items in all) on a fresh moto:
  1. installs two environments at 1.0.0 with Install-RestorePipeline (the same shape: stacks, functions, aliases,
     configuration format 1, the 1.0 alarm) and seeds both with the same N v1 items (seed_items.py, BatchWriteItem);
  2. runs, each in its own process and timed from start to exit:
       seed   UpgradeBench/seed-upgrade.sh: the guide's preparation (create-backup, get-template, the in-progress scan),
              both upgrade paths with the AWS CLI (update-stack + wait, publish-version + update-alias per function,
              update-table for the index, put-metric-alarm, the configuration), the per-item state migration
              (migrate_state.py: scan, transform, one PutItem per item) and the post-migration verification;
       ours   `pwsh -NoProfile -c 'Import-Module AuroraRestore; Invoke-RestoreUpgrade -TargetVersion 3.0.0 ...'` with
              its backup set (verified) and its verify step;
     in alternating order from one size to the next, so that neither always runs on a warmer server;
  3. compares the two environments (compare_envs.py: items by format, a sample of up to 2,000 operations item for
     item, index, templates, live aliases, configuration, alarms) and refuses figures from runs that did different work.
Sizes in -FreezeSizes but not in -Sizes run ours alone, for its freeze window. Emits one object per size.
A benchmark, not a test: ratios are what counts, measured in one run on one machine (docs/performance.md).

.EXAMPLE
dotnet pwsh -NoProfile ./bench/Measure-UpgradeTime.ps1 -Sizes 200 -FreezeSizes 200, 1000
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/AuroraRestore/AuroraRestore.psd1'),
    # Sizes at which ours and the seed's procedure are compared.
    [int[]] $Sizes = @(1000, 20000),
    # Sizes at which ours' freeze window is reported (a size not in -Sizes runs ours alone).
    [int[]] $FreezeSizes = @(1000, 50000),
    [string] $WorkPath = (Join-Path ([IO.Path]::GetTempPath()) ('ar-upgrade-bench-' + [guid]::NewGuid().ToString('N')))
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$here = Join-Path $PSScriptRoot 'UpgradeBench'
$modulePath = (Resolve-Path $ModulePath).Path
$moduleFolder = Split-Path $modulePath
$versions = (Resolve-Path (Join-Path $PSScriptRoot '../src/AuroraRestore/Versions')).Path
Import-Module $modulePath
Import-Module (Join-Path $PSScriptRoot '../tests/support/Moto.psm1')

$process = [Environment]::ProcessPath
[string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }

function Invoke-Timed {
    # Runs a program to its end; returns its wall time and output, and fails the bench if the program failed.
    param([string] $Name, [string] $FilePath, [string[]] $Arguments, [string] $LogPath)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $output = & $FilePath @Arguments 2>&1
    $seconds = $watch.Elapsed.TotalSeconds
    $output | ForEach-Object { "$_" } | Set-Content $LogPath
    if ($LASTEXITCODE -ne 0) { throw "$Name exited with $LASTEXITCODE; its output is in $LogPath" }
    [pscustomobject]@{ Seconds = $seconds; Output = @($output | ForEach-Object { "$_" }) }
}

function Install-BenchEnvironment {
    # Pipeline 1.0.0 with a format 1 configuration, then N operations of the pipeline 1.0 formats in both tables.
    param($Moto, [string] $Name, [int] $Size)
    $aws = Get-MotoAwsParameters -Server $Moto
    $config = Join-Path $WorkPath "$Name.json"
    @{ format_version = 1; source_region = 'us-east-1'; source_cluster_id = 'prod-aurora-cluster'; target_cluster_id = "restored-$Name"; snapshot_prefix = 'prod-aurora-cluster-daily-'; setup_db_users = $false } |
        ConvertTo-Json -Compress | Set-Content $config
    Install-RestorePipeline -Version 1.0.0 -Environment $Name -ConfigPath $config @aws -Confirm:$false | Out-Null
    Invoke-WithEnvironment -Variables @{ AWS_PROFILE = $null } -ScriptBlock {
        & python3 (Join-Path $here 'seed_items.py') $Moto.Endpoint "AuroraRestoreState-$Name" "AuroraRestoreAudit-$Name" $Size
        if ($LASTEXITCODE -ne 0) { throw "seeding $Name failed ($LASTEXITCODE)" }
    }
}

function Invoke-SeedProcedure {
    param($Moto, [string] $Name)
    $work = Join-Path $WorkPath "seed-$Name"
    Invoke-WithEnvironment -Variables @{ AWS_PROFILE = $null } -ScriptBlock {
        Invoke-Timed -Name "seed-upgrade.sh ($Name)" -FilePath 'bash' -LogPath (Join-Path $WorkPath "$Name.log") `
            -Arguments @((Join-Path $here 'seed-upgrade.sh'), $Moto.Endpoint, $Name, $versions, (Join-Path $moduleFolder 'lambda'), $work)
    }
}

function Invoke-OurUpgrade {
    # A fresh PowerShell, as an operator would run it: import, upgrade (backup set on disk, verified; verify step), exit.
    param($Moto, [string] $Name)
    $backups = Join-Path $WorkPath 'backups'
    $command = "Import-Module '$modulePath'; " +
        "`$credential = [pscredential]::new('testing', (ConvertTo-SecureString 'testing' -AsPlainText -Force)); " +
        "`$result = Invoke-RestoreUpgrade -Environment $Name -TargetVersion 3.0.0 -BackupPath '$backups' -EndpointUrl '$($Moto.Endpoint)' -Region us-east-1 -Credential `$credential -Confirm:`$false | Select-Object -Last 1; " +
        "[Console]::Out.WriteLine('RESULT ' + (@{ Status = `$result.Status; FreezeMs = `$result.FreezeWindow.TotalMilliseconds; DurationMs = `$result.Duration.TotalMilliseconds; Steps = @(`$result.Steps | ForEach-Object { @{ Name = `$_.Key; Ms = `$_.Duration.TotalMilliseconds } }) } | ConvertTo-Json -Compress -Depth 4))"
    $run = Invoke-Timed -Name "Invoke-RestoreUpgrade ($Name)" -FilePath $process -LogPath (Join-Path $WorkPath "$Name.log") `
        -Arguments ($prefix + @('-NoProfile', '-NonInteractive', '-Command', $command))
    $line = $run.Output | Where-Object { $_ -like 'RESULT *' } | Select-Object -Last 1
    if (-not $line) { throw "Invoke-RestoreUpgrade ($Name) reported no result" }
    $result = $line.Substring(7) | ConvertFrom-Json
    if ($result.Status -ne 'Completed') { throw "Invoke-RestoreUpgrade ($Name) ended $($result.Status)" }
    [pscustomobject]@{ Seconds = $run.Seconds; FreezeWindow = [timespan]::FromMilliseconds($result.FreezeMs); Duration = [timespan]::FromMilliseconds($result.DurationMs); Steps = $result.Steps }
}

function Assert-SameWork {
    param($Moto, [string] $Seed, [string] $Ours, [int] $Size)
    $text = Invoke-WithEnvironment -Variables @{ AWS_PROFILE = $null } -ScriptBlock {
        Push-Location $here
        try { & python3 (Join-Path $here 'compare_envs.py') $Moto.Endpoint $Seed $Ours $Size } finally { Pop-Location }
        if ($LASTEXITCODE -ne 0) { throw "compare_envs.py failed ($LASTEXITCODE)" }
    }
    $comparison = ($text -join "`n") | ConvertFrom-Json
    if (@($comparison.differences).Count -gt 0) {
        $shown = @($comparison.differences | Select-Object -First 5 | ForEach-Object { if ($_.Length -gt 400) { $_.Substring(0, 400) + '...' } else { $_ } })
        throw "The seed's procedure and Invoke-RestoreUpgrade left $Seed and $Ours different ($(@($comparison.differences).Count) differences; the first ones):`n  " + ($shown -join "`n  ")
    }
    $comparison.sampled
}

$null = New-Item -ItemType Directory -Force $WorkPath
$moto = Start-MotoServer
$finished = $false
try {
    $all = @($Sizes) + @($FreezeSizes | Where-Object { $_ -notin $Sizes }) | Sort-Object -Unique
    $index = 0
    foreach ($size in $all) {
        Reset-MotoServer -Server $moto
        $compare = $size -in $Sizes
        $ours = "ours-$size"
        $seed = "seed-$size"
        $watch = [Diagnostics.Stopwatch]::StartNew()
        Install-BenchEnvironment -Moto $moto -Name $ours -Size $size
        if ($compare) { Install-BenchEnvironment -Moto $moto -Name $seed -Size $size }
        Write-Host ("N = {0}: installed and seeded in {1:F0} s" -f $size, $watch.Elapsed.TotalSeconds)

        $seedRun = $null
        $oursFirst = ($index++ % 2) -eq 1
        if ($compare -and -not $oursFirst) { $seedRun = Invoke-SeedProcedure -Moto $moto -Name $seed; Write-Host ("  seed {0,8:F1} s" -f $seedRun.Seconds) }
        $oursRun = Invoke-OurUpgrade -Moto $moto -Name $ours
        Write-Host ("  ours {0,8:F1} s (freeze window {1:F2} s)" -f $oursRun.Seconds, $oursRun.FreezeWindow.TotalSeconds)
        if ($compare -and $oursFirst) { $seedRun = Invoke-SeedProcedure -Moto $moto -Name $seed; Write-Host ("  seed {0,8:F1} s" -f $seedRun.Seconds) }
        $sampled = if ($compare) { Assert-SameWork -Moto $moto -Seed $seed -Ours $ours -Size $size } else { 0 }
        if ($compare) { Write-Host "  same end state (items by format, $sampled operations compared item for item, stacks, aliases, index, configuration, alarms)" }

        [pscustomobject]@{
            PSTypeName    = 'AuroraRestore.Bench.UpgradeTime'
            Items         = $size
            OursSeconds   = $oursRun.Seconds
            SeedSeconds   = if ($seedRun) { $seedRun.Seconds } else { $null }
            Ratio         = if ($seedRun) { $oursRun.Seconds / $seedRun.Seconds } else { $null }
            FreezeWindow  = $oursRun.FreezeWindow
            OursFirst     = $compare -and $oursFirst
            Steps         = $oursRun.Steps
            LoadAverage   = (Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 1
        }
    }
    $finished = $true
} finally {
    $moto | Stop-MotoServer
    # The logs of a failed run stay, for the reason.
    if ($finished) { Remove-Item -Recurse -Force $WorkPath -ErrorAction SilentlyContinue } else { Write-Warning "Logs kept in $WorkPath" }
}
