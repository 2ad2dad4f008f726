# The shipped runbooks, run by Invoke-RestoreRunbook against moto. Pester cannot run inside a Pester run, so one child
# session runs every case (one PowerShell start) and reports back; effects are checked here through the AWS CLI and the
# NUnit reports are validated against the NUnit 2.5 schema Pester ships.
BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../support/ChildSession.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters -Server $Moto
    $package = New-FakeLambdaPackage -Path (Join-Path $TestDrive 'lambda.zip')
    $lambda = if (Test-Path (Join-Path (Split-Path $env:AURORARESTORE_MODULE_PATH) 'lambda')) { @{} } else { @{ LambdaPackagePath = $package } }
    $config = @{ format_version = 1; source_region = 'us-east-1'; source_cluster_id = 'orders-prod'; target_cluster_id = 'orders-staging' } | ConvertTo-Json -Compress
    Set-Content -Path (Join-Path $TestDrive 'config.json') -Value $config
    Install-RestorePipeline -Version 1.0.0 -Environment staging -ConfigPath (Join-Path $TestDrive 'config.json') @lambda @Aws -Confirm:$false | Out-Null
    $script:Results = Join-Path $TestDrive 'results'
    $script:Backups = Join-Path $TestDrive 'backups'

    # A module folder without Pester, so that 'none installed' holds on any machine.
    $emptyModules = Join-Path $TestDrive 'no-modules'
    $null = New-Item -ItemType Directory -Force $emptyModules
    $environment = Get-MotoChildEnvironment $Moto
    $environment.PSModulePath = $emptyModules
    $script:Run = Invoke-ChildSession -TimeoutSeconds 600 -Environment $environment -Parameters @{
        ModulePath = $env:AURORARESTORE_MODULE_PATH; PesterPath = (Get-Module Pester).ModuleBase; Results = $Results; Backups = $Backups
    } -Script @'
param([string] $ModulePath, [string] $PesterPath, [string] $Results, [string] $Backups)
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
$cases.NoPester = Invoke-Case { Invoke-RestoreRunbook Upgrade 2.0.0 -Environment staging -Force -Output None }
$cases.BadPesterPath = Invoke-Case { Invoke-RestoreRunbook Upgrade 2.0.0 -Environment staging -Force -Output None -PesterPath $Backups }
$cases.NotInstalled = Invoke-Case { Invoke-RestoreRunbook Upgrade 2.0.0 -Environment ghost -Force -Output None -PesterPath $PesterPath -OutputPath $Results }
$cases.Upgrade = Invoke-Case { Invoke-RestoreRunbook Upgrade 2.0.0 -Environment staging -Force -Output None -PesterPath $PesterPath -OutputPath $Results -BackupPath $Backups }
# Between the runbooks, the stacks as the AWS CLI sees them (the child's environment points it at moto).
$cases.StacksAfterUpgrade = @((aws cloudformation describe-stacks --output json | ConvertFrom-Json).Stacks | ForEach-Object { "$($_.StackName)@$(($_.Tags | Where-Object Key -eq 'aurora-restore:version').Value)" } | Sort-Object)
$cases.Rollback = Invoke-Case { Invoke-RestoreRunbook Rollback -Environment staging -Force -Output None -PesterPath $PesterPath -OutputPath $Results }
$cases | Write-ChildResult
'@
    $script:Cases = $Run.Result

    # The effects, seen through boto3 in one call: every stack with its version tag, and the state of the table backups
    # the upgrade runbook's manifest names.
    $manifestPath = Join-Path $Results 'staging-backup-manifest.json'
    $arns = if (Test-Path $manifestPath) { @((Get-Content -Raw $manifestPath | ConvertFrom-Json).tables.backup_arn) } else { @() }
    $script:Seen = Invoke-Boto3 -Server $Moto -Script @"
cfn = client('cloudformation')
ddb = client('dynamodb')
stacks = {s['StackName']: next((t['Value'] for t in s.get('Tags', []) if t['Key'] == 'aurora-restore:version'), None) for s in cfn.describe_stacks()['Stacks']}
backups = {arn: ddb.describe_backup(BackupArn=arn)['BackupDescription']['BackupDetails']['BackupStatus'] for arn in json.loads('$(ConvertTo-Json -Compress -InputObject @($arns))')}
emit({'stacks': stacks, 'backups': backups})
"@

    function Test-NUnitReport([string] $Path) {
        # Validates against Pester's own copy of the NUnit 2.5 schema; returns the schema errors.
        $settings = [System.Xml.XmlReaderSettings]::new()
        $settings.ValidationType = [System.Xml.ValidationType]::Schema
        $null = $settings.Schemas.Add($null, (Join-Path (Get-Module Pester).ModuleBase 'schemas/NUnit25/nunit_schema_2.5.xsd'))
        $errors = [System.Collections.Generic.List[string]]::new()
        $settings.add_ValidationEventHandler({ param($sender, $e) $errors.Add($e.Message) })
        $reader = [System.Xml.XmlReader]::Create($Path, $settings)
        try { while ($reader.Read()) { } } finally { $reader.Dispose() }
        , $errors.ToArray()
    }
}

AfterAll {
    if ($script:Moto) { $Moto | Stop-MotoServer }
}

Describe 'Invoke-RestoreRunbook' -Tag Integration {
    It 'ran every case in one session' {
        $Run.Error | Should -Not -Match 'Exception'
        @($Cases.PSObject.Properties.Name) | Should -Be @('NoPester', 'BadPesterPath', 'NotInstalled', 'Upgrade', 'StacksAfterUpgrade', 'Rollback')
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

    Context 'when the preflight fails (no pipeline in the environment)' {
        It 'ends with RunbookFailed after writing the result' {
            $Cases.NotInstalled.ErrorId | Should -Be 'RunbookFailed,AuroraRestore.Cmdlets.InvokeRestoreRunbookCommand'
            $Cases.NotInstalled.Message | Should -Match "phase Preflight"
            $result = $Cases.NotInstalled.Output[0]
            $result.Result | Should -Be 'Failed'
            $result.Failed | Should -Be 1
        }

        It 'skips every later phase: no backup, no upgrade' {
            $phases = $Cases.NotInstalled.Output[0].Phases
            $phases.Name | Should -Be @('Preflight', 'Backup', 'Upgrade', 'Verify')
            $phases.Result | Should -Be @('Failed', 'Skipped', 'Skipped', 'Skipped')
            @($Seen.stacks.PSObject.Properties.Name | Where-Object { $_ -like '*ghost*' }) | Should -BeNullOrEmpty
        }

        It 'writes a valid NUnit report' {
            Test-NUnitReport (Join-Path $Results 'Upgrade.Runbook.ghost.xml') | Should -BeNullOrEmpty
        }
    }

    Context 'when upgrading staging from 1.0.0 to 2.0.0' {
        BeforeAll {
            $script:Upgrade = $Cases.Upgrade.Output[0]
            $script:Report = Join-Path $Results 'Upgrade.Runbook.staging.xml'
        }

        It 'passes every phase and writes no error' {
            $Cases.Upgrade.ErrorId | Should -BeNullOrEmpty
            $Upgrade.Result | Should -Be 'Passed'
            $Upgrade.Phases.Name | Should -Be @('Preflight', 'Backup', 'Upgrade', 'Verify')
            $Upgrade.Phases.Result | Should -Be @('Passed', 'Passed', 'Passed', 'Passed')
            # SampleRestore was not asked for: its step is skipped, the others pass.
            $Upgrade.Skipped | Should -Be 1
            $Upgrade.Failed | Should -Be 0
        }

        It 'leaves both stacks at 2.0.0, seen through the AWS CLI' {
            $Cases.StacksAfterUpgrade | Should -Contain 'aurora-restore-pipeline-staging@2.0.0'
            $Cases.StacksAfterUpgrade | Should -Contain 'aurora-restore-pipeline-staging-iam@2.0.0'
        }

        It 'writes a valid NUnit report that CI can publish' {
            Test-NUnitReport $Report | Should -BeNullOrEmpty
            $xml = [xml](Get-Content -Raw $Report)
            [int]$xml.'test-results'.total | Should -Be ($Upgrade.Passed + $Upgrade.Failed + $Upgrade.Skipped)
            [int]$xml.'test-results'.failures | Should -Be 0
        }

        It 'keeps the backup set''s manifest as an artifact, naming table backups that exist' {
            $manifest = Get-Content -Raw (Join-Path $Results 'staging-backup-manifest.json') | ConvertFrom-Json
            $set = Get-Content -Raw (Join-Path $Results 'staging-backup-set.json') | ConvertFrom-Json
            $manifest.name | Should -Be $set.Name
            $manifest.pipeline_version | Should -Be '1.0.0'
            (Get-FileHash (Join-Path $Results 'staging-backup-manifest.json')).Hash | Should -Be (Get-FileHash (Join-Path $set.Location 'manifest.json')).Hash
            @($manifest.tables).Count | Should -Be 2
            foreach ($table in $manifest.tables) { $Seen.backups.($table.backup_arn) | Should -Be 'AVAILABLE' }
        }
    }

    Context 'when rolling staging back from 2.0.0' {
        BeforeAll {
            $script:Rollback = $Cases.Rollback.Output[0]
            $script:Report = Join-Path $Results 'Rollback.Runbook.staging.xml'
        }

        It 'passes both phases and writes no error' {
            $Cases.Rollback.ErrorId | Should -BeNullOrEmpty -Because $Cases.Rollback.Message
            $Rollback.Result | Should -Be 'Passed'
            $Rollback.Phases.Name | Should -Be @('Rollback', 'Verify')
            $Rollback.Phases.Result | Should -Be @('Passed', 'Passed')
            $Rollback.Failed | Should -Be 0
        }

        It 'leaves both stacks at 1.0.0 again, seen through boto3' {
            $Seen.stacks.'aurora-restore-pipeline-staging' | Should -Be '1.0.0'
            $Seen.stacks.'aurora-restore-pipeline-staging-iam' | Should -Be '1.0.0'
        }

        It 'writes a valid NUnit report and the rollback''s result beside it' {
            Test-NUnitReport $Report | Should -BeNullOrEmpty
            [int]([xml](Get-Content -Raw $Report)).'test-results'.failures | Should -Be 0
            $result = Get-Content -Raw (Join-Path $Results 'staging-rollback.json') | ConvertFrom-Json
            $result.FromVersion | Should -Be '2.0.0'
            $result.ToVersion | Should -Be '1.0.0'
            $result.Status | Should -Be 'Completed'
        }
    }
}
