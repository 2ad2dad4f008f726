# Invoke-RestoreUpgradeRehearsal's refusals and shape. The rehearsal itself (clone, upgrade, verify, roll back, verify,
# tear down) runs in xunit (Rehearsals/RehearsalEngineTests) and in ./build.ps1 Demo; its help example previews it on moto.
BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters -Server $Moto
}

AfterAll {
    if ($script:Moto) { $Moto | Stop-MotoServer }
}

Describe 'Invoke-RestoreUpgradeRehearsal' -Tag Integration {
    Context 'when the input is bad' {
        It 'refuses <Case> with <ErrorId> before anything is created' -ForEach @(
            @{ Case = 'an invalid environment name'; ErrorId = 'InvalidEnvironmentName'; Extra = @{ SourceEnvironment = 'Bad_Name'; TargetVersion = '3.0.0' } }
            @{ Case = 'an invalid scratch environment name'; ErrorId = 'InvalidEnvironmentName'; Extra = @{ ScratchEnvironment = 'Bad_Name'; TargetVersion = '3.0.0' } }
            @{ Case = 'an unknown version'; ErrorId = 'UnknownPipelineVersion'; Extra = @{ TargetVersion = '9.0.0' } }
            @{ Case = 'the source as the scratch environment'; ErrorId = 'RehearsalScratchIsSource'; Extra = @{ ScratchEnvironment = 'production'; TargetVersion = '3.0.0' } }
            @{ Case = 'a source without a pipeline'; ErrorId = 'PipelineNotInstalled'; Extra = @{ SourceEnvironment = 'nothing'; TargetVersion = '3.0.0' } }
            @{ Case = 'a snapshot without the test restore'; ErrorId = 'SnapshotWithoutTestRestore'; Extra = @{ TargetVersion = '3.0.0'; SkipTestRestore = $true; SnapshotIdentifier = 'snap-1' } }
        ) {
            { Invoke-RestoreUpgradeRehearsal @Extra @Aws -ReportPath (Join-Path $TestDrive 'r.md') -Force -ErrorAction Stop } |
                Should -Throw -ErrorId "$ErrorId,AuroraRestore.Cmdlets.InvokeRestoreUpgradeRehearsalCommand"
            Join-Path $TestDrive 'r.md' | Should -Not -Exist
        }

        It 'created no stack in all of those' {
            (Invoke-Boto3 -Server $Moto -Script "emit([s['StackName'] for s in client('cloudformation').describe_stacks()['Stacks']])") | Should -BeNullOrEmpty
        }
    }

    Context 'the cmdlet''s shape' -Tag Unit {
        It 'declares its report and asks before changing the scratch environment (ConfirmImpact Medium)' {
            (Get-Command Invoke-RestoreUpgradeRehearsal).OutputType.Name | Should -Be 'AuroraRestore.Rehearsals.RehearsalReport'
            $attribute = [AuroraRestore.Cmdlets.InvokeRestoreUpgradeRehearsalCommand].GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
            $attribute.ConfirmImpact | Should -Be 'Medium'
            $attribute.SupportsShouldProcess | Should -BeTrue
        }

        It 'takes the source by property name, as Environment too' {
            $parameter = (Get-Command Invoke-RestoreUpgradeRehearsal).Parameters.SourceEnvironment
            $parameter.Aliases | Should -Contain 'Environment'
            $parameter.Attributes.ValueFromPipelineByPropertyName | Should -Contain $true
        }
    }
}
