# AWS users often have AWS.Tools loaded, with its own AWSSDK.Core (the 3.7 line, assembly version 3.3.0.0). AuroraRestore
# ships AWSSDK.Core 4.x (assembly version 4.0.0.0) and loads it into a load context of its own (docs/distribution.md).
# Each case runs in a fresh process, because what matters is what the session held before the import.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../support/ChildSession.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:ModulePath = $env:AURORARESTORE_MODULE_PATH
    $script:ModuleFolder = Split-Path $ModulePath

    # The other AWSSDK.Core, restored into the NuGet cache by the test project's PackageDownload.
    $cache = $env:NUGET_PACKAGES
    if (-not $cache) { $cache = ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim() }
    $script:OtherCore = Join-Path $cache 'awssdk.core/3.7.402/lib/net8.0/AWSSDK.Core.dll'
    $script:Package = New-FakeLambdaPackage -Path (Join-Path $TestDrive 'lambda-1.0.0.zip')
    $script:ChildEnvironment = Get-MotoChildEnvironment $Moto

    # What every child reports: the other SDK's answers and every AWSSDK.Core in the process, with its load context.
    $script:Probe = @'
function Use-OtherSdk {
    # What an AWS.Tools user does: type literals resolve to the session's own AWSSDK.Core.
    $credentials = [Amazon.Runtime.BasicAWSCredentials]::new('AKIDOTHERSDK', 'other-secret')
    [pscustomobject]@{
        AccessKey       = $credentials.GetCredentials().AccessKey
        Region          = [Amazon.RegionEndpoint]::EUWest1.SystemName
        AssemblyVersion = [Amazon.Runtime.BasicAWSCredentials].Assembly.GetName().Version.ToString()
    }
}
function Get-AwsSdkCores {
    [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AWSSDK.Core' } | ForEach-Object {
        [pscustomobject]@{
            Version = $_.GetName().Version.ToString()
            Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name
            Path    = $_.Location
        }
    }
}
'@
}

AfterAll {
    if ($script:Moto) { Stop-MotoServer $Moto }
}

Describe 'AuroraRestore beside another AWSSDK.Core' -Tag Integration {
    It 'has the other AWSSDK.Core to load' {
        $OtherCore | Should -Exist
    }

    Context 'when the other AWSSDK.Core is loaded first' {
        BeforeAll {
            $script:Run = Invoke-ChildSession -Environment $ChildEnvironment -Parameters @{ ModulePath = $ModulePath; OtherCore = $OtherCore; Package = $Package } -Script (@'
param([string] $ModulePath, [string] $OtherCore, [string] $Package)
$ErrorActionPreference = 'Stop'
'@ + "`n" + $Probe + "`n" + @'
Add-Type -Path $OtherCore
$before = Use-OtherSdk
Import-Module $ModulePath
$empty = Get-RestorePipeline -Environment coexist-first
$installed = Install-RestorePipeline -Version 1.0.0 -Environment coexist-first -LambdaPackagePath $Package
[pscustomobject]@{
    Before    = $before
    Empty     = $empty.Status
    Installed = $installed.Status
    Version   = $installed.Version
    After     = Use-OtherSdk
    Cores     = @(Get-AwsSdkCores)
} | Write-ChildResult
'@)
        }

        It 'runs to the end' {
            $Run.Error | Should -BeNullOrEmpty
            $Run.ExitCode | Should -Be 0
        }

        It 'uses the other AWSSDK.Core before and after the import' {
            $Run.Result.Before.AssemblyVersion | Should -Be '3.3.0.0'
            $Run.Result.Before.AccessKey | Should -Be 'AKIDOTHERSDK'
            $Run.Result.After.AssemblyVersion | Should -Be '3.3.0.0'
            $Run.Result.After.Region | Should -Be 'eu-west-1'
        }

        It 'answers NotInstalled for an empty environment' {
            $Run.Result.Empty | Should -Be 'NotInstalled'
        }

        It 'installs a pipeline that the AWS CLI sees' {
            $Run.Result.Installed | Should -Be 'Installed'
            $stack = (Invoke-AwsCli $Moto cloudformation describe-stacks --stack-name aurora-restore-pipeline-coexist-first).Stacks[0]
            $stack.StackStatus | Should -Be 'CREATE_COMPLETE'
            ($stack.Tags | Where-Object Key -eq 'aurora-restore:version').Value | Should -Be '1.0.0'
            (Invoke-AwsCli $Moto dynamodb describe-table --table-name AuroraRestoreState-coexist-first).Table.TableStatus | Should -Be 'ACTIVE'
        }

        It 'holds both AWSSDK.Core versions, each in its own load context' {
            $cores = $Run.Result.Cores | Sort-Object Version
            $cores.Count | Should -Be 2
            $cores[0].Version | Should -Be '3.3.0.0'
            $cores[0].Context | Should -Be 'Default'
            $cores[0].Path | Should -Be $OtherCore
            $cores[1].Version | Should -Be '4.0.0.0'
            $cores[1].Context | Should -Be 'AuroraRestore'
            $cores[1].Path | Should -Be (Join-Path $ModuleFolder 'dependencies/AWSSDK.Core.dll')
        }
    }

    Context 'when AuroraRestore is imported first' {
        BeforeAll {
            $script:Run = Invoke-ChildSession -Environment $ChildEnvironment -Parameters @{ ModulePath = $ModulePath; OtherCore = $OtherCore; Package = $Package } -Script (@'
param([string] $ModulePath, [string] $OtherCore, [string] $Package)
$ErrorActionPreference = 'Stop'
'@ + "`n" + $Probe + "`n" + @'
Import-Module $ModulePath
$empty = Get-RestorePipeline -Environment coexist-second
Add-Type -Path $OtherCore
$other = Use-OtherSdk
$installed = Install-RestorePipeline -Version 1.0.0 -Environment coexist-second -LambdaPackagePath $Package
[pscustomobject]@{
    Empty     = $empty.Status
    Other     = $other
    Installed = $installed.Status
    Read      = (Get-RestorePipeline -Environment coexist-second).Version
    Cores     = @(Get-AwsSdkCores)
} | Write-ChildResult
'@)
        }

        It 'runs to the end' {
            $Run.Error | Should -BeNullOrEmpty
            $Run.ExitCode | Should -Be 0
        }

        It 'loads and uses the other AWSSDK.Core afterwards' {
            $Run.Result.Other.AssemblyVersion | Should -Be '3.3.0.0'
            $Run.Result.Other.AccessKey | Should -Be 'AKIDOTHERSDK'
            $Run.Result.Other.Region | Should -Be 'eu-west-1'
        }

        It 'keeps working after the other AWSSDK.Core arrived' {
            $Run.Result.Empty | Should -Be 'NotInstalled'
            $Run.Result.Installed | Should -Be 'Installed'
            $Run.Result.Read | Should -Be '1.0.0'
            $stack = (Invoke-AwsCli $Moto cloudformation describe-stacks --stack-name aurora-restore-pipeline-coexist-second).Stacks[0]
            ($stack.Tags | Where-Object Key -eq 'aurora-restore:version').Value | Should -Be '1.0.0'
        }

        It 'holds both AWSSDK.Core versions, each in its own load context' {
            $cores = $Run.Result.Cores | Sort-Object Version
            $cores.Count | Should -Be 2
            ($cores | ForEach-Object { "$($_.Version) $($_.Context)" }) | Should -Be @('3.3.0.0 Default', '4.0.0.0 AuroraRestore')
        }
    }

    Context 'when the assembly is imported without its load context (the failure the isolation prevents)' {
        It 'fails to reach its AWSSDK.Core once the other one is loaded' {
            $run = Invoke-ChildSession -Environment $ChildEnvironment -Parameters @{ Assembly = (Join-Path $ModuleFolder 'dependencies/AuroraRestore.dll'); OtherCore = $OtherCore } -Script @'
param([string] $Assembly, [string] $OtherCore)
Add-Type -Path $OtherCore
try {
    # The pre-isolation layout: AuroraRestore.dll as a binary module in the default load context.
    Import-Module $Assembly -ErrorAction Stop
    $null = Get-RestorePipeline -Environment coexist-control -ErrorAction Stop
    [pscustomobject]@{ Failed = $false; Message = '' } | Write-ChildResult
} catch {
    [pscustomobject]@{ Failed = $true; Message = $_.Exception.ToString() } | Write-ChildResult
}
'@
            $run.Result.Failed | Should -BeTrue
            $run.Result.Message | Should -Match "AWSSDK\.Core, Version=4\.0\.0\.0"
        }
    }
}
