# Invoke-RestoreRunbook when it cannot, or must not, get far: no Pester, a bad -PesterPath, a preflight that fails. Pester
# cannot run inside a Pester run, so one child session runs every case (one PowerShell start) and reports back. The
# runbooks passing end to end (Upgrade, and Rollback after a failed verification) are run by Examples.Tests.ps1 through
# the CI examples' scripts, which call Invoke-RestoreRunbook; both files validate the NUnit reports against the NUnit 2.5
# schema Pester ships.
BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../support/ChildSession.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Results = Join-Path $TestDrive 'results'

    # A module folder without Pester, so that 'none installed' holds on any machine.
    $emptyModules = Join-Path $TestDrive 'no-modules'
    $null = New-Item -ItemType Directory -Force $emptyModules
    $childEnvironment = Get-MotoChildEnvironment $Moto
    $childEnvironment.PSModulePath = $emptyModules
    $script:Run = Invoke-ChildSession -TimeoutSeconds 600 -Environment $childEnvironment -Parameters @{
        ModulePath = $env:AURORARESTORE_MODULE_PATH; PesterPath = (Get-Module Pester).ModuleBase; ReportFolder = $Results; NotPester = $emptyModules
    } -Script @'
param([string] $ModulePath, [string] $PesterPath, [string] $ReportFolder, [string] $NotPester)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
function Invoke-Case([scriptblock] $Command) {
    # What a CI step sees: the objects written, and the error id the cmdlet ended with.
    $output = [System.Collections.Generic.List[object]]::new()
    $errorId = $null
    $message = $null
    try { & $Command | ForEach-Object { $output.Add($_) } } catch { $errorId = $_.FullyQualifiedErrorId; $message = $_.Exception.Message }
    [pscustomobject]@{ ErrorId = $errorId; Message = $message; Output = @($output | ForEach-Object {
        [pscustomobject]@{ Result = $_.Result; Passed = $_.PassedCount; Failed = $_.FailedCount; Skipped = $_.SkippedCount; TestResultPath = $_.TestResultPath
            Phases = @($_.Phases | ForEach-Object { [pscustomobject]@{ Name = $_.Name; Result = $_.Result; Tests = @($_.Tests | ForEach-Object { "$($_.Result): $($_.Name)" }) } }) }
    }) }
}
$cases = [ordered]@{}
$cases.NoPester = Invoke-Case { Invoke-RestoreRunbook Upgrade 2.0.0 -Environment ghost -Force -Output None }
$cases.BadPesterPath = Invoke-Case { Invoke-RestoreRunbook Upgrade 2.0.0 -Environment ghost -Force -Output None -PesterPath $NotPester }
$cases.WhatIf = Invoke-Case { Invoke-RestoreRunbook Upgrade 2.0.0 -Environment ghost -Output None -PesterPath $PesterPath -OutputPath $ReportFolder -WhatIf }
$cases.WhatIfWroteNothing = -not (Test-Path $ReportFolder)
$cases.NotInstalled = Invoke-Case { Invoke-RestoreRunbook Upgrade 2.0.0 -Environment ghost -Force -Output None -PesterPath $PesterPath -OutputPath $ReportFolder }
$cases | Write-ChildResult
'@
    $script:Cases = $Run.Result

    Import-Module (Join-Path $PSScriptRoot '../support/NUnitReport.psm1') -Force
}

AfterAll {
    if ($script:Moto) { $Moto | Stop-MotoServer }
}

Describe 'Invoke-RestoreRunbook' -Tag Integration {
    It 'ran every case in one session' {
        $Run.Error | Should -Not -Match 'Exception'
        @($Cases.PSObject.Properties.Name) | Should -Be @('NoPester', 'BadPesterPath', 'WhatIf', 'WhatIfWroteNothing', 'NotInstalled')
    }

    Context 'when Pester 5 is missing' {
        It 'refuses with PesterNotFound, saying how to install it' {
            $Cases.NoPester.ErrorId | Should -Be 'PesterNotFound,AuroraRestore.Cmdlets.InvokeRestoreRunbookCommand'
            $Cases.NoPester.Message | Should -Match 'Pester versions found: none'
        }

        It 'refuses a -PesterPath that holds no Pester with PesterPathInvalid' {
            $Cases.BadPesterPath.ErrorId | Should -Be 'PesterPathInvalid,AuroraRestore.Cmdlets.InvokeRestoreRunbookCommand'
        }
    }

    Context 'with -WhatIf' {
        It 'runs nothing and writes no report' {
            $Cases.WhatIf.ErrorId | Should -BeNullOrEmpty
            $Cases.WhatIf.Output | Should -BeNullOrEmpty
            $Cases.WhatIfWroteNothing | Should -BeTrue
        }
    }

    Context 'when the preflight fails (no pipeline in the environment)' {
        It 'ends with RunbookFailed after writing the result' {
            $Cases.NotInstalled.ErrorId | Should -Be 'RunbookFailed,AuroraRestore.Cmdlets.InvokeRestoreRunbookCommand'
            $Cases.NotInstalled.Message | Should -Match 'phase Preflight'
            $result = $Cases.NotInstalled.Output[0]
            $result.Result | Should -Be 'Failed'
            $result.Failed | Should -Be 1
        }

        It 'skips every later phase: no backup, no upgrade, nothing created' {
            $phases = $Cases.NotInstalled.Output[0].Phases
            $phases.Name | Should -Be @('Preflight', 'Backup', 'Upgrade', 'Verify')
            $phases.Result | Should -Be @('Failed', 'Skipped', 'Skipped', 'Skipped')
            Invoke-Boto3 -Server $Moto -Script "emit([s['StackName'] for s in client('cloudformation').describe_stacks()['Stacks']] + client('dynamodb').list_tables()['TableNames'])" | Should -BeNullOrEmpty
        }

        It 'writes a valid NUnit report' {
            Test-NUnitReport (Join-Path $Results 'Upgrade.Runbook.ghost.xml') | Should -BeNullOrEmpty
        }
    }
}
