# Objects written by one cmdlet bind to the next by property name, although the module's types live in their own
# load context (docs/distribution.md): PipelineInfo's Environment and Region reach Remove-RestorePipeline.

BeforeAll {
    Import-Module $env:AURORARESTORE_MODULE_PATH -Force
    Import-Module (Join-Path $PSScriptRoot '../support/Moto.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../support/ChildSession.psm1') -Force
    $script:Moto = Start-MotoServer
    $script:Aws = Get-MotoAwsParameters $Moto -Region eu-west-1
    $package = New-FakeLambdaPackage -Path (Join-Path $TestDrive 'lambda.zip')
    $null = Install-RestorePipeline -Version 1.0.0 -Environment binding -LambdaPackagePath $package @Aws
}

AfterAll {
    if ($script:Moto) { Stop-MotoServer $Moto }
}

Describe 'Pipeline input between AuroraRestore cmdlets' -Tag Integration {
    It 'removes the pipeline that Get-RestorePipeline found, in its environment and region' {
        $pipeline = Get-RestorePipeline -Environment binding @Aws
        $pipeline.Region | Should -Be 'eu-west-1'

        # Only the endpoint and the keys are given again: Environment and Region come from the object.
        $pipeline | Remove-RestorePipeline -EndpointUrl $Aws.EndpointUrl -Credential $Aws.Credential -Force -Confirm:$false

        $stacks = (Invoke-AwsCli $Moto cloudformation describe-stacks --region eu-west-1).Stacks
        $stacks.StackName | Should -Not -Contain 'aurora-restore-pipeline-binding'
        $stacks.StackName | Should -Not -Contain 'aurora-restore-pipeline-binding-iam'
    }
}
