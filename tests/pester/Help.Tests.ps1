# Help is checked through what users see: Get-Help, Get-Help -Examples, and the first example of every cmdlet run
# against moto. New cmdlets are picked up by Get-Command; they only need help/<Cmdlet>.md.

BeforeDiscovery {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    $script:CmdletNames = @((Get-Command -Module AuroraRestore -CommandType Cmdlet).Name | Sort-Object)

    # What the first example of a cmdlet must have done, seen through the AWS CLI (stack names and version tags after the
    # example ran, starting from pipeline 1.0.0 installed in 'staging'). Cmdlets without an entry are checked for errors
    # and output types only.
    $script:ExampleEffects = @{
        'Get-RestorePipeline'     = { param($Run) ($Run.Stacks | Where-Object Name -eq 'aurora-restore-pipeline-staging').Version | Should -Be '1.0.0' }
        'Install-RestorePipeline' = { param($Run) ($Run.Stacks | Where-Object Name -eq 'aurora-restore-pipeline-test').Version | Should -Be '3.0.0' }
        'Remove-RestorePipeline'  = { param($Run) $Run.Stacks.Name | Should -Not -Contain 'aurora-restore-pipeline-staging' }
        'Copy-RestorePipeline'    = { param($Run) ($Run.Stacks | Where-Object Name -eq 'aurora-restore-pipeline-qa').Version | Should -Be '1.0.0' }
        'Get-RestoreUpgradePlan'  = { param($Run) ($Run.Stacks | Where-Object Name -like 'aurora-restore-pipeline-staging*').Version | Should -Be @('1.0.0', '1.0.0') }
        'Invoke-RestoreUpgrade'   = { param($Run) ($Run.Stacks | Where-Object Name -like 'aurora-restore-pipeline-staging*').Version | Should -Be @('2.0.0', '2.0.0') }
        'Invoke-RestoreRunbook'   = { param($Run) ($Run.Stacks | Where-Object Name -like 'aurora-restore-pipeline-staging*').Version | Should -Be @('1.0.0', '1.0.0') }
        'Undo-RestoreUpgrade'     = { param($Run) ($Run.Stacks | Where-Object Name -like 'aurora-restore-pipeline-staging*').Version | Should -Be @('1.0.0', '1.0.0') }
    }
    # Cmdlets whose first example cannot run against moto, with the reason (moto-notes.md), e.g.
    # 'Start-AuroraRestore' = 'moto cannot run the Lambda functions (no Docker)'. Their examples are still checked above.
    $script:ExampleSkips = @{}
    $script:ExampleCases = @($CmdletNames | ForEach-Object { @{ Name = $_; Effect = $ExampleEffects[$_]; Skip = $ExampleSkips[$_] } })
    $script:SkippedExamples = @($ExampleSkips.Keys) -join ','
}

BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    $script:CommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

    function Get-HelpText {
        # The text of a MAML description (an array of paragraphs with a Text property), joined.
        param($Description)
        (@($Description) | Where-Object { $_ } | ForEach-Object { $_.Text }) -join "`n"
    }
}

Describe 'Help of <_>' -Tag Unit -ForEach $CmdletNames {
    BeforeAll {
        $script:Name = $_
        $script:Command = Get-Command $Name
        $script:Help = Get-Help $Name -Full
        $script:Real = @($Command.Parameters.Keys | Where-Object { $_ -notin $CommonParameters } | Sort-Object)
        $script:Documented = @($Help.parameters.parameter | Where-Object { $_ -and $_.name -notin $CommonParameters })
    }

    It 'comes from the MAML file, not from PowerShell''s generated stub' {
        $Help.ModuleName | Should -Be 'AuroraRestore'
        (Get-HelpText $Help.description) | Should -Not -BeNullOrEmpty
    }

    It 'has a synopsis' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        # A generated stub's synopsis is the syntax line.
        $Help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($Name))\s+\["
    }

    It 'has a description' {
        (Get-HelpText $Help.description).Length | Should -BeGreaterThan 40
    }

    It 'describes every parameter' {
        foreach ($parameter in $Documented) {
            (Get-HelpText $parameter.description) | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs help"
        }
    }

    It 'documents exactly the parameters the cmdlet has' {
        @($Documented.name | Sort-Object) | Should -Be $Real
    }

    It 'has at least one example with code and an explanation' {
        $examples = @($Help.examples.example)
        $examples.Count | Should -BeGreaterThan 0
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            (Get-HelpText $example.remarks) | Should -Not -BeNullOrEmpty
        }
        @($examples)[0].code | Should -Match ([regex]::Escape($Name))
    }

    It 'shows its examples with Get-Help -Examples' {
        $text = Get-Help $Name -Examples | Out-String -Width 250
        $text | Should -Match ([regex]::Escape(@($Help.examples.example)[0].code.Split("`n")[0].Trim()))
    }

    It 'declares its output type' {
        $Command.OutputType | Should -Not -BeNullOrEmpty
    }

    It 'names the declared output types in its help' {
        $declared = @($Command.OutputType | Where-Object { $_.Type -ne [void] } | ForEach-Object { $_.Type.FullName })
        if (-not $declared) { $declared = @('None') }
        @($Help.returnValues.returnValue.type.name) | Should -Be $declared
    }

    It 'shows the real syntax' {
        # Wide enough for the longest syntax line (Start-AuroraRestore's is over 500 characters): a wrapped line splits names.
        $syntax = (Get-Help $Name).syntax | Out-String -Width 4096
        foreach ($parameter in $Real) { $syntax | Should -Match "-$parameter\b" }
    }
}

Describe 'about topics' -Tag Unit {
    It 'about_AuroraRestore explains the concepts' {
        $text = Get-Help about_AuroraRestore | Out-String
        foreach ($heading in 'ENVIRONMENTS AND NAMES', 'VERSIONS AND THE COMPATIBILITY MATRIX', 'BACKUP SETS', 'UPGRADE JOURNAL', 'LOCK', 'INTAKE FREEZE WINDOW', 'ROLLBACK') {
            $text | Should -Match "(?m)^$heading"
        }
        $text | Should -Match 'aurora-restore-pipeline-staging'
    }

    It 'about_AuroraRestore_Runbooks gives the procedures' {
        $text = Get-Help about_AuroraRestore_Runbooks | Out-String
        $text | Should -Match '(?m)^RUNBOOK 1: INSTALL'
        $text | Should -Match '(?m)^RUNBOOK 3: UPGRADE'
        $text | Should -Match '(?m)^RUNBOOK 4: ROLL BACK'
    }

    It 'lists both topics' {
        @((Get-Help about_AuroraRestore*).Name | Sort-Object) | Should -Be @('about_AuroraRestore', 'about_AuroraRestore_Runbooks')
    }
}

Describe 'First example of every cmdlet, run against moto' -Tag Integration -ForEach @(@{ SkippedExamples = $SkippedExamples }) {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
        Import-Module (Join-Path $PSScriptRoot '../support/ChildSession.psm1') -Force
        $script:Moto = Start-MotoServer
        $package = New-FakeLambdaPackage -Path (Join-Path $TestDrive 'lambda.zip')
        # One non-interactive session runs every example, so an example that would prompt fails instead of hanging.
        # Before each example: moto reset, pipeline 1.0.0 installed in 'staging', then what that example needs besides
        # (its entry in $setups below). After it: the stacks, seen by the CLI. An install and set-up per example add up to
        # several minutes on a busy machine, hence the timeout.
        $script:Run = Invoke-ChildSession -TimeoutSeconds 900 -Environment (Get-MotoChildEnvironment $Moto) -Parameters @{ ModulePath = $env:AURORARESTORE_MODULE_PATH; MotoModulePath = (Join-Path $PSScriptRoot '../support/Moto.psm1'); Endpoint = $Moto.Endpoint; Package = $package; Skip = $SkippedExamples; PesterPath = (Get-Module Pester).ModuleBase; RunbookResults = (Join-Path $TestDrive 'runbook-results') } -Script @'
param([string] $ModulePath, [string] $MotoModulePath, [string] $Endpoint, [string] $Package, [string] $Skip, [string] $PesterPath, [string] $RunbookResults)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$secret = ConvertTo-SecureString 'testing' -AsPlainText -Force
$aws = @{ EndpointUrl = $Endpoint; Region = 'us-east-1'; Credential = [pscredential]::new('testing', $secret) }
$commands = @(Get-Command -Module AuroraRestore -CommandType Cmdlet | Where-Object Name -notin ($Skip -split ','))
foreach ($command in $commands) {
    foreach ($key in $aws.Keys) { $PSDefaultParameterValues["$($command.Name):$key"] = $aws[$key] }
}
# This build ships no Lambda packages when the Lambda host is absent: examples then use the stand-in.
if (-not (Test-Path (Join-Path (Split-Path $ModulePath) 'lambda'))) {
    $PSDefaultParameterValues['Install-RestorePipeline:LambdaPackagePath'] = $Package
    $PSDefaultParameterValues['Copy-RestorePipeline:LambdaPackagePath'] = $Package
}
# The runbooks run on the Pester running these tests (not installed in the child), and write their reports to TestDrive.
$PSDefaultParameterValues['Invoke-RestoreRunbook:PesterPath'] = $PesterPath
$PSDefaultParameterValues['Invoke-RestoreRunbook:OutputPath'] = $RunbookResults
$PSDefaultParameterValues['Invoke-RestoreRunbook:Output'] = 'None'

# What a first example needs besides the staging pipeline, made after the install: the source cluster and snapshot an
# account would have (through the AWS CLI), an operation to read, follow or stop, a backup set, a configuration.
Import-Module $MotoModulePath
function Invoke-Aws { $null = Invoke-AwsCli -Server @{ Endpoint = $Endpoint } -Arguments ([string[]] $args) }
$source = {
    Invoke-Aws rds create-db-cluster --db-cluster-identifier orders-prod --engine aurora-postgresql --master-username orders_admin --master-user-password example-password-1
    Invoke-Aws rds create-db-cluster-snapshot --db-cluster-identifier orders-prod --db-cluster-snapshot-identifier orders-prod-2026-11-24
}
$restore = @{ SourceClusterIdentifier = 'orders-prod'; SnapshotIdentifier = 'orders-prod-2026-11-24'; TargetClusterIdentifier = 'orders-qa'; Environment = 'staging'; OperationId = 'op-0123456789ab' }
$backup = { $null = Backup-RestoreState -Name before-upgrade -Environment staging @aws }
$setups = @{
    'Start-AuroraRestore'     = $source
    'Get-AuroraRestore'       = { & $source; $null = Start-AuroraRestore @restore @aws }
    'Stop-AuroraRestore'      = { & $source; $null = Start-AuroraRestore @restore @aws }
    'Wait-AuroraRestore'      = { & $source; $null = Start-AuroraRestore @restore -Local @aws }
    'Get-RestoreStateBackup'  = $backup
    'Test-RestoreStateBackup' = $backup
    'Restore-RestoreState'    = $backup
    'Undo-RestoreUpgrade'     = { $null = Invoke-RestoreUpgrade -TargetVersion 2.0.0 -Environment staging -Force @aws }
    'Copy-RestorePipeline'    = {
        $config = @{ format_version = 1; source_region = 'us-east-1'; source_cluster_id = 'orders-prod'; target_cluster_id = 'orders-staging' } | ConvertTo-Json -Compress
        Invoke-Aws ssm put-parameter --name /aurora-restore/staging/config --type String --value $config
    }
}

$results = foreach ($command in $commands) {
    $null = Invoke-WebRequest -Method Post -Uri "$Endpoint/moto-api/reset" -UseBasicParsing
    $null = Install-RestorePipeline -Version 1.0.0 -Environment staging -LambdaPackagePath $Package @aws
    $code = @((Get-Help $command.Name -Examples).examples.example)[0].code
    $output = @()
    $failure = $null
    try {
        if ($setups.ContainsKey($command.Name)) { & $setups[$command.Name] }
    } catch {
        $failure = "set-up failed: $($_.FullyQualifiedErrorId): $($_.Exception.Message)"
    }
    if (-not $failure) {
        try {
            $output = @(& ([scriptblock]::Create($code)))
        } catch {
            $failure = "$($_.FullyQualifiedErrorId): $($_.Exception.Message)"
        }
    }
    $stacks = (Invoke-AwsCli -Server @{ Endpoint = $Endpoint } -Arguments cloudformation, describe-stacks).Stacks
    [pscustomobject]@{
        Name        = $command.Name
        Code        = $code
        Error       = $failure
        OutputTypes = @($output | ForEach-Object { $_.GetType().FullName })
        Stacks      = @($stacks | ForEach-Object { [pscustomobject]@{ Name = $_.StackName; Version = ($_.Tags | Where-Object Key -eq 'aurora-restore:version').Value } })
    }
}
, @($results) | Write-ChildResult
'@
        $script:Results = @{}
        foreach ($result in @($Run.Result)) { $Results[$result.Name] = $result }
    }

    AfterAll {
        if ($script:Moto) { Stop-MotoServer $Moto }
    }

    It 'ran every example' {
        $Run.Error | Should -BeNullOrEmpty
        $Run.ExitCode | Should -Be 0
        @($Results.Keys | Sort-Object) | Should -Be @((Get-Command -Module AuroraRestore -CommandType Cmdlet).Name | Where-Object { $_ -notin ($SkippedExamples -split ',') } | Sort-Object)
    }

    Context '<Name>' -ForEach $ExampleCases {
        BeforeAll {
            $script:Example = $Results[$Name]
        }

        It 'runs without error or prompt' -Skip:([bool]$Skip) {
            $Example.Error | Should -BeNullOrEmpty -Because "the first example is: $($Example.Code)"
        }

        It 'writes objects of its declared output type' -Skip:([bool]$Skip) {
            $declared = @((Get-Command $Name).OutputType | Where-Object { $_.Type -ne [void] } | ForEach-Object { $_.Type.FullName })
            if (-not $declared -or $Example.Code -match '-WhatIf') {
                @($Example.OutputTypes) | Should -BeNullOrEmpty
            } else {
                @($Example.OutputTypes).Count | Should -BeGreaterThan 0
                foreach ($type in $Example.OutputTypes) { $type | Should -BeIn $declared }
            }
        }

        if ($Effect) {
            It 'has the effect it describes, seen through the AWS CLI' -Skip:([bool]$Skip) {
                & $Effect $Example
            }
        }
    }
}

Describe 'build/New-ModuleHelp.ps1' -Tag Unit {
    BeforeAll {
        $script:Generator = Join-Path $PSScriptRoot '../../build/New-ModuleHelp.ps1'
        $script:Sources = Join-Path $PSScriptRoot '../../help'

        function Invoke-Generator {
            # Builds help from a copy of help/ changed by $Change, into $TestDrive.
            param([scriptblock] $Change = {})
            $copy = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
            Copy-Item -Recurse $Sources $copy
            & $Change $copy
            $output = Join-Path $copy 'out/AuroraRestore.dll-Help.xml'
            & $Generator -ModulePath $env:AURORARESTORE_MODULE_PATH -HelpPath $copy -OutputPath $output 6>$null
            $output
        }

        function Edit-Section {
            # Replaces the text between a heading and the next heading of the same or a higher level.
            param([string] $Path, [string] $Heading, [string] $Replacement)
            $text = Get-Content -Raw $Path
            $level = ($Heading -split ' ')[0]
            $pattern = "(?ms)^$([regex]::Escape($Heading))\r?\n.*?(?=^#{1,$($level.Length)} |\z)"
            if ($text -notmatch $pattern) { throw "no heading '$Heading' in $Path" }
            Set-Content -Path $Path -Value ([regex]::Replace($text, $pattern, $Replacement)) -NoNewline
        }
    }

    It 'writes one MAML command per exported cmdlet' {
        $output = Invoke-Generator
        $xml = [xml](Get-Content -Raw $output)
        $names = @($xml.helpItems.command | ForEach-Object { $_.details.name } | Sort-Object)
        $names | Should -Be @((Get-Command -Module AuroraRestore -CommandType Cmdlet).Name | Sort-Object)
    }

    It 'fails for a cmdlet without a help file' {
        { Invoke-Generator { param($d) Remove-Item (Join-Path $d 'Remove-RestorePipeline.md') } } |
            Should -Throw -ExpectedMessage '*Remove-RestorePipeline has no help*'
    }

    It 'fails for a help file that documents no exported cmdlet' {
        { Invoke-Generator { param($d) Copy-Item (Join-Path $d 'Get-RestorePipeline.md') (Join-Path $d 'Get-Nothing.md') } } |
            Should -Throw -ExpectedMessage '*Get-Nothing.md documents no exported cmdlet*'
    }

    It 'fails for a parameter without help' {
        { Invoke-Generator { param($d) Edit-Section (Join-Path $d 'Install-RestorePipeline.md') '### -ConfigPath' '' } } |
            Should -Throw -ExpectedMessage '*Install-RestorePipeline: parameter -ConfigPath has no help*'
    }

    It 'fails for help about a parameter the cmdlet does not have' {
        { Invoke-Generator { param($d) Edit-Section (Join-Path $d 'Get-RestorePipeline.md') '## PARAMETERS' "## PARAMETERS`n`n### -Bogus`nNot a parameter.`n`n" } } |
            Should -Throw -ExpectedMessage '*Get-RestorePipeline*-Bogus, which the cmdlet does not have*'
    }

    It 'fails for a cmdlet without an example' {
        { Invoke-Generator { param($d) Edit-Section (Join-Path $d 'Remove-RestorePipeline.md') '## EXAMPLES' "## EXAMPLES`n`n" } } |
            Should -Throw -ExpectedMessage '*Remove-RestorePipeline: EXAMPLES has no example*'
    }

    It 'fails for an empty synopsis' {
        { Invoke-Generator { param($d) Edit-Section (Join-Path $d 'Get-RestorePipeline.md') '## SYNOPSIS' "## SYNOPSIS`n`n" } } |
            Should -Throw -ExpectedMessage '*Get-RestorePipeline: SYNOPSIS is empty*'
    }

    It 'fails when OUTPUTS does not describe the [OutputType]' {
        { Invoke-Generator { param($d) Edit-Section (Join-Path $d 'Get-RestorePipeline.md') '## OUTPUTS' "## OUTPUTS`n`n### System.String`nText.`n`n" } } |
            Should -Throw -ExpectedMessage '*OUTPUTS does not describe AuroraRestore.Pipelines.PipelineInfo*'
    }

    It 'fails for a shared parameter that no cmdlet has' {
        { Invoke-Generator { param($d) Add-Content (Join-Path $d 'SharedParameters.md') "`n### -Bogus`nNot a parameter.`n" } } |
            Should -Throw -ExpectedMessage '*SharedParameters.md: -Bogus is a parameter of no exported cmdlet*'
    }
}
